"""Training on a tiny corpus, loading (with hash checks), evaluation output, and the combined decision."""
import json
import random

import joblib
import numpy as np
import pytest
from click.testing import CliRunner

from toneaudit import audit
from toneaudit.classifier import (
    FORMAT_VERSION,
    MANIFEST_FILE,
    ModelError,
    Prediction,
    load,
    pack_array,
    sha256_of,
    shipped_model_path,
)
from toneaudit.cli import cli
from toneaudit.config import from_mapping
from toneaudit.report import DimensionVerdict, combine
from toneaudit.rules import DIMENSIONS
from toneaudit.training.corpus import load_corpus, split_of
from toneaudit.training.train import train

pytestmark = pytest.mark.slow  # end-to-end: trains models


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory):
    """About 150 real drafts of our corpus per language: every label in both train and dev."""
    examples = load_corpus(["corpora"])
    random.Random(7).shuffle(examples)
    chosen, count = [], {}
    for example in examples:
        key = (example.lang, example.split, frozenset(example.labels))
        if count.get(key, 0) < 6 and example.split in ("train", "dev", "test"):
            count[key] = count.get(key, 0) + 1
            chosen.append(example)
    path = tmp_path_factory.mktemp("corpus") / "tiny.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for example in chosen:
            handle.write(json.dumps({"text": example.text, "lang": example.lang, "labels": sorted(example.labels)},
                                    ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="module")
def tiny_model(tiny_corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("model") / "model.joblib"
    record = train([tiny_corpus], out)
    return out, record


def test_training_writes_a_model_and_its_manifest(tiny_model):
    out, record = tiny_model
    manifest = json.loads((out.parent / MANIFEST_FILE).read_text())
    assert manifest == {"model.joblib": sha256_of(out)} and record["sha256"] == sha256_of(out)
    model = load(str(out), record["sha256"])
    assert set(model.languages) == {"fr", "en"}
    prediction = model.languages["fr"].predict({"w:achetez": 0.5, "r:aggressive.call-to-action": 1.0})
    assert set(prediction) == set(DIMENSIONS)
    assert all(0.0 <= item.probability <= 1.0 for item in prediction.values())


def test_training_is_reproducible_bit_for_bit(tiny_corpus, tiny_model, tmp_path):
    out, record = tiny_model
    again = train([tiny_corpus], tmp_path / "model.joblib")
    assert again["sha256"] == record["sha256"]


def test_an_altered_or_truncated_model_is_refused(tiny_model, tmp_path):
    out, record = tiny_model
    altered = tmp_path / "altered.joblib"
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0xFF
    altered.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="does not match"):
        load(str(altered), record["sha256"])
    truncated = tmp_path / "truncated.joblib"
    truncated.write_bytes(out.read_bytes()[:1000])
    with pytest.raises(ModelError, match="cannot read"):
        load(str(truncated))
    with pytest.raises(ModelError, match="not found"):
        load(str(tmp_path / "missing.joblib"))


def test_the_model_file_is_also_readable_by_joblib(tiny_model):
    out, _ = tiny_model
    assert set(joblib.load(out)["languages"]) == {"fr", "en"}


def test_the_shipped_model_matches_its_manifest_and_is_small():
    path = shipped_model_path()
    manifest = json.loads((path.parent / MANIFEST_FILE).read_text())
    assert manifest[path.name] == sha256_of(path)
    assert path.stat().st_size < 5 * 1024 * 1024
    assert load().sha256 == manifest[path.name]


def test_evaluate_prints_figures_as_text_and_json(tiny_corpus):
    runner = CliRunner()
    text = runner.invoke(cli, ["evaluate", str(tiny_corpus), "--compare"])
    assert text.exit_code == 0, text.output
    assert "[fr] rules:" in text.output and "[fr] rules+classifier:" in text.output and "macro-F1" in text.output
    data = json.loads(runner.invoke(cli, ["evaluate", str(tiny_corpus), "--format", "json", "--dimensions",
                                          "commercial,aggressive"]).output)
    scores = data["fr"]["rules+classifier"]
    assert set(scores["dimensions"]) == {"commercial", "aggressive"}
    assert 0 <= scores["macro_f1"] <= 1 and 0 <= scores["false_alarm_rate"] <= 1
    entry = scores["dimensions"]["commercial"]
    assert entry["tp"] + entry["fp"] + entry["fn"] + entry["tn"] == scores["examples"]


def test_split_is_fixed_by_the_text_alone():
    assert split_of("Bonjour") == split_of("Bonjour")
    counts = {split: 0 for split in ("train", "dev", "test")}
    for number in range(2000):
        counts[split_of(f"brouillon {number}")] += 1
    assert 1200 < counts["train"] < 1600 and 200 < counts["dev"] < 400 and 200 < counts["test"] < 400


def _prediction(probability, threshold=0.5, override=0.8, terms=("promo",)):
    return Prediction(probability, threshold, override, terms)


def test_combined_decision_keeps_clear_rule_hits_and_flags_without_any():
    rules = {name: DimensionVerdict(score=0.0, flagged=False) for name in DIMENSIONS}
    rules["aggressive"] = DimensionVerdict(score=0.9, flagged=True, rules=("aggressive.capitals",))
    predictions = {name: _prediction(0.1) for name in DIMENSIONS}
    predictions["commercial"] = _prediction(0.7)
    combined = combine(rules, predictions)
    assert combined["aggressive"].flagged and combined["aggressive"].score >= 0.9      # rules override
    assert combined["commercial"].flagged and not combined["commercial"].rules         # classifier alone
    assert combined["commercial"].terms == ("promo",) and combined["commercial"].probability == 0.7
    assert not combined["institutional"].flagged and combined["institutional"].score == 0.1
    assert combine(rules, {**predictions, "commercial": _prediction(0.45, threshold=0.4)})["commercial"].flagged


def test_a_draft_with_no_rule_hit_gets_a_classifier_finding(tmp_path):
    """A hand-made model file in the exported format: 'tartines' weighs towards commercial."""
    entry = {
        "dimensions": list(DIMENSIONS), "vocabulary": "w:tartines", "features": 1,
        "weights": pack_array(np.array([[0, 60, 0, 0, 0]])), "bias": pack_array(np.full(5, -5)),
        "platt": pack_array(np.array([[1.0, 0.0]] * 5)), "thresholds": pack_array(np.full(5, 0.5)),
        "rule_overrides": pack_array(np.full(5, 0.9)),
    }
    path = tmp_path / "handmade.joblib"
    joblib.dump({"format": FORMAT_VERSION, "version": "test", "languages": {"fr": entry}}, path)
    config = from_mapping({"model": str(path)})
    report = audit("J'ai mangé des tartines ce matin avec mes enfants.", lang="fr", config=config)
    assert report.flagged == ["commercial"]
    finding = next(f for f in report.findings if f.rule == "commercial.classifier")
    assert "tartines" in finding.message and str(finding.severity) == "warning"
    assert report.dimensions["commercial"].terms == ("tartines",)
    plain = audit("J'ai mangé des tartines ce matin avec mes enfants.", lang="fr", config=config, classifier=False)
    assert plain.flagged == [] and plain.findings == []


def test_fast_prediction_equals_prediction_from_the_feature_dictionary():
    from toneaudit import classifier
    from toneaudit.config import Config
    from toneaudit.engine import analyse
    from toneaudit.report import verdicts

    model = classifier.load()
    for example in [e for e in load_corpus(["corpora"]) if e.split == "test"][::4]:
        analysis = analyse(example.text, example.lang, config=Config(classifier=False))
        scores = {name: verdict.score for name, verdict in verdicts(analysis.evidence, analysis.word_count).items()}
        args = (analysis.draft.analysis_text, analysis.draft.url_spans, analysis.rule_counts(), scores)
        language = model.languages[analysis.lang]
        assert language.predict_draft(*args) == language.predict(classifier.features(*args), rule_scores=scores)
        explained_everywhere = language.predict(classifier.features(*args))
        for dimension, prediction in language.predict_draft(*args).items():
            assert prediction.terms in ((), explained_everywhere[dimension].terms)


def test_words_read_from_tokens_are_the_letter_runs():
    import random

    from toneaudit import classifier

    rng = random.Random(7)
    alphabet = "abcXYZéèàçœ'’- _.,!?0123456789²½ⅫÅΩжß日本ﬁ\u0301\n"
    texts = [e.text.lower() for e in load_corpus(["corpora"])]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))).lower() for _ in range(5000)]
    for text in texts:
        assert classifier._words_of(set(classifier._TOKEN.findall(text))) == set(classifier._WORD.findall(text)), text


