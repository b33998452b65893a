"""Prepare a draft for analysis without ever moving a character.

Rules read `analysis_text`, a copy of the decoded text of exactly the same length in which the parts
that are not judged (front matter, code, link targets, HTML comments) are blanked with spaces and a few
look-alike characters are folded (typographic apostrophes, non-breaking spaces). Because no character
is added or removed, every offset found in `analysis_text` is an offset into the original text.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from .normalise import Normalised
from .regex.gate import finditer_from, first_chars

# Same-length foldings: one character in, one character out.
_FOLD = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "\u2032": "'",
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ",
    "\u200b": " ", "\u200c": " ", "\u200d": " ", "\u2060": " ", "\ufeff": " ",
    "\u200e": " ", "\u200f": " ", "\u202a": " ", "\u202b": " ", "\u202c": " ", "\u202d": " ", "\u202e": " ",
    "\u2066": " ", "\u2067": " ", "\u2068": " ", "\u2069": " ",
    "\u2010": "-", "\u2011": "-",
})

# `str.translate` looks every character up in the table; most drafts hold one or two of these
# characters, found in one pass and replaced each in one C-level pass.
_FOLDABLE = re.compile("[" + "".join(map(chr, _FOLD)) + "]")

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mdx")

_LINE_BREAK = re.compile(r"\n")
_MARKDOWN_LINE_BREAK = re.compile(r"\r\n?|\n")
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?(---|\+\+\+)[ \t]*\r?\n.*?^\1[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)
# A code span opens and closes with backtick runs of the same length (CommonMark); possessive, so that a
# long run of backticks is not retried at every shorter length (quadratic on "````…").
_INLINE_CODE = re.compile(r"(?<!`)(`++)[^`\n]+?(?<!`)\1(?!`)")
_LINK_TARGET = re.compile(r"(?<=\])\([^()\s]*(?:\s+\"[^\"\n]*\")?\)")
_REFERENCE_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[^\n]*$", re.MULTILINE)
_AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^>\s]*>")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]{}\"']+[^\s<>()\[\]{}\"'.,;:!?…]")
_QUOTED = re.compile(r"«[^«»\n]{1,200}»|\"[^\"\n]{1,200}\"|“[^“”\n]{1,200}”|‘[^‘’\n]{1,80}’(?!\w)|(?<!\w)'[^'\n]{1,80}'(?!\w)")
_QUOTE_MARK = first_chars(_QUOTED.pattern)  # «, ", “ or ': what every `_QUOTED` match starts with
_DIRECTIVE = re.compile(r"<!--\s*toneaudit\s*:\s*(disable|disable-next-line|enable)\s*=\s*([\w.,\s-]+?)\s*-->", re.IGNORECASE)


class Spans:
    """Spans in the order `finditer` gives them (starts, and so ends, never decreasing), asked by
    bisection: a question costs the same with ten spans or a hundred thousand."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = spans
        self.starts = [start for start, _ in spans]

    def overlap(self, start: int, end: int) -> bool:
        """Whether one of the spans overlaps [start, end)."""
        # Of the spans that start before `end`, the last one ends last: if any reaches past `start`, it does.
        index = bisect.bisect_left(self.starts, end) - 1
        return index >= 0 and start < self.spans[index][1]

    def contain(self, start: int, end: int) -> bool:
        """Whether one of the spans holds [start, end) whole."""
        index = bisect.bisect_right(self.starts, start) - 1
        return index >= 0 and end <= self.spans[index][1]


