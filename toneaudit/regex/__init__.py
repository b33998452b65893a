"""Speed behind one door: shortcuts that read the parsed form of regular expressions.

Python's `re` exposes the parse tree of a pattern only through its private modules `re._parser` and
`re._constants`. This module is the only one that imports them. Two kinds of shortcut read that tree:
- `gate.py`: literals or words every match must hold, so that most drafts skip a rule's scan;
- `tokenmatch.py`: the exact, faster compilation of spaCy's French token_match while a pipeline loads.

Each shortcut has a plain path that gives the same results, slower. The plain path is taken when the
interpreter's internals are not the ones these shortcuts were written and tested for (a Python
outside 3.11–3.13, or a parse tree of another shape), and when TONEAUDIT_PLAIN_REGEX=1 asks for it
(the tests run the golden reports that way, see tests/regex/test_door.py).
"""
from __future__ import annotations

import re
import sys

from .. import runtime

try:  # the interpreter's private parser: what these shortcuts read
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - a Python without them takes the plain paths
    sre = _parser = None

_TESTED = ((3, 11), (3, 12), (3, 13))


def _internals_as_expected() -> bool:
    """Whether `re`'s parse tree has the shape the shortcuts read: a branch of two literals."""
    if _parser is None or sys.version_info[:2] not in _TESTED:
        return False
    try:
        items = list(_parser.parse("ab|c"))
        return (len(items) == 1 and items[0][0] is sre.BRANCH and
                [[op for op, _ in branch] for branch in items[0][1][1]] == [[sre.LITERAL, sre.LITERAL], [sre.LITERAL]])
    except Exception:  # noqa: BLE001 - any surprise in private internals means: do not use them
        return False


_SAFE = _internals_as_expected()


def shortcuts() -> bool:
    """Whether the shortcuts run (else every one takes its plain path)."""
    return _SAFE and not runtime.plain_regex()


def min_width(pattern: str, flags: int = 0) -> int | None:
    """The fewest characters a match of `pattern` takes, or None (shortcuts off, invalid pattern)."""
    if not shortcuts():
        return None
    try:
        return _parser.parse(pattern, flags).getwidth()[0]
    except (re.error, RecursionError):
        return None


def parse(pattern: str, flags: int = 0) -> list | None:
    """The parsed items of `pattern`, or None: shortcuts off, an invalid pattern, or one nested too deep."""
    if not shortcuts():
        return None
    try:
        return list(_parser.parse(pattern, flags))
    except (re.error, RecursionError):
        return None


_REPEATS = () if sre is None else (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


class Requirements:
    """What every match of a parsed pattern must hold: for each mandatory part of a sequence, a set of
    strings of which every match holds one. Groups, repeats of at least once and atomic groups require
    what the best of their parts requires; a branch, the union of what each alternative requires (or
    nothing, when one requires nothing); optional parts, negative look-arounds, "any character" and
    anchors, nothing.

    The two shortcuts that need this read it with their own leaves and their own idea of "best":
    gate.py wants strings a draft must contain (runs of literals, and what look-arounds see, which is in
    the draft too); tokenmatch.py wants characters a token must contain, each matched as itself
    whatever the flags (and not what look-arounds see, which may lie outside the token).
    """

    def __init__(self, literals, members, score, lookarounds: bool):
        self._literals = literals  # a run of literal characters → its set, or None
        self._members = members  # the members of a character set → its set, or None
        self.score = score  # the larger, the better a set
        self._lookarounds = lookarounds

    def of(self, items: list) -> list[set[str]]:
        """One set per mandatory part of the parsed sequence `items` that requires something, in order."""
        found: list[set[str] | None] = []
        run: list[str] = []
        for op, value in items:
            if op is sre.LITERAL:
                run.append(chr(value))
                continue
            if run:
                found.append(self._literals("".join(run)))
                run = []
            found.append(self._part(op, value))
        if run:
            found.append(self._literals("".join(run)))
        return [part for part in found if part]

    def best(self, items: list) -> set[str] | None:
        """The best set the parsed sequence `items` requires (the first of the best), or None."""
        found = self.of(items)
        return max(found, key=self.score) if found else None

    def _part(self, op, value) -> set[str] | None:
        if op is sre.SUBPATTERN:
            return self.best(list(value[-1]))
        if op is sre.BRANCH:
            union: set[str] = set()
            for branch in value[1]:
                found = self.best(list(branch))
                if not found:
                    return None
                union |= found
            return union
        if op in _REPEATS and value[0] >= 1:
            return self.best(list(value[2]))
        if op is sre.ATOMIC_GROUP:
            return self.best(list(value))
        if op is sre.ASSERT and self._lookarounds:  # a look-ahead or look-behind, not a negative one
            return self.best(list(value[1]))
        if op is sre.IN:
            return self._members(value)
        return None
