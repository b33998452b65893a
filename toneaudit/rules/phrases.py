"""A phrase of the rules' data, read once, and what the scans compile from it.

A term is written `phrase` or `phrase => suggestion`. Its words are separated by any spaces when
matched; a word ending with `*` matches any word that starts with it ("optimis*"). A phrase that
starts and ends with a word character is matched as whole words. Everything a scan needs (one regular
expression, the atoms of a trie of many phrases, its leading word, the words any match holds) is
derived from this one reading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_RUN = re.compile(r"\w+")


def split_term(entry: str) -> tuple[str, str]:
    """`"tkt => ne t'inquiète pas"` as its phrase and its suggestion (empty when it has none)."""
    phrase, _, suggestion = (part.strip() for part in entry.partition("=>"))
    return phrase, suggestion


@dataclass(frozen=True)
class Term:
    phrase: str
    suggestion: str = ""

    @classmethod
    def of(cls, entry: str) -> Term:
        return cls(*split_term(entry))

    @property
    def words(self) -> list[str]:
        return self.phrase.split()

    @property
    def atoms(self) -> list[str]:
        """Regex atoms: one per literal character, `\\s+` between words, `\\w*` for a final `*`."""
        atoms = []
        for number, word in enumerate(self.words):
            if number:
                atoms.append(r"\s+")
            wildcard = word.endswith("*") and len(word) > 1
            atoms.extend(re.escape(char) for char in (word[:-1] if wildcard else word))
            if wildcard:
                atoms.append(r"\w*")
        return atoms

    @property
    def word_bounded(self) -> bool:
        """Whether it starts and ends with a word character (or a `*`): then it is matched as whole words."""
        return bool(re.match(r"\w", self.phrase) and re.search(r"[\w*]$", self.phrase))

    @property
    def regex(self) -> str:
        """The phrase alone as a regular expression, with word boundaries only where it starts or ends
        with a word character."""
        before = r"(?<!\w)" if re.match(r"\w", self.phrase) else ""
        after = r"(?!\w)" if re.search(r"[\w*]$", self.phrase) else ""
        return before + "".join(self.atoms) + after

    def lead(self, fold=str.lower) -> tuple[str, bool] | None:
        """The run of word characters its first word starts with (folded), and whether that word is
        only a beginning (`optimis*`); None when the phrase does not start with a word character."""
        first = fold(self.words[0]) if self.words else ""
        run = _RUN.match(first)
        if run is None:
            return None
        return run.group(), first == run.group() + "*"

    def needed_words(self, fold=str.lower) -> frozenset[str]:
        """The runs of word characters any match holds as whole runs: all of them, but for the words
        that end with a `*` (their last run is only a beginning)."""
        return frozenset(run for word in fold(self.phrase).split() if not word.endswith("*") for run in _RUN.findall(word))


def phrase_regex(phrase: str) -> str:
    """A phrase from the data as a regular expression (see `Term.regex`)."""
    return Term(phrase).regex


def leading_words(phrases) -> frozenset[str] | None:
    """The first words of these phrases, lower-cased, when each is a whole run of word characters
    (so that `Context.finditer_at_words` may try a regex of the phrases only there); else None."""
    leads = set()
    for phrase in phrases:
        lead = Term(phrase).lead()
        if lead is None or "*" in phrase.split()[0]:
            return None
        leads.add(lead[0])
    return frozenset(leads)


def trie_regex(phrases) -> str:
    """One regex for many phrases, factored by common prefixes: `re` then tries a handful of branches
    at each position instead of every phrase (hundreds of phrases cost about as much as a few)."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for atom in Term(phrase.lower()).atoms:
            node = node.setdefault(atom, {})
        node[""] = {}  # end of a phrase

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [atom + emit(child) for atom, child in sorted(node.items()) if atom]
        if not branches:
            return ""
        if len(branches) == 1 and not ends:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if ends else body

    return emit(trie)
