r"""A cheap test that a regular expression cannot match a draft, so that most drafts skip its scan.

Python's `re` scans a case-insensitive pattern that opens with a look-behind or an optional group by
trying it at every character; a rule's alternatives cost tens of microseconds per draft even where
nothing matches, which is nearly always. But almost every pattern holds a literal that any match must
contain ("reste ", "%", "au lieu de"). `required_literals` reads those from the parsed pattern, and
`Gate` looks for any of them in the draft in one fast pass. No literal found, no match possible: the
scan is skipped. Otherwise the pattern runs as before, so the matches are the same.

A literal is weak when it is short and common ("c", "la", "-"), but many patterns hold such a literal
as a whole word: `(?<![\w'])c(?=\s+(?:trop|cool)(?!\w))` needs "c" and one of "trop", "cool", each a
whole run of word characters. `required_words` reads those too, and the gate also looks them up in
the set of the draft's runs, which a draft holding "la" or "-" but not those words does not pass.
"""
from __future__ import annotations

import re

from . import Requirements, parse, sre

# Literals are looked for in casefolded text, which holds the casefolded form of anything a match
# (case-sensitive or not) holds. A few letters break this: `re` matches dotless ı and dotted İ with "i",
# long ſ with "s" and the Kelvin sign with "k", and casefolding or lower-casing does not; a draft
# holding one of them is always scanned.
_FOLDING_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")
_MIN_USEFUL = 2  # a set of literals with a weaker one (a single letter, a space) is not worth a gate


def required_literals(pattern: str, flags: int = 0) -> list[frozenset[str]] | None:
    """Sets of strings such that every match of `pattern` contains one string of each set (at most the
    two most selective sets), or None when no useful set is known."""
    parsed = parse(pattern, flags)
    if parsed is None:
        return None
    useful = [found for found in _LITERALS.of(parsed) if _selectivity(found) >= _MIN_USEFUL]
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


def _literal_members(members) -> set[str] | None:
    """A set of literal characters ("€|\\$|£" is parsed as one) requires one of them; any other set, nothing."""
    return {chr(code) for _, code in members} if members and all(op is sre.LITERAL for op, _ in members) else None


# Runs of literals and what look-arounds see: all of it is in the draft.
_LITERALS = Requirements(literals=lambda run: {run}, members=_literal_members, score=_selectivity, lookarounds=True)


def required_words(pattern: str, flags: int = 0) -> list[frozenset[str]] | None:
    r"""Sets of words such that every match of `pattern` holds one word of each set as a whole run of word
    characters (lower-cased unless the pattern is case-sensitive), or None when none is known.

    A literal run of word characters is a whole run when the pattern guarantees a character that is not
    a word character (or the start or end of the text) on both sides of it: a literal space or
    punctuation, `\s`, a look-behind `(?<!\w)`, a look-ahead `(?!\w)` or `(?=\s…)`.
    """
    parsed = parse(pattern, flags)
    if parsed is None:
        return None
    if _changes_case_flag(list(parsed)):  # "(?i:…)" inside: which runs to look in is not one answer
        return None
    fold = (lambda word: word) if not flags & re.IGNORECASE else str.lower
    found = [frozenset(map(fold, words)) for words in _words_of(list(parsed), False, False)]
    return sorted(found, key=len)[:3] or None


def _words_of(items, before: bool, after: bool) -> list[set[str]]:
    """What a sequence requires as whole words; `before` and `after` say whether the text around the
    sequence is known not to be a word character there."""
    found, index = [], 0
    guard = before  # is the character before the current point known not to be a word character?
    while index < len(items):
        op, value = items[index]
        if op is sre.LITERAL:
            end = index
            while end < len(items) and items[end][0] is sre.LITERAL:
                end += 1
            text = "".join(chr(code) for _, code in items[index:end])
            text_after = _starts_apart(items[end:], after)
            for run in _RUN.finditer(text):
                left = text[run.start() - 1] if run.start() else None
                if (guard if left is None else not is_word_char(left)) and (run.end() < len(text) or text_after):
                    found.append({run.group()})
            guard, index = not is_word_char(text[-1]), end
            continue
        rest_apart = _starts_apart(items[index + 1:], after)
        if op is sre.SUBPATTERN:
            found += _words_of(list(value[-1]), guard, rest_apart)
            guard = _ends_apart(list(value[-1]), guard)
        elif op is sre.BRANCH:
            per_branch = [_words_of(list(branch), guard, rest_apart) for branch in value[1]]
            if all(per_branch):
                found.append(set().union(*(min(sets, key=len) for sets in per_branch)))
            guard = all(_ends_apart(list(branch), guard) for branch in value[1])
        elif op is sre.ASSERT:
            if value[0] == 1:  # what a look-ahead holds, the text holds at that point
                found += _words_of(list(value[1]), guard, False)
        elif op is sre.ASSERT_NOT:
            if value[0] == -1 and _excludes_words(list(value[1])):  # (?<!\w)
                guard = True
        elif op is sre.AT:
            guard = guard or value in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            body_apart = _ends_apart(list(value[2]), False)
            guard = body_apart if value[0] >= 1 else guard and body_apart
        else:
            guard = op is sre.IN and _class_apart(value)
        index += 1
    return found


