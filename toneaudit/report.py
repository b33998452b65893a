"""A report: the findings of one draft, a verdict per tone dimension and an overall score."""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .findings import Finding, Severity
from .rules import DIMENSIONS

if TYPE_CHECKING:
    from .classifier import Prediction

# Evidence (weighted findings) at which a dimension is flagged: two warnings, one error, or a warning
# and a few infos. Scores are 1 - 2^(-evidence / FLAG_EVIDENCE), so a flagged dimension scores >= 0.5.
FLAG_EVIDENCE = 1.5
# Long drafts may hold more of a thing before it is the draft's tone: evidence is divided by
# sqrt(words / WORDS_PER_UNIT) past that length.
WORDS_PER_UNIT = 80
# Info-level findings are supporting evidence: without a warning or an error in the dimension, fewer than
# this many of them cannot flag it (three prices in a first-person story are not a sales pitch).
INFO_ONLY_MIN_FINDINGS = 4
# How much each dimension can take off the overall 0-100 score.
DIMENSION_PENALTY = {"institutional": 0.45, "commercial": 0.35, "aggressive": 0.5, "impersonal": 0.3, "familiar": 0.45}
ENCODING_PENALTY = 0.5
# A dimension that is only a manner of another: aggressive *selling* needs a sales pitch. Capitals or
# "!!!" in a post that sells nothing stay findings, but flag aggressive only beside a flagged
# commercial verdict or a standalone aggressive rule (a call to buy, urgency, FOMO).
REQUIRES = {"aggressive": "commercial"}
# Dimensions defined by words, not by tone: "no first-person singular anywhere" is checked, not guessed,
# so the classifier's opinion never overrides the rule's.
RULES_DECIDE = ("impersonal",)


@dataclass(frozen=True)
class Evidence:
    """A finding and how much it weighs towards its dimension's verdict."""

    finding: Finding
    weight: float
    document_level: bool = False
    standalone: bool = True
    # Where the finding is in the text the rules read, when that is not the text as written (the NFC
    # copy of a draft written in another form): order and overlaps are decided there, so that a draft
    # gets the report of its NFC form whatever its marks widen a span to.
    analysed: tuple[int, int] | None = None

    @property
    def start(self) -> int:
        return self.finding.start if self.analysed is None else self.analysed[0]

    @property
    def end(self) -> int:
        return self.finding.end if self.analysed is None else self.analysed[1]


@dataclass(frozen=True)
class DimensionVerdict:
    """A dimension's verdict and why: the rules that fired, and (with the classifier) its probability
    and, when it is flagged, the words or n-grams that weighed most towards it."""

    score: float
    flagged: bool
    rules: tuple[str, ...] = ()
    rules_score: float | None = None
    probability: float | None = None
    terms: tuple[str, ...] = ()
    # Whether a standalone rule (see `Rule.standalone`) weighs in this verdict; not part of the JSON.
    standalone: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = {"score": self.score, "flagged": self.flagged, "rules": list(self.rules)}
        if self.probability is not None:
            data.update(rules_score=self.rules_score, probability=self.probability, terms=list(self.terms))
        return data


@dataclass
class Report:
    lang: str
    findings: list[Finding]
    dimensions: dict[str, DimensionVerdict]
    score: float
    notes: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> list[str]:
        return [name for name, verdict in self.dimensions.items() if verdict.flagged]

    def to_dict(self) -> dict[str, Any]:
        data = {
            "lang": self.lang,
            "score": self.score,
            "dimensions": {name: verdict.to_dict() for name, verdict in self.dimensions.items()},
            "findings": [finding.to_dict() for finding in self.findings],
        }
        if self.notes:
            data["notes"] = list(self.notes)
        return data


def evidence_score(evidence: float, word_count: int, capped: bool = False, document_evidence: float = 0.0) -> float:
    scale = math.sqrt(max(1.0, word_count / WORDS_PER_UNIT))
    density = evidence / scale + document_evidence
    if capped:
        density = min(density, 0.9 * FLAG_EVIDENCE)
    score: float = 1.0 - 2.0 ** (-density / FLAG_EVIDENCE)
    return round(score, 4)


