"""`toneaudit train`: fit the per-language linear classifiers on the corpus and export plain arrays.

Deterministic from the same data: the split is hash-based, the vocabulary sorted, liblinear seeded,
and the file written with fixed joblib settings, so the shipped model is rebuilt bit for bit.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import __version__, languages
from ..classifier import FORMAT_VERSION, MANIFEST_FILE, _tokens, features, pack_array, sha256_of
from ..config import Config
from ..engine import analyse
from ..report import verdicts
from ..rules import DIMENSIONS
from .corpus import CorpusError, Example, load_corpus
from .vectors import PREFIX as VECTOR_PREFIX
from .vectors import VectorTable, load_table

SEED = 20261124
FOLDS = 5
C_GRID = (0.3, 1.0, 3.0, 10.0)
# A small dev set must not push thresholds to extremes: 0.35 … 0.65 only.
THRESHOLD_GRID = tuple(round(0.35 + 0.05 * step, 2) for step in range(7))
OVERRIDE_GRID = (0.6, 0.7, 0.8, 0.9, 0.95)  # rules always can override: clear rule hits still count
MIN_DOCUMENT_FREQUENCY = 2
# Rule features a dimension's model must not read, because our corpus would teach it a shortcut that
# real posts break: a post without "je" is not institutional for that (news, observations), and
# capitals, "!!!" or hype emojis do not make a post commercial (all-caps chat sells nothing).
BLIND = {
    "institutional": ("r:impersonal.", "s:impersonal"),
    "commercial": ("r:impersonal.", "s:impersonal", "r:aggressive.capitals", "r:aggressive.punctuation-run",
                   "r:aggressive.emoji-hype", "r:aggressive.hype", "s:aggressive"),
    "aggressive": ("r:impersonal.", "s:impersonal"),
    "familiar": ("r:impersonal.", "s:impersonal"),
}
RULES_ONLY = Config(classifier=False)


@dataclass
class Featurised:
    example: Example
    values: dict[str, float]
    rule_scores: dict[str, float]


def featurise(example: Example, table: VectorTable | None = None) -> Featurised:
    analysis = analyse(example.text, example.lang, config=RULES_ONLY)
    rule_verdicts = verdicts(analysis.evidence, analysis.word_count)
    scores = {name: verdict.score for name, verdict in rule_verdicts.items()}
    values = features(analysis.draft.analysis_text, analysis.draft.url_spans, analysis.rule_counts(), scores)
    if table is not None:
        values.update(table.mean(_tokens(analysis.draft.analysis_text, analysis.draft.url_spans)[1]))
    return Featurised(example, values, scores)


def _vocabulary(rows: list[Featurised]) -> list[str]:
    frequency: dict[str, int] = {}
    for row in rows:
        for name in row.values:
            frequency[name] = frequency.get(name, 0) + 1
    return sorted(name for name, count in frequency.items()
                  if count >= MIN_DOCUMENT_FREQUENCY or not name.startswith(("w:", "c:")))


def _matrix(rows: list[Featurised], index: dict[str, int]):
    from scipy.sparse import csr_matrix

    data, columns, pointers = [], [], [0]
    for row in rows:
        for name, value in sorted(row.values.items()):
            column = index.get(name)
            if column is not None:
                columns.append(column)
                data.append(value)
        pointers.append(len(columns))
    return csr_matrix((np.array(data, dtype=np.float64), np.array(columns), np.array(pointers)), shape=(len(rows), len(index)))


def _f1(gold: np.ndarray, predicted: np.ndarray) -> float:
    true_positive = float(np.sum(gold & predicted))
    denominator = float(np.sum(gold) + np.sum(predicted))
    return 2 * true_positive / denominator if denominator else 1.0


def _logistic(c: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", solver="liblinear", max_iter=2000, random_state=SEED)


def _fold(text: str) -> int:
    """A draft's fold for choosing C and thresholds, from its text's hash (another byte than the split's)."""
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).digest()[9] % FOLDS


