"""Words in the form their sentence needs: an everyday verb, noun or adjective given in the same tense,
person, number and gender as the word it replaces («vous allez kiffer» → «adorer», «on a kiffé» →
«adoré», «mes fringues» → «vêtements»).

The endings are language data (`[inflection]` in languages/<code>/language.toml), keyed by spaCy's
morphological features. A form is analysed in the paradigm of the word it is a form of: spaCy's tagger
does not know slang verbs («kiffer» comes out as an adjective, «kiffent» as an adverb), so its
morphology of the word itself only chooses between the cells a form could be («kiffe»: first or
third person, indicative or subjunctive). When those cells would give different replacements and the
morphology does not decide, there is no replacement: a missing suggestion costs less than a wrong one.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .. import languages


@dataclass(frozen=True)
class Paradigm:
    """One conjugation: the infinitive's ending, each cell's ending, and the stem's spelling changes."""

    infinitive: str
    cells: tuple[tuple[frozenset, str], ...]  # (features, ending), in the data's order
    spelling: tuple[tuple[str, str, str], ...]  # (stem end, before these letters, becomes)

    def stem(self, lemma: str) -> str | None:
        return lemma[: -len(self.infinitive)] if lemma.endswith(self.infinitive) and len(lemma) > len(self.infinitive) else None

    def form(self, stem: str, ending: str) -> str:
        for end, before, becomes in self.spelling:
            if stem.endswith(end) and ending[:1] in before:
                return stem[: -len(end)] + becomes + ending
        return stem + ending


def _features(key: str) -> frozenset:
    return frozenset(part.strip() for part in key.split("|") if part.strip())


@lru_cache(maxsize=8)
def verb_paradigm(lang: str) -> Paradigm | None:
    data = languages.settings(lang).get("inflection", {}).get("verbs")
    if not data:
        return None
    cells = tuple((_features(key), ending) for key, ending in data["endings"].items())
    spelling = tuple((end, before, becomes) for end, before, becomes in data.get("spelling", ()))
    return Paradigm(data["infinitive"], cells, spelling)


def verb_forms(lang: str, lemma: str) -> dict[str, list[frozenset]]:
    """Every form of a verb that follows the language's paradigm, with the cells it can be."""
    paradigm = verb_paradigm(lang)
    stem = paradigm.stem(lemma) if paradigm else None
    if paradigm is None or stem is None:
        return {}
    found: dict[str, list[frozenset]] = {}
    for features, ending in paradigm.cells:
        found.setdefault(paradigm.form(stem, ending), []).append(features)
    return found


def conjugate(lang: str, lemma: str, features: frozenset) -> str | None:
    paradigm = verb_paradigm(lang)
    stem = paradigm.stem(lemma) if paradigm else None
    if paradigm is None or stem is None:
        return None
    ending = next((ending for cell, ending in paradigm.cells if cell == features), None)
    return None if ending is None else paradigm.form(stem, ending)


def _narrowed(cells: list[frozenset], morphology: frozenset | None) -> list[frozenset]:
    """The cells that agree with spaCy's morphology of the word, or all of them when none does."""
    if not morphology:
        return cells
    agreeing = [cell for cell in cells if cell <= morphology]
    return agreeing or cells


def replace_verb(lang: str, lemma: str, target: str, form: str, morphology: frozenset | None = None) -> str | None:
    """`form` of the verb `lemma`, as the same form of `target`; None when it is not one, or is ambiguous."""
    cells = verb_forms(lang, lemma).get(form.lower())
    if not cells:
        return None
    outputs = {conjugate(lang, target, cell) for cell in _narrowed(cells, morphology)}
    return next(iter(outputs)) if len(outputs) == 1 and None not in outputs else None


@dataclass(frozen=True)
class Agreement:
    """How a noun or adjective agrees: the endings added for the feminine and for the plural, and the
    final letters that take none."""

    feminine: str
    plural: str
    invariable_plural: tuple[str, ...]
    invariable_feminine: tuple[str, ...]


@lru_cache(maxsize=8)
def agreement(lang: str) -> Agreement | None:
    data = languages.settings(lang).get("inflection", {}).get("agreement")
    if not data:
        return None
    return Agreement(data.get("feminine", ""), data["plural"], tuple(data.get("invariable_plural", ())),
                     tuple(data.get("invariable_feminine", ())))


def declensions(lang: str, entry: str, gendered: bool) -> dict[frozenset, str]:
    """The forms of a noun (`gendered` False) or an adjective, by features, from its data entry: the
    singular (masculine) alone, regular forms derived, or every form given: "travail/travaux",
    "beau/belle/beaux/belles"."""
    rules = agreement(lang)
    given = [part.strip() for part in entry.split("/")]
    if gendered:
        if len(given) == 4:
            masculine, feminine, masculine_plural, feminine_plural = given
        else:
            masculine = given[0]
            feminine = _add(masculine, rules.feminine if rules else "", rules.invariable_feminine if rules else ())
            masculine_plural = _add(masculine, rules.plural if rules else "", rules.invariable_plural if rules else ())
            feminine_plural = _add(feminine, rules.plural if rules else "", rules.invariable_plural if rules else ())
        return {frozenset({"Gender=Masc", "Number=Sing"}): masculine, frozenset({"Gender=Fem", "Number=Sing"}): feminine,
                frozenset({"Gender=Masc", "Number=Plur"}): masculine_plural,
                frozenset({"Gender=Fem", "Number=Plur"}): feminine_plural}
    singular = given[0]
    plural = given[1] if len(given) > 1 else _add(singular, rules.plural if rules else "",
                                                 rules.invariable_plural if rules else ())
    return {frozenset({"Number=Sing"}): singular, frozenset({"Number=Plur"}): plural}


def _add(word: str, ending: str, unless: tuple[str, ...]) -> str:
    return word if not ending or word.endswith(unless) else word + ending


def replace_declined(lang: str, entry: str, target: str, form: str, gendered: bool,
                     morphology: frozenset | None = None) -> str | None:
    """`form` of the noun or adjective `entry`, as the same form of `target` (None when ambiguous)."""
    mine, theirs = declensions(lang, entry, gendered), declensions(lang, target, gendered)
    cells = [features for features, word in mine.items() if word == form.lower()]
    outputs = {theirs[cell] for cell in _narrowed(cells, morphology)}
    return next(iter(outputs)) if len(outputs) == 1 else None


def in_capitals(text: str) -> bool:
    """Two letters or more, all capitals: «KIFFEZ», «BC»."""
    letters = [char for char in text if char.isalpha()]
    return len(letters) > 1 and all(char.isupper() for char in letters)


def matching_case(replacement: str, original: str) -> str:
    """The replacement written like the original: «Kiffez» → «Adorez», «KIFFEZ» → «ADOREZ»."""
    if in_capitals(original):
        return replacement.upper()
    if original.lstrip()[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
