"""Partial labels (CONTRACT.md): a dimension in neither `labels` nor `negatives` is unknown, so it is
neither scored by `evaluate` nor a negative example for `train`."""
import json
import random

import pytest

from toneaudit.config import Config
from toneaudit.training.corpus import CorpusError, Example, load_corpus, read_jsonl
from toneaudit.training.evaluate import evaluate
from toneaudit.training.train import train

pytestmark = pytest.mark.slow  # end-to-end: trains models

RULES_ONLY = Config(classifier=False)


def _write(path, *items):
    path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items), encoding="utf-8")
    return path


def test_negatives_are_read_and_a_line_without_them_is_fully_labelled(tmp_path):
    path = _write(tmp_path / "a.jsonl",
                  {"text": "Promo -50 % ce week-end", "lang": "fr", "labels": ["commercial"], "negatives": ["familiar"]},
                  {"text": "J'ai ouvert l'atelier.", "lang": "fr", "labels": []})
    partial, full = read_jsonl(path)
    assert partial.negatives == {"familiar"}
    assert partial.knows("commercial") and partial.knows("familiar") and not partial.knows("institutional")
    assert full.negatives is None and all(full.knows(name) for name in ("institutional", "familiar"))


@pytest.mark.parametrize("item,error", [
    ({"text": "x", "lang": "fr", "labels": [], "negatives": ["rude"]}, "bad negatives"),
    ({"text": "x", "lang": "fr", "labels": ["commercial"], "negatives": ["commercial"]}, "both a label and a negative"),
    ({"text": "x", "lang": "fr", "labels": [], "negatives": 3}, "not a corpus line"),
])
def test_bad_negatives_are_named(tmp_path, item, error):
    with pytest.raises(CorpusError, match=error):
        read_jsonl(_write(tmp_path / "a.jsonl", item))


def test_clean_needs_the_three_selling_and_voice_dimensions_known():
    assert Example("t", "fr", frozenset()).is_clean()
    assert Example("t", "fr", frozenset(), negatives=frozenset({"institutional", "commercial", "aggressive"})).is_clean()
    assert not Example("t", "fr", frozenset(), negatives=frozenset({"commercial", "aggressive"})).is_clean()
    assert Example("t", "fr", frozenset({"familiar"})).is_clean()  # familiar is no false alarm of the three
    assert not Example("t", "fr", frozenset({"commercial"}), negatives=frozenset()).is_clean()


def test_evaluate_scores_a_dimension_only_where_it_is_known():
    # Rules alone: the draft is flagged commercial (discount, code) and impersonal (no first person).
    text = "Soldes : -50 % sur toute la boutique avec le code PROMO50, commandez vite !"
    known_only_commercial = Example(text, "fr", frozenset({"commercial"}), negatives=frozenset())
    fully_labelled = Example(text, "fr", frozenset({"commercial"}))
    partial = evaluate([known_only_commercial], RULES_ONLY, classifier=False).counts
    full = evaluate([fully_labelled], RULES_ONLY, classifier=False).counts
    assert partial["commercial"]["tp"] == full["commercial"]["tp"] == 1
    assert sum(partial["impersonal"].values()) == 0  # unknown: not a false positive
    assert full["impersonal"]["fp"] == 1


def test_a_partial_good_text_counts_for_false_alarms_only_when_known_clean():
    text = "Le tram est en panne ce matin, gros retards sur la ligne"
    clean = Example(text, "fr", frozenset(), negatives=frozenset({"institutional", "commercial", "aggressive"}))
    unknown = Example(text, "fr", frozenset(), negatives=frozenset({"commercial"}))
    assert evaluate([clean], RULES_ONLY, classifier=False).good == 1
    assert evaluate([unknown], RULES_ONLY, classifier=False).good == 0


def test_training_leaves_out_the_drafts_that_do_not_know_a_dimension(tmp_path):
    full = load_corpus(["corpora"])
    random.Random(5).shuffle(full)
    lines = []
    for index, example in enumerate(e for e in full if e.lang == "fr" and e.split in ("train", "dev")):
        item = {"text": example.text, "lang": example.lang, "labels": sorted(example.labels)}
        if index % 3 == 0:  # a third of them know only commercial
            item["labels"] = sorted(example.labels & {"commercial"})
            item["negatives"] = [] if "commercial" in example.labels else ["commercial"]
        lines.append(item)
        if len(lines) >= 400:
            break
    lines += [{"text": e.text, "lang": e.lang, "labels": sorted(e.labels)} for e in full if e.lang == "en"][:300]
    corpus = _write(tmp_path / "partial.jsonl", *lines)
    record = train([corpus], tmp_path / "model.joblib")
    choices = record["languages"]["fr"]["choices"]
    rows = read_jsonl(corpus)
    for dimension in ("commercial", "institutional"):
        expected = sum(1 for e in rows if e.lang == "fr" and e.split == "train" and e.knows(dimension))
        assert choices[dimension]["train_examples"] == expected
    assert choices["institutional"]["train_examples"] < choices["commercial"]["train_examples"]