def _platt(margins: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    """Sigmoid calibration of the margins on dev (Platt scaling)."""
    from sklearn.linear_model import LogisticRegression

    if gold.min() == gold.max():
        return 1.0, 0.0
    calibrator = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    calibrator.fit(margins.reshape(-1, 1), gold)
    return float(calibrator.coef_[0, 0]), float(calibrator.intercept_[0])


def _seen_by(dimension: str, vocabulary: list[str]) -> np.ndarray:
    """1 for the features `dimension`'s model may read, 0 for those it is blind to (BLIND)."""
    blind = BLIND.get(dimension, ())
    return np.array([0.0 if name.startswith(blind) else 1.0 for name in vocabulary]) if blind else np.ones(len(vocabulary))


def fit_language(train: list[Featurised], dev: list[Featurised], table: VectorTable | None = None) -> tuple[dict, dict]:
    """One language: returns the exported model entry and a record of the choices made on dev."""
    vocabulary = _vocabulary(train)
    index = {name: column for column, name in enumerate(vocabulary)}
    x_train, x_dev = _matrix(train, index), _matrix(dev, index)
    weights = np.zeros((len(vocabulary), len(DIMENSIONS)), dtype=np.float64)
    bias, platt, thresholds, overrides, choices = [], [], [], [], {}
    for column, dimension in enumerate(DIMENSIONS):
        # A partially labelled draft that does not know this dimension is no example of it either way.
        known_train = np.array([row.example.knows(dimension) for row in train])
        known_dev = np.array([row.example.knows(dimension) for row in dev])
        from scipy.sparse import diags, vstack

        seen = diags(_seen_by(dimension, vocabulary))
        x_train_known, x_dev_known = x_train[known_train] @ seen, x_dev[known_dev] @ seen
        y_train = np.array([dimension in row.example.labels for row in train])[known_train]
        y_dev = np.array([dimension in row.example.labels for row in dev])[known_dev]
        if y_train.min() == y_train.max():
            raise ValueError(f"the training split has no {'positive' if not y_train.max() else 'negative'} "
                             f"example of {dimension}; add labelled drafts")
        # C, the threshold and the override level are chosen on out-of-fold predictions over train and
        # dev together (FOLDS folds, fixed by a hash of each draft's text): one dev split of a few hundred
        # drafts makes a flat choice that a single relabelled draft can flip.
        known_all = np.concatenate([known_train, known_dev])
        x_all = vstack([x_train_known, x_dev_known]).tocsr()
        y_all = np.concatenate([y_train, y_dev])
        rules_all = np.array([row.rule_scores[dimension] for row in train + dev])[known_all]
        folds = np.array([_fold(row.example.text) for row in train + dev])[known_all]
        best = None
        for c in C_GRID:
            margins = np.zeros(len(y_all))
            for fold in range(FOLDS):
                held = folds == fold
                model = _logistic(c).fit(x_all[~held], y_all[~held])
                margins[held] = model.decision_function(x_all[held])
            slope, intercept = _platt(margins, y_all)
            probabilities = 1 / (1 + np.exp(-(slope * margins + intercept)))
            for threshold in THRESHOLD_GRID:
                for override in OVERRIDE_GRID:
                    predicted = (probabilities >= threshold) | (rules_all >= override)
                    # Ties go to a threshold near 0.5, then to the rules keeping more authority (a lower
                    # override level), then to stronger regularisation.
                    key = (round(_f1(y_all, predicted), 6), -abs(threshold - 0.5), -override, -c)
                    if best is None or key > best[0]:
                        best = (key, c, threshold, override)
        if best is None:
            raise ValueError("no regularisation, threshold and override to choose from")
        key, c, threshold, override = best
        # The shipped model: fitted on train, calibrated on dev, as before.
        model = _logistic(c).fit(x_train_known, y_train)
        slope, intercept = _platt(model.decision_function(x_dev_known), y_dev)
        weights[:, column] = model.coef_[0] * _seen_by(dimension, vocabulary)
        bias.append(float(model.intercept_[0]))
        platt.append((slope, intercept))
        thresholds.append(threshold)
        overrides.append(override)
        choices[dimension] = {"C": c, "threshold": threshold, "rule_override": override, "dev_f1": key[0],
                              "train_examples": int(known_train.sum()), "dev_examples": int(known_dev.sum())}
    vector_columns = np.array([name.startswith(VECTOR_PREFIX) for name in vocabulary], dtype=bool)
    vector_entry = {}
    if table is not None and vector_columns.any():
        # The weights on the mean vector become each vector's own margins (see LanguageModel.vector_margins).
        order = [int(name[len(VECTOR_PREFIX):]) for name in np.array(vocabulary)[vector_columns]]
        projection = np.zeros((table.data.shape[1], len(DIMENSIONS)))
        projection[order] = weights[vector_columns]
        keys = table.keys()
        by_key = np.argsort(keys)
        if len(np.unique(keys)) != len(keys):
            raise ValueError("two vector words share a key")
        vector_entry = {"vector_keys": keys[by_key].astype("<u8").tobytes(),
                        "vector_rows": table.rows[by_key].astype("<u4").tobytes(),
                        "vector_scores": pack_array(table.data @ projection)}
    # Features the model ignores cost space, not accuracy; vector weights ship as vector_scores.
    keep = (np.abs(weights).max(axis=1) >= 1e-4) & ~vector_columns
    kept = [name for name, kept in zip(vocabulary, keep) if kept]
    assert not any("\0" in name for name in kept)
    entry = {
        "dimensions": list(DIMENSIONS),
        "vocabulary": "\0".join(kept),
        "features": len(kept),
        "weights": pack_array(weights[keep]),
        "bias": pack_array(bias),
        "platt": pack_array(platt),
        "thresholds": pack_array(thresholds),
        "rule_overrides": pack_array(overrides),
        **vector_entry,
    }
    return entry, choices


def train(corpus_paths, out: Path, vectors: bool = True) -> dict:
    """Train on the corpus, write the model and its manifest; returns what was done, for the model card."""
    import joblib

    examples = load_corpus(corpus_paths)
    # Checked before anything is written: a model without a language fails every check of a draft in it.
    if not examples:
        raise CorpusError(f"no labelled drafts in {', '.join(map(str, corpus_paths))} (JSONL lines "
                          '{"text": ..., "lang": ..., "labels": [...]}); nothing written')
    for lang in languages.codes():
        if not any(example.lang == lang for example in examples):
            raise CorpusError(f"no {lang} drafts in the corpus: the model needs labelled "
                              f"{languages.settings(lang)['name']} drafts too; nothing written")
    models: dict[str, dict] = {}
    languages_record: dict[str, dict] = {}
    record = {"seed": SEED, "languages": languages_record}
    for lang in languages.codes():
        mine = [example for example in examples if example.lang == lang]
        table = load_table(lang) if vectors else None
        rows = {split: [featurise(e, table) for e in mine if e.split == split] for split in ("train", "dev")}
        if not rows["train"] or not rows["dev"]:
            raise ValueError(f"the {lang} corpus needs drafts in both the train and dev splits")
        entry, choices = fit_language(rows["train"], rows["dev"], table)
        models[lang] = entry
        languages_record[lang] = {
            "train": len(rows["train"]), "dev": len(rows["dev"]),
            "test": sum(1 for e in mine if e.split == "test"), "features": entry["features"], "choices": choices,
            "vector_words": len(table.words) if table is not None else 0,
        }
    data = {"format": FORMAT_VERSION, "version": __version__, "languages": models}
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    # No compression: the file is then a plain pickle of str/bytes/lists that inference reads without
    # importing joblib (see classifier.load); 2-3 MB is well under the 5 MB budget.
    joblib.dump(data, out, compress=0, protocol=4)
    digest = sha256_of(out)
    (out.parent / MANIFEST_FILE).write_text(json.dumps({out.name: digest}, indent=2) + "\n", encoding="utf-8")
    record.update(sha256=digest, path=str(out), bytes=out.stat().st_size)
    return record