def _changes_case_flag(items) -> bool:
    for op, value in items:
        if op is sre.SUBPATTERN and (value[1] | value[2]) & re.IGNORECASE:
            return True
        if any(_changes_case_flag(list(part)) for part in _nested(op, value)):
            return True
    return False


def _nested(op, value) -> list:
    """The sub-patterns of one parsed item (none for a literal, a class, an anchor...)."""
    if op is sre.SUBPATTERN:
        return [value[-1]]
    if op is sre.BRANCH:
        return list(value[1])
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [value[1]]
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        return [value[2]]
    if op is sre.ATOMIC_GROUP:
        return [value]
    return []


def _starts_apart(items, after: bool) -> bool:
    """Is the first character these items match known not to be a word character (or the text's end)?"""
    if not items:
        return after
    op, value = items[0]
    if op is sre.LITERAL:
        return not is_word_char(chr(value))
    if op is sre.IN:
        return _class_apart(value)
    if op is sre.ASSERT_NOT and value[0] == 1 and _excludes_words(list(value[1])):  # (?!\w)
        return True
    if op is sre.ASSERT and value[0] == 1:
        return _starts_apart(list(value[1]), False) or _starts_apart(items[1:], after)
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return _starts_apart(items[1:], after)
    if op is sre.SUBPATTERN:
        return _starts_apart(list(value[-1]) + list(items[1:]), after)
    if op is sre.BRANCH:
        return all(_starts_apart(list(branch) + list(items[1:]), after) for branch in value[1])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        body = _starts_apart(list(value[2]), False)
        return body if value[0] >= 1 else body and _starts_apart(items[1:], after)
    if op is sre.AT:
        return value in (sre.AT_END, sre.AT_END_STRING)
    return False


def _ends_apart(items, before: bool) -> bool:
    """Is the last character these items match known not to be a word character?"""
    while items and items[-1][0] in (sre.ASSERT, sre.ASSERT_NOT):
        items = items[:-1]
    if not items:
        return before
    op, value = items[-1]
    if op is sre.LITERAL:
        return not is_word_char(chr(value))
    if op is sre.IN:
        return _class_apart(value)
    if op is sre.SUBPATTERN:
        return _ends_apart(list(items[:-1]) + list(value[-1]), before)
    if op is sre.BRANCH:
        return all(_ends_apart(list(items[:-1]) + list(branch), before) for branch in value[1])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        body = _ends_apart(list(value[2]), False)
        return body if value[0] >= 1 else body and _ends_apart(list(items[:-1]), before)
    return False


def _class_apart(members) -> bool:
    r"""Does a character class hold no word character (`\s`, `\W`, punctuation)?"""
    for op, value in members:
        if op is sre.LITERAL and not is_word_char(chr(value)):
            continue
        if op is sre.CATEGORY and value in (sre.CATEGORY_SPACE, sre.CATEGORY_NOT_WORD, sre.CATEGORY_LINEBREAK):
            continue
        if op is sre.RANGE and value[1] - value[0] < 256 and not any(is_word_char(chr(code)) for code in range(value[0], value[1] + 1)):
            continue
        return False
    return bool(members)


def _excludes_words(items) -> bool:
    r"""Is this the body of `(?<!\w…)` or `(?!\w…)`: one class that holds every word character?"""
    return len(items) == 1 and items[0][0] is sre.IN and any(
        op is sre.CATEGORY and value is sre.CATEGORY_WORD for op, value in items[0][1])


