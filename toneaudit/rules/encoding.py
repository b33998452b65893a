"""Kind `mojibake`: text decoded with the wrong encoding ("rÃ©seaux"), which must never be published."""
from __future__ import annotations

import re

from . import Hit, Rule, kind

_WORD_AROUND = re.compile(r"\S+")
# Text decoded with the wrong single-byte encoding turns each non-ASCII character into two or three
# non-ASCII characters in a row. ftfy's badness patterns also catch a few shorter traces: a C1 control
# character (cp1252's ’ read as Latin-1 is U+0092), "Ã" or "Â" before a space ("voilÃ "), and "œ" before
# anything but a letter. Every one of its patterns holds one of these (tests/rules/test_kinds.py), so a
# draft with none of them cannot hold mojibake, and spares ftfy's scan (and its import).
# The pair is of characters ftfy's patterns can name: none of them is above U+FFFD, a variation selector,
# the zero-width joiner or the keycap, which is what most non-ASCII pairs in drafts are (emojis: "🔥🔥",
# "❤️", "🏃‍♀️"). Every alternative starts with one non-ASCII character, so the scan skips ASCII text fast.
_PAIRED = r"\x80-\u200c\u200e-\u20e2\u20e4-\ufdff\ufe10-\ufffd"
_MAY_BE_MOJIBAKE = re.compile(
    rf"[^\x00-\x7f](?:(?<=[\x80-\x9f])|(?<=[{_PAIRED}])[{_PAIRED}]|(?<=[ÃÂ]) |(?<=[Œœ])[^A-Za-z])")


@kind("mojibake")
def find_mojibake(ctx, rule: Rule):
    if not _MAY_BE_MOJIBAKE.search(ctx.draft.text):
        return
    import ftfy
    from ftfy.badness import BADNESS_RE, is_bad

    text = ctx.draft.text
    if not is_bad(text):
        return
    seen_end = -1
    for match in BADNESS_RE.finditer(text):
        # Report the whole word that holds the damage, with ftfy's repair as the suggestion.
        start, end = match.span()
        for word in _WORD_AROUND.finditer(text, max(0, start - 40), min(len(text), end + 40)):
            if word.start() <= start < word.end() or word.start() < end <= word.end():
                start, end = min(start, word.start()), max(end, word.end())
        if start < seen_end:
            continue
        seen_end = end
        fixed = ftfy.fix_text(text[start:end])
        yield Hit(start, end, replacement=fixed if fixed != text[start:end] else None)
