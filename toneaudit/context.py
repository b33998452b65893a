"""What rules read: the prepared draft, its spaCy doc, and a few facts computed once per draft."""
from __future__ import annotations

import re
from functools import cached_property, lru_cache

from .draft import Draft
from .rules import lexicon

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
        self._cache: dict = {}

    @cached_property
    def lexicon(self) -> dict[str, dict]:
        return lexicon(self.lang)

    @cached_property
    def folded_text(self) -> str | None:
        """The text casefolded, for the gates of the patterns (see rules/gate.py)."""
        from .rules.gate import folded

        return folded(self.text)

    @cached_property
    def words(self) -> list:
        """Tokens that are words (have a letter), outside blanked regions and URLs."""
        words = [token for token in self.doc if _has_letter(token.text)]
        if self.draft.url_spans:
            words = [token for token in words if not self.draft.in_url(token.idx, token.idx + len(token.text))]
        return words

    def word_runs(self, case_sensitive: bool = False) -> dict[str, list[int]]:
        """Each maximal run of word characters (lower-cased unless asked), with where it starts."""
        key = ("runs", case_sensitive)
        if key not in self._cache:
            runs: dict[str, list[int]] = {}
            for match in _RUN.finditer(self.text):
                run = match.group() if case_sensitive else match.group().lower()
                runs.setdefault(run, []).append(match.start())
            self._cache[key] = runs
            # A set as well: intersecting two sets iterates the smaller one (a dict, always the dict).
            self._cache[("run set", case_sensitive)] = frozenset(runs)
        return self._cache[key]

    def word_run_set(self, case_sensitive: bool = False) -> frozenset[str]:
        self.word_runs(case_sensitive)
        return self._cache[("run set", case_sensitive)]

    @cached_property
    def word_starts(self) -> list[int]:
        return [token.idx for token in self.words]

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
        return {token.idx for token in self.doc if "Mood=Imp" in str(token.morph)}

    @cached_property
    def word_count(self) -> int:
        return len(self.words)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Character spans of sentences that hold at least one word, trimmed of spaces."""
        spans = []
        for sentence in self.doc.sents:
            start, end = sentence.start_char, sentence.end_char
            chunk = self.text[start:end]
            if not _HAS_LETTER.search(chunk):
                continue
            stripped = chunk.strip()
            start += chunk.index(stripped[0])
            spans.append((start, start + len(stripped)))
        return spans

    @cached_property
    def first_person(self) -> list:
        """Tokens in the first person singular (je, j', me, mon… / I, me, my…)."""
        forms = set(self.lexicon["impersonal"]["first_person"])
        return [token for token in self.words if _form(token) in forms]

    def quoted_or_hashtag(self, start: int, end: int) -> bool:
        return self.draft.in_quotes(start, end) or (start > 0 and self.text[start - 1] == "#")


@lru_cache(maxsize=100_000)
def _has_letter(text: str) -> bool:
    return _HAS_LETTER.search(text) is not None


def _form(token) -> str:
    # "écrivez-moi" is tokenised as "écrivez" + "-moi".
    return token.text.lower().lstrip("-")
