"""The languages toneaudit knows: one folder each, found, not listed.

`languages/<code>/` holds everything about one language:
- `language.toml`: its name, its spaCy pipeline (and what to do when it is missing), the words that
  detect it, its first-person forms, its inflection and readability data;
- `rules/<dimension>.toml`: the rules of each dimension, with their examples;
- `messages.toml`: what the reports say, in that language.

Adding a language is adding a folder: no module names a language except as data. `defaults.toml`
says which language is the default where nothing else decides (the drafts, the messages).
"""
from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources


def _folder(code: str | None = None):
    folder = resources.files(__name__)
    return folder if code is None else folder.joinpath(code)


@lru_cache(maxsize=1)
def codes() -> tuple[str, ...]:
    """The supported language codes: the folders that hold a `language.toml`; the default language of
    drafts first, then in alphabetical order (the order of lists, of reports per language, and of
    the languages in a model)."""
    found = sorted(entry.name for entry in _folder().iterdir()
                   if entry.is_dir() and entry.joinpath("language.toml").is_file())
    return tuple(sorted(found, key=lambda code: code != default("drafts")))


@lru_cache(maxsize=1)
def defaults() -> dict:
    """`{"drafts": ..., "messages": ..., "explain": ...}`: the language of each where nothing decides."""
    return tomllib.loads(_folder().joinpath("defaults.toml").read_text(encoding="utf-8"))


def default(purpose: str) -> str:
    return defaults()[purpose]


@lru_cache(maxsize=16)
def settings(code: str) -> dict:
    """The language's `language.toml`."""
    _known(code)
    return tomllib.loads(_folder(code).joinpath("language.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=16)
def rule_tables(code: str) -> dict[str, dict]:
    """Each `rules/<dimension>.toml` of the language, parsed, by dimension, in alphabetical order."""
    _known(code)
    folder = _folder(code).joinpath("rules")
    return {entry.name[: -len(".toml")]: tomllib.loads(entry.read_text(encoding="utf-8"))
            for entry in sorted(folder.iterdir(), key=lambda item: item.name) if entry.name.endswith(".toml")}


def messages_text(code: str) -> str:
    """The text of the language's `messages.toml`."""
    _known(code)
    return _folder(code).joinpath("messages.toml").read_text(encoding="utf-8")


def _known(code: str) -> None:
    if code not in codes():
        raise ValueError(f"unknown language {code!r} (known: {', '.join(codes())})")