def first_chars(pattern: str, flags: int = 0) -> re.Pattern | None:
    """A character class that the first character of every match of `pattern` belongs to, when it holds
    no letter and no space (digits, "€", "#"…): such characters are few in a draft, and trying the
    pattern only where they stand finds what a scan from every position finds. Else None."""
    parsed = parse(pattern, flags)
    items = _first_items(parsed) if parsed is not None else None
    if not items:
        return None
    members = []
    for op, value in items:
        if op is sre.LITERAL and not chr(value).isalpha() and not chr(value).isspace():
            members.append(re.escape(chr(value)))
        elif op is sre.RANGE and value[1] - value[0] < 256 and not any(
                chr(code).isalpha() or chr(code).isspace() for code in range(value[0], value[1] + 1)):
            members.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        elif op is sre.CATEGORY and value is sre.CATEGORY_DIGIT:
            members.append(r"\d")
        else:
            return None
    return re.compile("[" + "".join(members) + "]", flags & (re.IGNORECASE | re.ASCII))


def finditer_from(regex: re.Pattern, starts: re.Pattern | None, text: str, position: int = 0):
    """What `regex.finditer(text, position)` gives, for a regex whose matches are never empty and start
    with a character of `starts` (see first_chars): tried only where such a character stands. Without
    `starts` (the shortcuts are off), the plain scan."""
    if starts is None:
        yield from regex.finditer(text, position)
        return
    match = regex.match
    for start in starts.finditer(text, position):
        if start.start() >= position:
            found = match(text, start.start())
            if found is not None:
                yield found
                position = found.end()


def _first_items(items) -> list | None:
    """The class members (parsed) of the first character a match of this sequence consumes, or None."""
    for op, value in items:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero-width: the first character is the next item's
        if op is sre.LITERAL:
            return [(op, value)]
        if op is sre.IN:
            return None if any(member_op is sre.NEGATE for member_op, _ in value) else list(value)
        if op is sre.SUBPATTERN:
            return _first_items(list(value[-1]))
        if op is sre.BRANCH:
            found = [_first_items(list(branch)) for branch in value[1]]
            known = [branch for branch in found if branch is not None]
            return [item for branch in known for item in branch] if len(known) == len(found) else None
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and value[0] >= 1:
            return _first_items(list(value[2]))
        return None  # optional, "any character", a reference…: not known
    return None


def is_word_char(char: str) -> bool:
    r"""What `\w` matches in a str pattern (`re` tests the same Unicode property, or "_")."""
    return char.isalnum() or char == "_"


_RUN = re.compile(r"\w+")


class Gate:
    """Whether a draft may hold a match of one of several patterns: does its casefolded text hold, for
    some pattern, a string of each of the sets that pattern requires, and its runs of word characters
    a word of each of the sets of words the pattern requires?"""

    def __init__(self, requirements: list[list[frozenset[str]]], words: list[list[frozenset[str]]] | None = None,
                 case_sensitive: bool = False):
        self.case_sensitive = case_sensitive  # which runs to look words up in: as written, or lower-cased
        # Patterns that require the same sets are one alternative; `in` on a string is a fast C search,
        # faster than a regular expression of the alternatives for the few literals of a set.
        words = words or [[] for _ in requirements]
        self.requirements = sorted({
            (tuple(tuple(sorted(literal.casefold() for literal in found)) for found in sets),
             tuple(tuple(sorted(found)) for found in word_sets))
            for sets, word_sets in zip(requirements, words)
        })
        self.needs_words = any(word_sets for _, word_sets in self.requirements)

    def may_match(self, folded_text: str | None, runs: frozenset[str] | None = None) -> bool:
        """`folded_text` is `folded(text)`, None for a draft that must always be scanned; `runs` the
        draft's runs of word characters, lower-cased for case-insensitive patterns (None: not used)."""
        if folded_text is None:
            return True
        holds = folded_text.__contains__
        for sets, word_sets in self.requirements:  # loops and C-level `map`: this runs for every rule and draft
            # Words first: looking them up in a set costs less than searching the text for literals.
            if runs is not None and any(map(runs.isdisjoint, word_sets)):
                continue
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
    """A gate for the alternation of `patterns`, or None if one of them requires no useful literal
    and no word."""
    requirements, words = [], []
    for pattern in patterns:
        found, found_words = required_literals(pattern, flags), required_words(pattern, flags)
        if found is None and found_words is None:
            return None
        requirements.append(found or [])
        words.append(found_words or [])
    return Gate(requirements, words, case_sensitive=not flags & re.IGNORECASE)
