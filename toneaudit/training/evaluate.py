"""`toneaudit evaluate`: how well the verdicts match labelled drafts.

Per dimension: precision, recall, F1 and the 2×2 confusion counts; macro-F1 over the dimensions
scored; the false-alarm rate (good drafts, with no label, that get any scored dimension flagged).
"""
from __future__ import annotations

from dataclasses import dataclass, field

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
        for name in dimensions:
            gold, predicted = name in example.labels, name in flagged
            key = "tp" if gold and predicted else "fp" if predicted else "fn" if gold else "tn"
            scores.counts[name][key] += 1
        if not example.labels:
            scores.good += 1
            scores.good_flagged += bool(flagged & set(dimensions))
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
