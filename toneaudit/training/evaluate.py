"""`toneaudit evaluate`: how well the verdicts match labelled drafts.

Per dimension: precision, recall, F1 and the 2×2 confusion counts; macro-F1 over the dimensions
scored; the false-alarm rate (good drafts, with no label, that get any scored dimension flagged).
Partially labelled texts (with `negatives`) count only for the dimensions they know; they are good
drafts when they have no label and are known clean (`Example.is_clean`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import languages
from ..config import Config
from ..engine import AuditError, audit
from ..rules import DIMENSIONS
from .corpus import Example


@dataclass
class Scores:
    dimensions: tuple[str, ...]
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    good: int = 0
    good_flagged: int = 0
    examples: int = 0
    errors: int = 0

    def per_dimension(self) -> dict[str, dict[str, float]]:
        result = {}
        for name in self.dimensions:
            tp, fp, fn = (self.counts[name][key] for key in ("tp", "fp", "fn"))
            precision = tp / (tp + fp) if tp + fp else 0.0
            recall = tp / (tp + fn) if tp + fn else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            result[name] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                            "support": tp + fn, **self.counts[name]}
        return result

    def macro_f1(self) -> float:
        """Mean F1 over the dimensions that have labelled examples here (F1 is undefined without any)."""
        values = [entry["f1"] for entry in self.per_dimension().values() if entry["support"]]
        return round(sum(values) / len(values), 4) if values else 0.0

    def false_alarm_rate(self) -> float:
        return round(self.good_flagged / self.good, 4) if self.good else 0.0

    def to_dict(self) -> dict:
        return {"examples": self.examples, "errors": self.errors, "macro_f1": self.macro_f1(),
                "false_alarm_rate": self.false_alarm_rate(), "good": self.good, "good_flagged": self.good_flagged,
                "dimensions": self.per_dimension()}


def evaluate(examples: list[Example], config: Config, classifier: bool,
             dimensions: tuple[str, ...] = DIMENSIONS) -> Scores:
    scores = Scores(dimensions, {name: {"tp": 0, "fp": 0, "fn": 0, "tn": 0} for name in dimensions})
    for example in examples:
        scores.examples += 1
        try:
            flagged = set(audit(example.text, example.lang, config=config, classifier=classifier).flagged)
        except AuditError:
            scores.errors += 1
            flagged = set()
        known = [name for name in dimensions if example.knows(name)]
        for name in known:
            gold, predicted = name in example.labels, name in flagged
            key = "tp" if gold and predicted else "fp" if predicted else "fn" if gold else "tn"
            scores.counts[name][key] += 1
        if not example.labels and example.is_clean():
            scores.good += 1
            scores.good_flagged += bool(flagged & set(known))
    return scores


def render_text(title: str, scores: Scores) -> str:
    lines = [f"{title}: {scores.examples} drafts, macro-F1 {scores.macro_f1():.3f}, "
             f"false alarms on good drafts {scores.good_flagged}/{scores.good} ({100 * scores.false_alarm_rate():.1f}%)"]
    lines.append(f"  {'dimension':14} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}   TP   FP   FN    TN")
    for name, entry in scores.per_dimension().items():
        lines.append(f"  {name:14} {entry['precision']:9.3f} {entry['recall']:7.3f} {entry['f1']:6.3f} {entry['support']:8d}"
                     f" {entry['tp']:4d} {entry['fp']:4d} {entry['fn']:4d} {entry['tn']:5d}")
    if scores.errors:
        lines.append(f"  ({scores.errors} drafts could not be audited and count as flagging nothing)")
    return "\n".join(lines)


# Counterfactual edits of a good draft that should leave its verdict alone: a shortened link, a
# hashtag, one emoji; and one word in capitals, which may move it (reported, not required). Each edit
# is picked from the draft's own hash, so the figures are the same at every run.
_EMOJIS = ("🙂", "🌿", "☕", "📸", "🙏")
_LINK_CHARACTERS = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _pick(text: str, salt: str) -> int:
    import hashlib

    return int.from_bytes(hashlib.sha256((salt + text).encode("utf-8", "surrogatepass")).digest()[:8], "big")


def _with_link(text: str, lang: str) -> str:
    number = _pick(text, "link")
    path = "".join(_LINK_CHARACTERS[(number >> (6 * index)) % len(_LINK_CHARACTERS)] for index in range(10))
    return f"{text.rstrip()} https://t.co/{path}"


def _with_hashtag(text: str, lang: str) -> str:
    tags = languages.settings(lang)["training"]["hashtags"]
    return f"{text.rstrip()} {tags[_pick(text, 'hashtag') % len(tags)]}"


def _with_emoji(text: str, lang: str) -> str:
    return f"{text.rstrip()} {_EMOJIS[_pick(text, 'emoji') % len(_EMOJIS)]}"


def _with_capitals(text: str, lang: str) -> str:
    import re

    words = [match for match in re.finditer(r"[^\W\d_]{5,}", text) if not match.group().isupper()]
    if not words:
        return text
    chosen = words[_pick(text, "capitals") % len(words)]
    return text[:chosen.start()] + chosen.group().upper() + text[chosen.end():]


COUNTERFACTUALS = {"link": _with_link, "hashtag": _with_hashtag, "emoji": _with_emoji, "capitals": _with_capitals}


def counterfactuals(examples: list[Example], config: Config, dimensions: tuple[str, ...] = DIMENSIONS,
                    edits: tuple[str, ...] = tuple(COUNTERFACTUALS)) -> dict[str, dict[str, dict]]:
    """Per language and edit: on how many of the good drafts (no label, `Example.is_clean`) the edit
    changes the set of flagged `dimensions`, and which (id, flagged before, flagged after)."""
    from ..engine import audit_many

    def flagged(texts, lang):
        return [frozenset() if isinstance(report, AuditError) else frozenset(report.flagged) & set(dimensions)
                for report in audit_many(texts, lang, config=config)]

    result: dict[str, dict[str, dict]] = {}
    for lang in sorted({example.lang for example in examples}):
        good = [example for example in examples if example.lang == lang and not example.labels and example.is_clean()]
        before = flagged([example.text for example in good], lang)
        result[lang] = {}
        for name in edits:
            after = flagged([COUNTERFACTUALS[name](example.text, lang) for example in good], lang)
            changed = [(example.id, sorted(old), sorted(new)) for example, old, new in zip(good, before, after)
                       if old != new]
            result[lang][name] = {"drafts": len(good), "changed": len(changed), "examples": changed}
    return result
