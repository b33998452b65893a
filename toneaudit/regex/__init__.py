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
