"""A cheap test that a regular expression cannot match a draft, so that most drafts skip its scan.

Python's `re` scans a case-insensitive pattern that opens with a look-behind or an optional group by
trying it at every character; a rule's alternatives cost tens of microseconds per draft even where
nothing matches, which is nearly always. But almost every pattern holds a literal that any match must
contain ("reste ", "%", "au lieu de"). `required_literals` reads those from the parsed pattern, and
`Gate` looks for any of them in the draft in one fast pass. No literal found, no match possible: the
scan is skipped. Otherwise the pattern runs as before, so the matches are the same.
"""
from __future__ import annotations

import re
from re import _constants as sre  # the parsed form of patterns, as `re` itself builds it
from re import _parser

# Literals are looked for in casefolded text, which holds the casefolded form of anything a match
# (case-sensitive or not) holds. Two letters break this: `re` matches dotless ı and dotted İ with "i",
# and casefolding does not; a draft holding one of them is always scanned.
_FOLDING_TRAPS = re.compile("[\u0130\u0131]")
_MIN_USEFUL = 2  # a set of literals with a weaker one (a single letter, a space) is not worth a gate


def required_literals(pattern: str, flags: int = 0) -> list[frozenset[str]] | None:
    """Sets of strings such that every match of `pattern` contains one string of each set (at most the
    two most selective sets), or None when no useful set is known."""
    try:
        parsed = _parser.parse(pattern, flags)
    except re.error:
        return None
    useful = [found for found in _candidates(list(parsed)) if _selectivity(found) >= _MIN_USEFUL]
    if not useful:
        return None
    useful.sort(key=_selectivity, reverse=True)
    return [frozenset(found) for found in useful[:2]]


def _selectivity(strings) -> int:
    """How rare the weakest of these strings is, roughly: its length without spaces, and a lone symbol
    ("%", "€", "@") as good as three letters."""
    def weight(string: str) -> int:
        core = string.strip()
        return 3 if len(core) == 1 and not core.isalnum() else len(core)

    return min(map(weight, strings))


def _sequence(items) -> set[str] | None:
    """The best requirement of a sequence: its longest run of literals, or a mandatory part's own."""
    candidates = _candidates(items)
    return max(candidates, key=_selectivity) if candidates else None


def _candidates(items) -> list[set[str]]:
    """What each mandatory part of a sequence requires: its runs of literals, and its groups' own."""
    candidates, run = [], []
    for op, value in items:
        if op is sre.LITERAL:
            run.append(chr(value))
            continue
        if run:
            candidates.append({"".join(run)})
            run = []
        if op is sre.SUBPATTERN:
            found = _sequence(list(value[-1]))
        elif op is sre.BRANCH:
            found = _branches(value[1])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and value[0] >= 1:
            found = _sequence(list(value[2]))
        elif op is sre.ATOMIC_GROUP:
            found = _sequence(list(value))
        elif op is sre.ASSERT:  # what a look-ahead or look-behind requires is in the text too
            found = _sequence(list(value[1]))
        elif op is sre.IN and value and all(kind is sre.LITERAL for kind, _ in value):
            found = {chr(code) for _, code in value}  # "€|\$|£" is parsed as a set of characters
        else:  # character sets, any character, anchors, negative look-arounds, optional parts: nothing promised
            found = None
        if found:
            candidates.append(found)
    if run:
        candidates.append({"".join(run)})
    return candidates


def _branches(branches) -> set[str] | None:
    union: set[str] = set()
    for branch in branches:
        found = _sequence(list(branch))
        if not found:
            return None
        union |= found
    return union


class Gate:
    """Whether a draft may hold a match of one of several patterns: does its casefolded text hold, for
    some pattern, a string of each of the sets that pattern requires?"""

    def __init__(self, requirements: list[list[frozenset[str]]]):
        # Patterns that require the same sets are one alternative; `in` on a string is a fast C search,
        # faster than a regular expression of the alternatives for the few literals of a set.
        self.requirements = sorted({
            tuple(tuple(sorted(literal.casefold() for literal in found)) for found in sets) for sets in requirements
        })

    def may_match(self, folded_text: str | None) -> bool:
        """`folded_text` is `folded(text)`: None for a draft that must always be scanned."""
        if folded_text is None:
            return True
        holds = folded_text.__contains__
        for sets in self.requirements:  # loops and C-level `map`: this runs for every rule and draft
            for found in sets:
                if not any(map(holds, found)):
                    break
            else:
                return True
        return False


def folded(text: str) -> str | None:
    """The text casefolded, or None when casefolding would hide a match (see _FOLDING_TRAPS)."""
    return None if _FOLDING_TRAPS.search(text) else text.casefold()


def gate_for(patterns: list[str], flags: int = 0) -> Gate | None:
    """A gate for the alternation of `patterns`, or None if one of them requires no useful literal."""
    requirements = []
    for pattern in patterns:
        found = required_literals(pattern, flags)
        if found is None:
            return None
        requirements.append(found)
    return Gate(requirements)
