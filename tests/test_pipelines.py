"""Both English paths: the blank fallback, and a trained pipeline named in the configuration."""
import spacy
from spacy.training import Example

from toneaudit import audit
from toneaudit.config import from_mapping
from toneaudit.pipelines import DEFAULT_MODELS, is_trained, load


def test_french_uses_the_trained_model():
    nlp = load("fr")
    assert nlp.meta["name"] == "core_news_sm" and is_trained(nlp)
    assert "ner" not in nlp.pipe_names


def test_english_falls_back_to_a_blank_pipeline_when_en_core_web_sm_is_missing():
    if spacy.util.is_package(DEFAULT_MODELS["en"]):
        return  # the trained path is covered below; nothing to fall back from here
    nlp = load("en")
    assert not is_trained(nlp) and "sentencizer" in nlp.pipe_names
    assert {"aggressive", "commercial"} <= set(audit("BUY NOW!!! Only 3 left, 50% off, ends tonight 🔥🔥", lang="en").flagged)
    corporate = "Acme Corp is pleased to announce a strategic partnership to leverage synergies across our ecosystem."
    assert "institutional" in audit(corporate, lang="en").flagged


def _tiny_trained_english(path):
    """A real trained English pipeline (tagger + morphologizer), small enough to train in a test."""
    nlp = spacy.blank("en")
    nlp.add_pipe("tagger")
    nlp.add_pipe("morphologizer")
    words = ["Buy", "now", "and", "save"]
    train = [Example.from_dict(nlp.make_doc("Buy now and save"), {
        "words": words, "tags": ["VB", "RB", "CC", "VB"],
        "morphs": ["Mood=Imp|VerbForm=Fin", "", "", "VerbForm=Inf"],
    })]
    optimizer = nlp.initialize(lambda: train)
    for _ in range(30):
        nlp.update(train, sgd=optimizer)
    nlp.to_disk(path)
    return path


def test_a_trained_english_pipeline_is_used_when_configured(tmp_path):
    path = _tiny_trained_english(tmp_path / "en_pipeline")
    config = from_mapping({"pipelines": {"en": str(path)}})
    nlp = load("en", str(path))
    assert is_trained(nlp) and "sentencizer" in nlp.pipe_names
    report = audit("Buy now and save. Our company is pleased to announce it.", lang="en", config=config)
    assert "aggressive.call-to-action" in {f.rule for f in report.findings}
