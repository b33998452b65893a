"""Kinds that catch shouting: runs of "!" and "?!", words in capitals, piles of hype emojis."""
from __future__ import annotations

import re

from ..findings import Severity
from . import Hit, Rule, kind

_PUNCTUATION_RUN = re.compile(r"[!?¡¿‼⁉❗❓]{2,}")
_LETTER_WORD = re.compile(r"(?<![\w@#/.])[^\W\d_]{2,}(?:['-][^\W\d_]+)*(?![\w/])")


@kind("punctuation-run")
def find_punctuation_runs(ctx, rule: Rule):
    """'!!' or '?!' is a raised voice; 'min_error' marks or more is shouting."""
    min_error = rule.params.get("min_error", 3)
    for match in _PUNCTUATION_RUN.finditer(ctx.text):
        run = match.group()
        if set(run) <= {"?", "¿", "❓"}:  # "??" is puzzlement, not pressure
            continue
        severity = Severity.ERROR if len(run) >= min_error else None
        yield Hit(match.start(), match.end(), severity=severity)


@kind("capitals")
def find_capitals(ctx, rule: Rule):
    """Words in capitals, except acronyms and short words listed in the data."""
    # Most drafts have no word in capitals: one C-level pass tells, before the loop over words.
    if not any(map(str.isupper, _LETTER_WORD.findall(ctx.text))):
        return
    acronyms = rule.words("acronyms", str.upper)
    min_letters = rule.params.get("min_letters", 4)
    for match in _LETTER_WORD.finditer(ctx.text):
        word = match.group()
        # isupper() is False for scripts without case (Arabic, CJK…), which can't shout this way.
        if not word.isupper() or sum(char.isalpha() for char in word) < min_letters:
            continue
        if word in acronyms or ctx.draft.in_url(*match.span()):
            continue
        yield Hit(match.start(), match.end())


def _emoji_regex(rule: Rule) -> re.Pattern:
    """Any one of the rule's emojis. Each is one character (a longer entry could never equal one)."""
    emojis = sorted(emoji for emoji in set(rule.params.get("emojis", ())) if len(emoji) == 1)
    return re.compile("[" + "".join(map(re.escape, emojis)) + "]" if emojis else "(?!)")


@kind("emoji-run")
def find_emoji_hype(ctx, rule: Rule):
    """Hype emojis (🔥🚀💯👉…): one is decoration, a pile of them is pressure."""
    min_warning = rule.params.get("min_warning", 3)
    positions = [match.start() for match in rule.compiled(_emoji_regex).finditer(ctx.text)]
    if not positions:
        return
    # Group emojis that stand together (only spaces or variation selectors between them).
    groups, current = [], [positions[0]]
    for position in positions[1:]:
        if not ctx.text[current[-1] + 1:position].strip(" \ufe0f\u200d"):
            current.append(position)
        else:
            groups.append(current)
            current = [position]
    groups.append(current)
    total = len(positions)
    for group in groups:
        severity = Severity.WARNING if len(group) >= 2 or total >= min_warning else Severity.INFO
        yield Hit(group[0], group[-1] + 1, severity=severity, details=(("count", total),))