class Suppressions:
    """The inline directives of a draft, by the name they give: a rule, a dotted prefix of rules, or "all".

    At an offset, the most recent `disable` or `enable` that names a rule or one of its prefixes decides
    whether the rule is off; `disable-next-line` silences its next non-empty line whatever that state.
    """

    def __init__(self):
        self.changes: dict[str, tuple[list[int], list[bool]]] = {}  # name -> offsets and "disabled from here"
        self.lines: dict[str, list[tuple[int, int]]] = {}  # name -> the lines its next-line directives silence
        self._line_spans: dict[str, Spans] = {}
        # Each name a directive gives, with its span in the text (unknown names are reported).
        self.named: list[tuple[str, int, int]] = []

    def set(self, names: tuple[str, ...], offset: int, disabled: bool) -> None:
        for name in names:
            offsets, states = self.changes.setdefault(name, ([], []))
            offsets.append(offset)
            states.append(disabled)

    def silence_line(self, names: tuple[str, ...], start: int, end: int) -> None:
        for name in names:
            self.lines.setdefault(name, []).append((start, end))

    def covers(self, rule: str, offset: int) -> bool:
        parts = rule.split(".")
        latest, disabled = -1, False
        for name in ("all", *(".".join(parts[:size]) for size in range(1, len(parts) + 1))):
            lines = self.lines.get(name)
            if lines is not None:
                if name not in self._line_spans:
                    self._line_spans[name] = Spans(lines)
                if self._line_spans[name].contain(offset, offset + 1):
                    return True
            found = self.changes.get(name)
            if found is not None:
                index = bisect.bisect_right(found[0], offset) - 1
                if index >= 0 and found[0][index] > latest:
                    latest, disabled = found[0][index], found[1][index]
        return disabled


# spaCy's tokenizer strips affixes one at a time, re-searching the rest: quadratic on a long run of
# punctuation ("!" × 200,000 would take an hour). The text given to spaCy has a space in place of one
# character every so often in such runs (same length, so offsets hold); rules still read the real run.
_PUNCTUATION_RUN = re.compile(r"[^\w\s]{50,}")
_LONG_CHUNK = re.compile(r"\S{1000,}")


def _breakable(text: str) -> str:
    def every(step: int):
        def replace(match):
            chunk = list(match.group())
            for index in range(step - 1, len(chunk), step):
                chunk[index] = " "
            return "".join(chunk)
        return replace

    text = _PUNCTUATION_RUN.sub(every(50), text)
    return _LONG_CHUNK.sub(every(1000), text)


@dataclass
class Draft:
    text: str
    analysis_text: str
    line_starts: list[int]
    url_spans: list[tuple[int, int]] = field(default_factory=list)
    quoted_spans: list[tuple[int, int]] = field(default_factory=list)
    suppressions: Suppressions | None = None
    front_matter_off: bool = False
    # What spaCy reads: analysis_text with pathological runs broken up (see _breakable).
    nlp_text: str = ""
    # The text as written when it is not in NFC: `text` is then its NFC copy, and every offset here is
    # one of the copy (see normalise.py).
    written: Normalised | None = None

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def in_url(self, start: int, end: int) -> bool:
        return bool(self.url_spans) and self._urls.overlap(start, end)

    def in_quotes(self, start: int, end: int) -> bool:
        return bool(self.quoted_spans) and self._quotes.overlap(start, end)

    def quoted(self, start: int, end: int) -> bool:
        """Whether [start, end) lies wholly inside quotation marks: words the draft quotes, not its own."""
        return bool(self.quoted_spans) and self._quotes.contain(start, end)

    def is_suppressed(self, rule: str, offset: int) -> bool:
        return self.suppressions is not None and self.suppressions.covers(rule, offset)

    # Built on the first question: most drafts have no URL and no quotation, and are never asked.
    @cached_property
    def _urls(self) -> Spans:
        return Spans(self.url_spans)

    @cached_property
    def _quotes(self) -> Spans:
        return Spans(self.quoted_spans)


def _blank(chars: list[str], start: int, end: int) -> None:
    for index in range(start, end):
        if chars[index] not in "\r\n":
            chars[index] = " "


def _markdown_code_lines(text: str) -> list[tuple[int, int, bool]]:
    """Line ranges [first, last) of fenced and indented code blocks and raw HTML blocks, by CommonMark,
    each with whether it is code (not HTML)."""
    from markdown_it import MarkdownIt

    ranges = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type in ("fence", "code_block", "html_block") and token.map:
            ranges.append((token.map[0], token.map[1], token.type != "html_block"))
    return ranges