def test_character_ngrams_learnt_as_numbers_or_as_strings_are_the_ngrams_of_the_words():
    import pickle

    from toneaudit import classifier

    with open(classifier.shipped_model_path(), "rb") as handle:  # the shipped model: fresh caches
        data = pickle.load(handle)
    rare = "\u0fff\u1000"  # the last character keyed as a number, and the first that is not
    drafts = [e.text for e in load_corpus(["corpora"])][::7] + [
        "a", "Où ça ? À Noël, l'œuvre", "Ωμέγα und Straße", f"mot{rare[0]} ok", f"mot{rare[1]} ok", "日本語のテキスト et du français",
        f"ab{rare[1]} ab zzqxj zzqxj{rare[1]}",  # n-grams the model does not know, reached both ways in one draft
    ]
    for entry in data["languages"].values():
        as_numbers, as_strings = classifier.LanguageModel(entry), classifier.LanguageModel(entry)
        for text in drafts:
            _, words = classifier._tokens(text, [])
            plain = [word for word in words if max(word) < classifier._CODE_LIMIT_CHAR]
            if plain:
                as_numbers._learn_words_as_numbers(plain)
            as_numbers._learn_words_as_strings(words.difference(plain))
            as_strings._learn_words_as_strings(words)
            ngrams = set().union(*map(classifier._bare_char_ngrams, words))
            expected = sorted(row for row in map(as_strings._char_rows.get, ngrams) if row is not None)
            for language in (as_numbers, as_strings):
                rows, count = language._char_features(words, {word: language._word_ids[word] for word in words})
                assert count == len(ngrams) and rows.tolist() == expected, text


