"""Whether a report blocks publication: what the exit status, the summaries and a hook follow.

Decided once, here, from a report and the user's policy, so that the CLI's exit status, the text
summary ("would block, and why") and the JSON's `blocked` field can never disagree.
"""
from __future__ import annotations

from dataclasses import dataclass

from .findings import Severity
from .messages import Phrase
from .rules import DIMENSIONS, nearest_name

FAIL_ON_CHOICES = ("flagged", "info", "warning", "error", "never")
DEFAULT_FAIL_ON = "flagged"


@dataclass(frozen=True)
class Reason:
    """One reason a report blocks: a flagged dimension, a finding at the `--fail-on` level, a score
    under `--min-score`, or text that was mis-decoded (it must be repaired before anything goes out)."""

    kind: str  # "dimension" | "finding" | "score" | "encoding"
    name: str  # the dimension, the rule id, or the score as text


@dataclass(frozen=True)
class Policy:
    fail_on: str = DEFAULT_FAIL_ON
    min_score: float | None = None
    # The dimensions that block; empty means all five.
    dimensions: tuple[str, ...] = ()

    def blocking_dimensions(self) -> tuple[str, ...]:
        return self.dimensions or DIMENSIONS

    def reasons(self, report) -> list[Reason]:
        if self.fail_on == "never":
            return []
        blocking = self.blocking_dimensions()
        reasons = []
        if self.fail_on == "flagged":
            reasons += [Reason("dimension", name) for name in report.flagged if name in blocking]
            reasons += [Reason("encoding", rule) for rule in
                        sorted({finding.rule for finding in report.findings if finding.dimension == "encoding"})]
        else:
            level = Severity.parse(self.fail_on)
            rules = sorted({finding.rule for finding in report.findings
                            if finding.severity >= level and finding.dimension in blocking + ("encoding",)})
            reasons += [Reason("finding", rule) for rule in rules]
        if self.min_score is not None and report.score < self.min_score:
            reasons.append(Reason("score", f"{report.score:g}"))
        return reasons

    def blocks(self, report) -> bool:
        return bool(self.reasons(report))


def parse_dimensions(value: str | list | tuple) -> tuple[str, ...]:
    """`aggressive,commercial` (or a list of names) as dimension names; ValueError naming the unknown one."""
    if not isinstance(value, (str, list, tuple)):
        raise ValueError(Phrase("expected dimension names, as a list or separated by commas"))
    names = value.split(",") if isinstance(value, str) else list(value)
    result = []
    for name in names:
        if not isinstance(name, str):
            raise ValueError(Phrase("dimension names must be strings"))
        name = name.strip()
        if not name:
            continue
        if name not in DIMENSIONS:
            nearest, known = nearest_name(name, DIMENSIONS), ", ".join(DIMENSIONS)
            if nearest:
                raise ValueError(Phrase("unknown dimension {name!r}; did you mean {nearest!r}? (known: {known})",
                                        name=name, nearest=nearest, known=known))
            raise ValueError(Phrase("unknown dimension {name!r} (known: {known})", name=name, known=known))
        if name not in result:
            result.append(name)
    if not result:
        raise ValueError(Phrase("name at least one dimension ({known})", known=", ".join(DIMENSIONS)))
    return tuple(result)

