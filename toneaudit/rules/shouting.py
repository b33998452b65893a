"""Kinds that catch shouting: runs of "!" and "?!", words in capitals, piles of hype emojis."""
from __future__ import annotations

import re

from ..findings import Severity
from . import REQUIRED, Hit, Rule, kind

_PUNCTUATION_RUN = re.compile(r"[!?¡¿‼⁉❗❓]{2,}")
_LETTER_WORD = re.compile(r"(?<![\w@#/.])[^\W\d_]{2,}(?:['-][^\W\d_]+)*(?![\w/])")


@kind("punctuation-run", params={"min_error": (int, 3)})
def find_punctuation_runs(ctx, rule: Rule):
    """'!!' or '?!' is a raised voice; 'min_error' marks or more is shouting."""
    min_error = rule.params["min_error"]
    for match in _PUNCTUATION_RUN.finditer(ctx.text):
        run = match.group()
        if set(run) <= {"?", "¿", "❓"}:  # "??" is puzzlement, not pressure
            continue
        severity = Severity.ERROR if len(run) >= min_error else None
        # One mark says the same thing: a question stays a question.
        calm = "?" if set(run) & {"?", "¿", "❓", "⁉"} else "!"
        yield Hit(match.start(), match.end(), severity=severity, replacement=calm)


def may_hold_capitals(runs: frozenset[str]) -> bool:
    """False when a text whose runs of word characters are `runs` has no word in capitals.

    Such a word starts with a whole run of two letters or more, none of them lower-case, so that the
    run upper-cased is itself (true of every letter that leaves `isupper()` true: tests/rules checks
    all of Unicode); runs of digits are the usual others that upper-casing leaves alone.
    """
    return any(len(run) > 1 and not run.isdecimal() for run in runs.intersection(map(str.upper, runs)))


# What may stand between two words in capitals of one shouted run: spaces, marks and numbers ("JUSQU'À
# -50 % CE WEEK-END"), but no lower-case letter and no comma or full stop, which part a list of sigles.
_RUN_GAP = re.compile(r"[\s!?¡¿'’\-–—:&+%€$£0-9]*")


@kind("capitals", params={"acronyms": (list, []), "min_run_letters": (int, 10), "min_word_letters": (int, 7)})
def find_capitals(ctx, rule: Rule):
    """Shouting in capitals: a run of words in capitals with `min_run_letters` letters or more, or one
    long word (`min_word_letters`). Sigles and acronyms (short words in capitals, or listed) are how
    people write names ("SEO", "RGPD", "VIVA TECH"), not shouting."""
    # Most drafts have no word in capitals, which a cheap test tells before the loop over words (those
    # it lets through nearly all have one: a second test would only scan the text twice).
    if not may_hold_capitals(ctx.runs_as_written):
        return
    acronyms = rule.words("acronyms", str.upper)
    min_run = rule.params["min_run_letters"]
    min_word = rule.params["min_word_letters"]
    run: list = []  # (start, end, letters) of the words in capitals of the current run

    def shouted():
        letters = sum(item[2] for item in run)
        if (len(run) > 1 and letters >= min_run) or (len(run) == 1 and letters >= min_word):
            return Hit(run[0][0], run[-1][1], replacement=_lowered(ctx.text, run[0][0], run[-1][1]))
        return None

    for match in _LETTER_WORD.finditer(ctx.text):
        word = match.group()
        # isupper() is False for scripts without case (Arabic, CJK…), which can't shout this way.
        capitals = word.isupper() and word not in acronyms and not ctx.draft.in_url(*match.span())
        if capitals and run and not _RUN_GAP.fullmatch(ctx.text, run[-1][1], match.start()):
            hit = shouted()
            if hit:
                yield hit
            run = []
        if capitals:
            run.append((match.start(), match.end(), sum(char.isalpha() for char in word)))
        elif run:
            hit = shouted()
            if hit:
                yield hit
            run = []
    if run:
        hit = shouted()
        if hit:
            yield hit


def _lowered(text: str, start: int, end: int) -> str:
    """Words in capitals written in lower case, with a capital where a sentence starts (the look back
    stops at the first character that is not a space: a megabyte of hits stays linear)."""
    lowered = text[start:end].lower()
    before = start - 1
    while before >= 0 and text[before].isspace() and text[before] != "\n":
        before -= 1
    if before < 0 or text[before] in ".!?…:\n":
        lowered = lowered[:1].upper() + lowered[1:]
    return lowered


def _emoji_regexes(rule: Rule) -> tuple[re.Pattern, re.Pattern]:
    """Any one of the rule's emojis (each is one character: a longer entry never matched one), and a
    cheaper gate for it: a few ranges of code points that hold them all. `re` tests a class of scattered
    emojis one by one at every character of the draft, and most drafts hold none."""
    points = sorted({ord(emoji) for emoji in rule.params["emojis"] if len(emoji) == 1})
    if not points:
        return re.compile("(?!)"), re.compile("(?!)")
    ranges = [[points[0], points[0]]]
    for point in points[1:]:
        if point - ranges[-1][1] <= 256:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    gate = "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in ranges)
    return re.compile("[" + "".join(re.escape(chr(point)) for point in points) + "]"), re.compile(f"[{gate}]")


@kind("emoji-run", params={"emojis": (list, REQUIRED), "min_warning": (int, 3)})
def find_emoji_hype(ctx, rule: Rule):
    """Hype emojis (🔥🚀💯👉…): one is decoration, a pile of them is pressure."""
    min_warning = rule.params["min_warning"]
    emojis, gate = rule.compiled(_emoji_regexes)
    if not gate.search(ctx.text):
        return
    positions = [match.start() for match in emojis.finditer(ctx.text)]
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
