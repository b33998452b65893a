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


def test_the_french_attribute_ruler_changes_nothing_the_rules_read():
    """Left out for speed: on the whole French corpus, the POS, morphology and sentence starts of every
    token that is not whitespace are those of the full pipeline (TAG, a copy of POS, differs). The ruler
    also turns a word tagged SPACE into X ("LED" once in the corpus): neither is a noun or a verb."""
    from spacy.attrs import IS_SPACE, MORPH, POS, SENT_START
    from spacy.symbols import SPACE, X

    from toneaudit.training.corpus import load_corpus

    ours = load("fr")
    assert "attribute_ruler" not in ours.pipe_names and "senter" in ours.pipe_names
    full = spacy.load(DEFAULT_MODELS["fr"], exclude=["ner", "parser", "lemmatizer"])
    full.enable_pipe("senter")
    texts = [e.text for e in load_corpus(["corpora"]) if e.lang == "fr"]
    compared = 0
    for doc, reference in zip(ours.pipe(texts), full.pipe(texts)):
        assert [t.text for t in doc] == [t.text for t in reference]
        for row, expected in zip(doc.to_array([IS_SPACE, POS, MORPH, SENT_START]).tolist(),
                                 reference.to_array([IS_SPACE, POS, MORPH, SENT_START]).tolist()):
            if not row[0]:
                assert [row[0], X if row[1] == SPACE else row[1], *row[2:]] == expected
                compared += 1
    assert compared > 100_000


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
