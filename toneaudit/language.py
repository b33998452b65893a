"""Which language a draft is written in: French or English, or a clear answer that it is neither."""
from __future__ import annotations

import re
from functools import lru_cache

SUPPORTED = ("fr", "en")
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
        identifier.set_languages(list(SUPPORTED))
    return identifier


def detect(text: str, default: str = "fr") -> str:
    """The dominant supported language of `text`.

    Each line is classified on its own and weighted by its letters, so a French post with an English
    quote or hashtag line stays French. A long text clearly in a third language is refused.
    """
    letters = len(_LETTER.findall(text))
    if letters < _MIN_LETTERS_TO_JUDGE:
        return default
    if letters >= _MIN_LETTERS_TO_REFUSE:
        guess, probability = _identifier(False).classify(text)
        if guess not in SUPPORTED and probability > 0.99:
            # Only refuse when neither supported language is a plausible reading.
            restricted_guess, restricted_probability = _identifier(True).classify(text)
            if restricted_probability < 0.999:
                raise UnsupportedLanguage(
                    f"the draft looks written in '{guess}', not French or English (use --lang fr|en to force)"
                )
    votes = dict.fromkeys(SUPPORTED, 0.0)
    identifier = _identifier(True)
    for chunk in _CHUNK.findall(text):
        weight = len(_LETTER.findall(chunk))
        if weight:
            guess, probability = identifier.classify(chunk)
            votes[guess] += weight * probability
    return max(votes, key=votes.get)
