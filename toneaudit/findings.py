"""The one result type of an audit: a finding at an exact span of the draft."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from .messages import Phrase


class Severity(str, Enum):
    """info < warning < error. A string too, so `finding.severity == "warning"` reads as in the JSON."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANKS[self.value]

    @classmethod
    def parse(cls, name: str) -> Severity:
        try:
            return cls(name.strip().lower())
        except (ValueError, AttributeError):
            raise ValueError(Phrase("unknown severity {name!r} (expected info, warning or error)", name=name)) from None

    def _rank_of(self, other: Severity | str) -> int:
        return other.rank if isinstance(other, Severity) else Severity.parse(other).rank

    def __lt__(self, other: Severity | str) -> bool:
        return self.rank < self._rank_of(other)

    def __le__(self, other: Severity | str) -> bool:
        return self.rank <= self._rank_of(other)

    def __gt__(self, other: Severity | str) -> bool:
        return self.rank > self._rank_of(other)

    def __ge__(self, other: Severity | str) -> bool:
        return self.rank >= self._rank_of(other)

    def __str__(self) -> str:
        return self.value

    __hash__ = str.__hash__


_RANKS = {"info": 1, "warning": 2, "error": 3}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one span. `start`/`end` index the decoded text; line/column are 1-based."""

    start: int
    end: int
    rule: str
    dimension: str
    severity: Severity
    message: str
    text: str
    line: int
    column: int
    suggestion: str | None = None
    # A literal replacement of `text` that `check --fix` may apply (None: a person must rewrite it).
    replacement: str | None = None
    # On a tone dimension that is not flagged: worth reading, not the draft's tone (never blocks by default).
    advice: bool = False

    @property
    def end_line(self) -> int:
        """1-based line of the last character."""
        return self.line + self.text.count("\n")

    @property
    def end_column(self) -> int:
        """1-based column just past the last character (SARIF's and GitHub's endColumn)."""
        last_break = self.text.rfind("\n")
        return len(self.text) - last_break if last_break >= 0 else self.column + len(self.text)

    def to_dict(self) -> dict[str, Any]:
        # The contract's field order, so the JSON reads the same way as the docs.
        return {"rule": self.rule, "dimension": self.dimension, "severity": str(self.severity),
                "message": self.message, "line": self.line, "column": self.column, "start": self.start,
                "end": self.end, "text": self.text, "suggestion": self.suggestion,
                "replacement": self.replacement, "advice": self.advice}