def test_drafts_predicted_together_or_one_by_one_are_predicted_alike():
    from toneaudit import classifier

    language = classifier.load().languages["fr"]
    drafts = [(e.text, [], {}, {"commercial": 0.3}) for e in load_corpus(["corpora"]) if e.lang == "fr"][:120]
    assert language.predict_drafts(drafts) == [language.predict_draft(*draft) for draft in drafts]


def test_explaining_terms_break_ties_by_row():
    import numpy as np

    from toneaudit import classifier

    language = classifier.load().languages["fr"]
    rows = np.array([3, 10, 11, 12, 40, 41, 50])
    textual = np.array([True, True, True, True, True, True, False])
    contributions = np.array([0.5, 0.2, 0.9, 0.2, 0.2, -1.0, 5.0])
    expected = tuple(language.vocabulary[row][2:].strip() for row in (11, 3, 10, 12))
    assert language._terms(rows, textual, contributions, 4) == expected  # 40 ties with 10 and 12, but comes after


def _line(text, lang="fr", labels=()):
    return json.dumps({"text": text, "lang": lang, "labels": list(labels)}, ensure_ascii=False) + "\n"


def _empty_folder(folder):
    (folder / "corpus").mkdir()


def _empty_files(folder):
    (folder / "corpus").mkdir()
    (folder / "corpus" / "a.jsonl").write_text("")
    (folder / "corpus" / "b.jsonl").write_text("\n  \n\n")


def _french_only(folder):
    (folder / "corpus").mkdir()
    (folder / "corpus" / "fr.jsonl").write_text(
        "".join(_line(f"Je vous présente l'atelier numéro {n}.") for n in range(40)), encoding="utf-8")


def _bad_line(content: bytes):
    def make(folder):
        (folder / "corpus").mkdir()
        (folder / "corpus" / "a.jsonl").write_bytes(_line("J'ai ouvert l'atelier.").encode() + content)
    return make


@pytest.mark.parametrize("make,message", [
    (_empty_folder, "no labelled drafts"),
    (_empty_files, "no labelled drafts"),
    (_french_only, "no en drafts"),
    (_bad_line(b'{"text": "\\ud800 ACHETEZ", "lang": "fr", "labels": []}\n'), "a.jsonl:2: the text holds \\ud800"),
    (_bad_line(b"[" * 100_000 + b"]" * 100_000 + b"\n"), "a.jsonl:2: not a corpus line (nested too deeply)"),
    (_bad_line(b'{"text": "caf\xe9", "lang": "fr", "labels": []}\n'), "a.jsonl:2: not UTF-8"),
], ids=["empty folder", "JSONL files with no lines", "no line of a language", "lone surrogate", "nested", "not UTF-8"])
def test_training_on_an_unusable_corpus_is_one_line_and_writes_nothing(tmp_path, make, message):
    make(tmp_path)
    models = tmp_path / "models"
    models.mkdir()
    (models / "model.joblib").write_bytes(b"the previous model")
    result = CliRunner().invoke(cli, ["train", "--corpus", str(tmp_path / "corpus"), "--out", str(models / "model.joblib")])
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and result.stderr.count("\n") == 1 and result.stderr.startswith("toneaudit: ")
    assert message in result.stderr
    assert [path.name for path in models.iterdir()] == ["model.joblib"]  # no manifest beside it
    assert (models / "model.joblib").read_bytes() == b"the previous model"
    fresh = tmp_path / "fresh" / "model.joblib"
    assert CliRunner().invoke(cli, ["train", "--corpus", str(tmp_path / "corpus"), "--out", str(fresh)]).exit_code == 2
    assert not fresh.parent.exists()