def verdicts(weighted: list[Evidence], word_count: int) -> dict[str, DimensionVerdict]:
    """Per dimension: the weighted evidence of its findings, scaled by length, then a 0-1 score."""
    by_dimension: dict[str, list[Evidence]] = {dimension: [] for dimension in DIMENSIONS}
    for item in weighted:
        if item.finding.dimension in by_dimension:
            by_dimension[item.finding.dimension].append(item)
    result = {}
    for dimension, mine in by_dimension.items():
        if not mine:  # most dimensions of most drafts: no evidence, score 0, one shared verdict
            result[dimension] = _NO_EVIDENCE
            continue
        infos_only = all(item.finding.severity == Severity.INFO for item in mine)
        capped = infos_only and len(mine) < INFO_ONLY_MIN_FINDINGS
        score = evidence_score(
            sum(item.weight for item in mine if not item.document_level), word_count, capped,
            document_evidence=sum(item.weight for item in mine if item.document_level),
        )
        rules = tuple(sorted({item.finding.rule for item in mine}))
        result[dimension] = DimensionVerdict(score=score, flagged=score >= 0.5, rules=rules, rules_score=score,
                                             standalone=any(item.standalone for item in mine))
    return result


_NO_EVIDENCE = DimensionVerdict(score=evidence_score(0.0, 0, capped=True), flagged=False, rules=(), rules_score=0.0)


def combine(rule_verdicts: dict[str, DimensionVerdict], predictions: dict[str, Prediction]) -> dict[str, DimensionVerdict]:
    """The classifier's calibrated probability, with the rules' evidence kept where it is strong.

    A dimension is flagged when the probability reaches the threshold chosen on the dev split, or
    when the rules' own score reaches that dimension's override level (also chosen on dev): clear
    rule hits still count, and a draft with no rule hit can still be flagged. The score is the
    probability rescaled so that the threshold sits at 0.5 (flagged ⇔ score ≥ 0.5).
    """
    result = {}
    for name, verdict in rule_verdicts.items():
        if name in RULES_DECIDE:
            result[name] = verdict
            continue
        prediction = predictions[name]
        probability, threshold = prediction.probability, prediction.threshold
        if probability < threshold:
            score = 0.5 * probability / threshold
        else:
            score = 0.5 + 0.5 * (probability - threshold) / max(1e-9, 1 - threshold)
        if verdict.score >= prediction.rule_override:
            score = max(score, verdict.score, 0.5)
        result[name] = DimensionVerdict(
            score=round(score, 4), flagged=score >= 0.5, rules=verdict.rules, rules_score=verdict.score,
            probability=probability, terms=prediction.terms if score >= 0.5 else (), standalone=verdict.standalone,
        )
    return result


def with_requirements(dimensions: dict[str, DimensionVerdict]) -> dict[str, DimensionVerdict]:
    """The verdicts, with a dimension of `REQUIRES` not flagged when what it requires is not flagged
    and no standalone rule of its own fired: its score stays just under the line (0.49 at most)."""
    result = dict(dimensions)
    for name, needed in REQUIRES.items():
        verdict = result.get(name)
        if verdict and verdict.flagged and not verdict.standalone and not result[needed].flagged:
            result[name] = replace(verdict, score=min(verdict.score, 0.49), flagged=False, terms=())
    return result


# Dimension scores under this are noise (a classifier is never exactly 0): they cost nothing, so a
# draft with no tone problem scores 100.
SCORE_FLOOR = 0.2


def marked_as_advice(findings: list[Finding], dimensions: dict[str, DimensionVerdict]) -> list[Finding]:
    """The findings, each on a tone dimension that is not flagged marked as advice."""
    return [replace(finding, advice=True) if finding.dimension in dimensions and not dimensions[finding.dimension].flagged
            else finding for finding in findings]


def overall_score(dimensions: dict[str, DimensionVerdict], findings: list[Finding]) -> float:
    value = 100.0
    for name, verdict in dimensions.items():
        effective = max(0.0, verdict.score - SCORE_FLOOR) / (1.0 - SCORE_FLOOR)
        value *= 1.0 - DIMENSION_PENALTY[name] * effective
    if any(finding.dimension == "encoding" for finding in findings):
        value *= 1.0 - ENCODING_PENALTY
    return round(value, 1)
