"""The one result type of an audit: a finding at an exact span of the draft."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import IntEnum


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> "Severity":
        try:
            return cls[name.strip().upper()]
        except (KeyError, AttributeError):
            raise ValueError(f"unknown severity {name!r} (expected info, warning or error)") from None

    def __str__(self) -> str:
        return self.name.lower()


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

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = str(self.severity)
        # The contract's field order, so the JSON reads the same way as the docs.
        order = ("rule", "dimension", "severity", "message", "line", "column", "start", "end", "text", "suggestion")
        return {key: data[key] for key in order}
