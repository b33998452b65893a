"""`check --fix`: the literal replacements of a report applied to its text, each only where it does no harm.

A finding carries a `replacement` only where the words can change without a person's judgement:
damaged characters repaired, "!!!" made "!", words in capitals lowered, slang and SMS spellings
replaced by the everyday word in the same form. Nothing in front matter, code, link targets, URLs or
quotation marks has one (rules do not read the first ones; the engine gives none to the others).
"""
from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from .findings import Finding


@dataclass(frozen=True)
class Fixed:
    text: str
    applied: tuple[Finding, ...]  # in the order applied, each as found in the text of its time (its line, column)
    report: object  # the fixed text's report


def fix(text: str, report, judge: Callable[[str], object], budget: int = 200) -> Fixed:
    """`text` with its safe replacements applied, one at a time from the start, each kept only if the
    text it gives is judged no worse than the original (`judge(text)` returns its report): no dimension
    flagged that was not, and no lower score. A replacement can touch the words a statistical judgement
    reads («!!» weighed against the institutional voice in one post): the fix never buys one finding
    with another. Returns the fixed text, and its report as `report`."""
    applied: list[Finding] = []
    refused: set[tuple[str, int]] = set()
    position = 0
    current, applied_in_sweep = report, False
    for _ in range(budget):
        candidates = sorted((f for f in current.findings if f.replacement is not None and f.replacement != f.text
                             and f.start >= position and (f.rule, f.start) not in refused
                             and text[f.start:f.end] == f.text), key=lambda f: (f.start, -f.end))
        if not candidates:
            # Sweeps until one changes nothing: a replacement refused early may be fine after later ones,
            # and a second `--fix` must find nothing left to do (it would judge against this text).
            if not applied_in_sweep:
                break
            refused, position, applied_in_sweep = set(), 0, False
            continue
        finding = candidates[0]
        attempt = text[:finding.start] + finding.replacement + text[finding.end:]
        judged = judge(attempt)
        if _worse(report, judged):
            refused.add((finding.rule, finding.start))
            continue
        text, current, position = attempt, judged, finding.start
        applied.append(finding)
        applied_in_sweep = True
    return Fixed(text, tuple(applied), current)


def _worse(before, after) -> bool:
    """Whether the fixed text's report says more than the original's: a lower score, a dimension newly
    flagged, or a finding that is not one of the original's (spelling out «tbh» can make a sentence long)."""
    if after.score < before.score:
        return True
    if any(dimension.flagged and not before.dimensions[name].flagged for name, dimension in after.dimensions.items()):
        return True
    return not all(_already_said(finding, before) for finding in after.findings)


def _already_said(finding: Finding, before) -> bool:
    """A finding of the fixed text that the original's report already made: the same rule, or the same
    dimension on the same words (lowered capitals may now read as the urgency they hid); a classifier
    finding where the original flagged its dimension (the verdict, now pointed at other words)."""
    if finding.rule.endswith(".classifier"):
        return before.dimensions[finding.dimension].flagged
    words = finding.text.lower()
    return any(other.rule == finding.rule or (other.dimension == finding.dimension
                                               and (words in other.text.lower() or other.text.lower() in words))
               for other in before.findings)


def unified_diff(path: str, before: str, after: str) -> str:
    """The patch from `before` to `after`, as `diff -u` and `git apply` read it."""
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{path}", tofile=f"b/{path}")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
