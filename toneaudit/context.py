"""What rules read: the prepared draft, its spaCy doc, and a few facts computed once per draft."""
from __future__ import annotations

import bisect
import re
from functools import cached_property, lru_cache
from itertools import compress, repeat

from . import languages
from .draft import Draft
from .regex.gate import folded, is_word_char

_HAS_LETTER = re.compile(r"[^\W\d_]")
_RUN = re.compile(r"\w+")


class Context:
    def __init__(self, draft: Draft, doc, lang: str, trained: bool):
        self.draft = draft
        self.doc = doc
        self.lang = lang
        self.text = draft.analysis_text
        # False for the blank English pipeline: no tags, morphology or lemmas to rely on.
        self.trained = trained

    @cached_property
    def folded_text(self) -> str | None:
        """The text casefolded, for the gates of the patterns (see regex/gate.py)."""
        return folded(self.text)

    @cached_property
    def words(self) -> list:
        """Tokens that are words (have a letter), outside blanked regions and URLs."""
        return [self.doc[index] for index in self._word_table[0]]

    def word_token(self, index: int):
        """The token of `words[index]`, built alone (building them all costs more than most rules)."""
        return self.doc[self._word_table[0][index]]

    @cached_property
    def _word_table(self) -> tuple[list[int], list[int], list[str]]:
        """The words' token indices, start offsets and texts, read from arrays of the doc (building
        spaCy's token objects and their texts one by one costs more than the rest of this)."""
        doc, text = self.doc, self.draft.nlp_text  # what spaCy read (doc.text would rebuild it)
        known = _SHAPE_HAS_LETTER
        if len(known) > 100_000:  # bounded memory for a long-running server
            known.clear()
        shapes, starts, lengths, _ = self._token_columns
        flags = list(map(known.get, shapes))  # C-level passes here and below, a Python loop only if needed
        if None in flags or _ASK_TEXT in flags:
            for index, flag in enumerate(flags):
                if flag is None:
                    flag = known[shapes[index]] = _shape_has_letter(doc.vocab.strings[shapes[index]])
                if flag is _ASK_TEXT:
                    flag = _has_letter(text[starts[index]:starts[index] + lengths[index]])
                flags[index] = flag
        for url_start, url_end in self.draft.url_spans:
            # Tokens are in order: those that overlap the URL end just before the first one after it.
            index = bisect.bisect_left(starts, url_end) - 1
            while index >= 0 and starts[index] + lengths[index] > url_start:
                flags[index] = False
                index -= 1
        starts, lengths = list(compress(starts, flags)), list(compress(lengths, flags))
        texts = [text[start:start + length] for start, length in zip(starts, lengths)]
        return list(compress(range(len(flags)), flags)), starts, texts

    @cached_property
    def _token_columns(self) -> list[list[int]]:
        """Every token's shape, start offset, length and sentence start (1: starts one), as lists."""
        from spacy.attrs import IDX, LENGTH, SENT_START, SHAPE

        return self.doc.to_array([SHAPE, IDX, LENGTH, SENT_START]).T.tolist() if len(self.doc) else [[], [], [], []]

    @cached_property
    def runs_as_written(self) -> frozenset[str]:
        """Each maximal run of word characters, as written (the rules ask for these dozens of times a
        draft: an attribute, not a call)."""
        return frozenset(_RUN.findall(self.text))

    @cached_property
    def runs(self) -> frozenset[str]:
        """Each maximal run of word characters, lower-cased: the runs as written, lower-cased (one scan
        of the text for both)."""
        return frozenset(map(str.lower, self.runs_as_written))

    def run_starts(self, run: str, case_sensitive: bool = False) -> list[int]:
        """Where the maximal runs equal to `run` (lower-cased unless asked) start.

        Found with `str.find` in the (lower-cased) text and checked for word boundaries: most runs a
        rule asks for are absent or rare, and a table of every run would cost more than these scans.
        """
        haystack = self.text if case_sensitive else self._lowered
        if haystack is None:  # lower-casing changed the length: offsets would not match, use the table
            return self._run_table.get(run, [])
        starts, size, end = [], len(run), len(haystack)
        index = haystack.find(run)
        while index >= 0:
            after = index + size
            if (index == 0 or not is_word_char(haystack[index - 1])) and \
                    (after == end or not is_word_char(haystack[after])):
                starts.append(index)
            index = haystack.find(run, index + 1)
        return starts

    def finditer_at_words(self, regex: re.Pattern, leads: frozenset[str] | None):
        """What `regex.finditer(self.text)` gives, for a case-insensitive regex whose every match starts
        with one of `leads` (lower-cased whole runs of word characters, see `terms.leading_words`):
        tried only where those runs start, not at every character. With `leads` None, the plain scan."""
        if leads is None:
            yield from regex.finditer(self.text)
            return
        last_end = -1
        for position in sorted(position for run in leads & self.runs for position in self.run_starts(run)):
            if position < last_end:
                continue
            match = regex.match(self.text, position)
            if match:
                last_end = match.end()
                yield match

    @cached_property
    def _lowered(self) -> str | None:
        lowered = self.text.lower()
        return lowered if len(lowered) == len(self.text) else None

    @cached_property
    def _run_table(self) -> dict[str, list[int]]:
        """Where each run of word characters (lower-cased) starts."""
        table: dict[str, list[int]] = {}
        for match in _RUN.finditer(self.text):
            table.setdefault(match.group().lower(), []).append(match.start())
        return table

    @property
    def word_texts(self) -> list[str]:
        """The text of each of `words`."""
        return self._word_table[2]

    @cached_property
    def lowered_words(self) -> list[str]:
        """The text of each of `words`, lower-cased."""
        return list(map(str.lower, self.word_texts))

    @property
    def word_starts(self) -> list[int]:
        return self._word_table[1]

    def token_at(self, offset: int):
        """The token that starts at this character offset, if any."""
        index = self.doc[:].char_span(offset, offset + 1, alignment_mode="expand") if offset < len(self.text) else None
        token = index[0] if index is not None and len(index) else None
        return token if token is not None and token.idx == offset else None

    @cached_property
    def imperative_starts(self) -> set[int]:
        """Offsets of tokens a trained pipeline tags with the imperative mood."""
        if not self.trained:
            return set()
        from spacy.attrs import IDX, MORPH

        strings, imperative = self.doc.vocab.strings, _IMPERATIVE_MORPHS
        starts = set()
        for morph, start in self.doc.to_array([MORPH, IDX]).tolist():
            found = imperative.get(morph)
            if found is None:
                found = imperative[morph] = "Mood=Imp" in strings[morph]
            if found:
                starts.add(start)
        return starts

    @property
    def word_count(self) -> int:
        return len(self._word_table[0])

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Character spans of sentences that hold at least one word, trimmed of spaces."""
        # The spans of `doc.sents`, read from the arrays: a sentence runs from a token that starts one
        # (the first token always does) to the end of the token before the next.
        _, starts, lengths, sentence_starts = self._token_columns
        firsts = [0, *compress(range(1, len(starts)), map((1).__eq__, sentence_starts[1:]))] if starts else []
        spans = []
        for first, after in zip(firsts, [*firsts[1:], len(starts)]):
            start, end = starts[first], starts[after - 1] + lengths[after - 1]
            chunk = self.text[start:end]
            if not _HAS_LETTER.search(chunk):
                continue
            stripped = chunk.strip()
            start += chunk.index(stripped[0])
            spans.append((start, start + len(stripped)))
        return spans

    @cached_property
    def first_person(self) -> list[int]:
        """Offsets of the words in the first person singular (je, j', me, mon… / I, me, my…)."""
        forms = _first_person_forms(self.lang)
        # "écrivez-moi" is tokenised as "écrivez" + "-moi".
        return list(compress(self.word_starts, map(forms.__contains__, map(str.lstrip, self.lowered_words, repeat("-")))))

    def quoted_or_hashtag(self, start: int, end: int) -> bool:
        return self.draft.in_quotes(start, end) or (start > 0 and self.text[start - 1] == "#")


@lru_cache(maxsize=100_000)
def _has_letter(text: str) -> bool:
    return _HAS_LETTER.search(text) is not None


# Whether a token has a letter, read from its shape (a lexeme attribute spaCy has already computed),
# which saves building the text of every token: in spaCy's `word_shape`, "x"/"X" stand for letters,
# "d" for digits, and other characters are kept as they are. A digit may be a number that
# `_HAS_LETTER` counts as a letter ("²": `\w` but not `\d`), so a shape whose only candidates are
# digits asks the token's text.
_SHAPE_HAS_LETTER: dict[int, object] = {}
_ASK_TEXT = object()
# Whether a morphology (by its hash: a handful of distinct values) holds the imperative mood.
_IMPERATIVE_MORPHS: dict[int, bool] = {}


def _shape_has_letter(shape: str):
    if shape == "LONG":  # spaCy's shape of any token of 100 characters or more
        return _ASK_TEXT
    if "x" in shape or "X" in shape or _has_letter(shape.replace("d", "")):
        return True
    return _ASK_TEXT if "d" in shape else False


@lru_cache(maxsize=8)
def _first_person_forms(lang: str) -> frozenset[str]:
    return frozenset(languages.settings(lang)["first_person"])

