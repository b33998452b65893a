"""Which of the supported languages (the folders of `languages/`) a draft is written in, or a clear
answer that it is none of them."""
from __future__ import annotations

import re
from functools import lru_cache

from . import languages
from .messages import Phrase

SUPPORTED = languages.codes()
# Below this many letters a language guess is noise (emoji-only posts, "Merci !"); we then fall back
# to the default language instead of pretending to know.
_MIN_LETTERS_TO_JUDGE = 12
_MIN_LETTERS_TO_REFUSE = 60
_CHUNK = re.compile(r"[^\n]+")
_LETTER = re.compile(r"[^\W\d_]")


class UnsupportedLanguage(ValueError):
    pass


@lru_cache(maxsize=2)
def _identifier(restricted: bool):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if restricted:
        identifier.set_languages(sorted(set(_langid_codes()) & set(identifier.nb_classes)))
    return identifier


@lru_cache(maxsize=1)
def _langid_codes() -> dict[str, str]:
    """py3langid's code of each supported language → ours (`langid` in its language.toml)."""
    return {languages.settings(code).get("langid", code): code for code in SUPPORTED}


def _ours(guess: str) -> str | None:
    return _langid_codes().get(guess)


_WORD = re.compile(r"[^\W\d_]+(?:'(?:[^\W\d_]+)?)?")
# Function words decide alone when they are this frequent and one language has this many times the
# other's: measured in README ("Speed"), they then agree with the identification model.
_MIN_FUNCTION_WORDS = 3
_MIN_SHARE = 0.2
_MIN_RATIO = 3.0


@lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    return {lang: frozenset(languages.settings(lang).get("function_words", ())) for lang in SUPPORTED}


def quick_guess(text: str) -> str | None:
    """A language from function words alone, or None when they do not settle it: enough of them, and
    the first language has many times the second's."""
    words = _WORD.findall(text.lower())
    if not words:
        return None
    table = _function_words()
    counts = {lang: sum(1 for word in words if word in table[lang]) for lang in SUPPORTED}
    first, *others = sorted(SUPPORTED, key=counts.__getitem__, reverse=True)
    second = counts[others[0]] if others else 0
    if (counts[first] >= _MIN_FUNCTION_WORDS and sum(counts.values()) >= _MIN_SHARE * len(words)
            and counts[first] >= _MIN_RATIO * second):
        return first
    return None


# Letters of the Latin script: ASCII, Latin-1, Latin Extended A/B and Additional (French and English
# use nothing else).
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def _foreign_script(letters: list[str]) -> str | None:
    """The name of the script ("Arabic", "Cyrillic"…) most letters are in, when it is not Latin: no
    French or English reading is possible, however the model's two-language probabilities come out."""
    foreign = [letter for letter in letters if not _LATIN.match(letter)]
    if len(foreign) * 2 <= len(letters):
        return None
    import unicodedata
    from collections import Counter

    scripts = Counter(unicodedata.name(letter, "UNKNOWN").split()[0] for letter in foreign)
    return scripts.most_common(1)[0][0].capitalize()


def detect(text: str, default: str | None = None) -> str:
    """The dominant supported language of `text`.

    Function words settle most drafts at once; otherwise each line is classified by py3langid on its
    own and weighted by its letters, so a French post with an English quote or hashtag line stays
    French. A long text clearly in a third language is refused.
    """
    found = _LETTER.findall(text)
    letters = len(found)
    if letters < _MIN_LETTERS_TO_JUDGE:
        return default or languages.default("drafts")
    script = _foreign_script(found)
    if script:
        raise UnsupportedLanguage(Phrase("the draft is mostly in {script} script, in none of the languages toneaudit "
                                         "has (use --lang {known} to force one)", script=script, known="|".join(SUPPORTED)))
    guess = quick_guess(text)
    if guess is not None:
        return guess
    if letters >= _MIN_LETTERS_TO_REFUSE:
        guess, probability = _identifier(False).classify(text)
        if _ours(guess) is None and probability > 0.99:
            # Only refuse when neither supported language is a plausible reading.
            restricted_guess, restricted_probability = _identifier(True).classify(text)
            if restricted_probability < 0.999:
                raise UnsupportedLanguage(Phrase("the draft looks written in '{guess}', none of the languages toneaudit "
                                                 "has (use --lang {known} to force one)", guess=guess,
                                                 known="|".join(SUPPORTED)))
    votes = dict.fromkeys(SUPPORTED, 0.0)
    identifier = _identifier(True)
    for chunk in _CHUNK.findall(text):
        weight = len(_LETTER.findall(chunk))
        if weight:
            guess, probability = identifier.classify(chunk)
            ours = _ours(guess)
            if ours is not None:  # always: this identifier knows only toneaudit's languages
                votes[ours] += weight * probability
    return max(votes, key=votes.__getitem__)