def prepare(text: str, markdown: bool = False) -> Draft:
    line_starts = [0] + [match.end() for match in _LINE_BREAK.finditer(text)]
    folded = text
    for char in set(_FOLDABLE.findall(text)):
        folded = folded.replace(char, _FOLD[ord(char)])
    front_matter_off = False
    blanks: list[tuple[int, int]] = []  # (start, end) of what analysis does not read
    html: list[tuple[int, int]] = []  # those of them that are HTML (comments, raw blocks), where directives count

    front = _FRONT_MATTER.match(text)
    if front:
        front_matter_off = bool(re.search(r"^toneaudit\s*[:=]\s*[\"']?(off|false)\b", front.group(0), re.MULTILINE | re.IGNORECASE))
        blanks.append((0, front.end()))
    if markdown:
        # CommonMark ends a line at "\r" too: its block lines are mapped to the text by its own line breaks.
        block_starts = line_starts
        if "\r" in text:
            block_starts = [0] + [match.end() for match in _MARKDOWN_LINE_BREAK.finditer(text)]
        for first, last, code in _markdown_code_lines(text):
            end = block_starts[last] if last < len(block_starts) else len(text)
            (blanks if code else html).append((block_starts[first], end))
        for pattern in (_INLINE_CODE, _LINK_TARGET, _REFERENCE_DEFINITION, _AUTOLINK, _HTML_TAG):
            blanks.extend(match.span() for match in pattern.finditer(text))
    unjudged = list(blanks)  # code, front matter, link targets: a directive shown there is not one
    blanks += html
    blanks.extend(match.span() for match in _HTML_COMMENT.finditer(text))

    if blanks:  # most drafts have nothing to blank: no list of characters to build then
        chars = list(folded)
        for start, end in blanks:
            _blank(chars, start, end)
        analysis_text = "".join(chars)
    else:
        analysis_text = folded
    return Draft(
        text=text,
        analysis_text=analysis_text,
        nlp_text=_breakable(analysis_text),
        line_starts=line_starts,
        url_spans=[match.span() for match in _URL.finditer(analysis_text)]
        if "://" in analysis_text or "www." in analysis_text else [],
        quoted_spans=_quoted_spans(analysis_text),
        suppressions=_suppressions(text, line_starts, unjudged),
        front_matter_off=front_matter_off,
    )


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """`_QUOTED.finditer` spans, trying the pattern only where a quotation mark stands (every match
    starts with one): a scan from every character costs several times more."""
    return [match.span() for match in finditer_from(_QUOTED, _QUOTE_MARK, text)]


def _suppressions(text: str, line_starts: list[int], unjudged: list[tuple[int, int]]) -> Suppressions | None:
    """The directives of the draft, or None when it has none (most drafts)."""
    directives = list(_DIRECTIVE.finditer(text)) if "<!--" in text else []
    if directives and unjudged:
        skipped = Spans(merged_spans(unjudged))
        directives = [match for match in directives if not skipped.overlap(*match.span())]
    if not directives:
        return None
    found = Suppressions()
    text_at = -1  # where the last next-line lookup found text (see below)
    for match in directives:
        action = match.group(1).lower()
        names = tuple(part.strip() for part in match.group(2).split(",") if part.strip())
        found.named.extend((name.group(), match.start(2) + name.start(), match.start(2) + name.end())
                           for name in _NAME.finditer(match.group(2)))
        if action != "disable-next-line":
            found.set(names, match.end(), action == "disable")
            continue
        line = bisect.bisect_right(line_starts, match.end())
        if line == len(line_starts):
            continue  # no line after it
        # Directives come in order: a lookup that starts before the text the last one found finds it too
        # (each stretch of blank lines is read once, however many directives stand before it).
        if line_starts[line] > text_at:
            after = _TEXT.search(text, line_starts[line])
            text_at = after.start() if after else len(text)
        if text_at < len(text):
            line = bisect.bisect_right(line_starts, text_at) - 1
            found.silence_line(names, line_starts[line], line_starts[line + 1] if line + 1 < len(line_starts) else len(text))
    return found


_TEXT = re.compile(r"\S")
_NAME = re.compile(r"[^,\s]+")


def merged_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted and merged where they overlap (so that starts and ends both increase)."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]
