"""Configuration, loaded in one place: `.toneaudit.toml`, or `[tool.toneaudit]` in `pyproject.toml`,
searched upward from the working directory, or a file named with `--config`.

A configuration found by the search is trusted as git trusts a repository, because toneaudit runs in
hooks and CI on other people's repositories: the search stays inside the repository (or the home
directory), skips files that another user owns or can replace, and a configuration found that way
may only name a model inside its repository (or home).
"""
from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NoReturn

from . import languages
from .blocking import DEFAULT_FAIL_ON, FAIL_ON_CHOICES, Policy, parse_dimensions
from .findings import Severity
from .messages import Phrase, said_by
from .rules import DIMENSIONS, unknown_rule

LANG_CHOICES = ("auto", *languages.codes())
DEFAULT_MAX_BYTES = 1_000_000


class ConfigError(ValueError):
    """A configuration that cannot be used; the message is one line for stderr."""


def _error(path: Path | str, template: str, **values: object) -> ConfigError:
    """`path: what is wrong`, the path as it is and the problem in the reader's language."""
    return ConfigError(Phrase("{path}: {problem}", path=str(path), problem=Phrase(template, **values)))


@dataclass(frozen=True)
class Config:
    disable: tuple[str, ...] = ()
    # When not empty, only rules under these prefixes run (--select); the longest prefix wins over `disable`.
    select: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    allow: dict[str, frozenset[str]] = field(default_factory=dict)
    extra: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    lang: str = "auto"
    default_lang: str = field(default_factory=lambda: languages.default("drafts"))
    messages: str | None = None
    fail_on: str = DEFAULT_FAIL_ON
    min_score: float | None = None
    # The dimensions whose verdict blocks (`fail-on-dimension`); empty means all of them.
    fail_on_dimensions: tuple[str, ...] = ()
    max_bytes: int = DEFAULT_MAX_BYTES
    pipelines: dict[str, str] = field(default_factory=dict)
    classifier: bool = True
    # A user's own model file, named explicitly, and optionally the SHA-256 it must have.
    model: str | None = None
    model_sha256: str | None = None
    source: Path | None = None
    # Why configuration files met by the search were not used, one line each (the CLI prints them).
    notes: tuple[str, ...] = ()

    def is_disabled(self, rule_id: str) -> bool:
        selected = _longest_prefix(self.select, rule_id) if self.select else ""
        if selected is None:
            return True
        disabled = _longest_prefix(self.disable, rule_id)
        return disabled is not None and len(disabled) >= len(selected)

    def severity_for(self, rule_id: str, default: Severity) -> Severity:
        if not self.severity:  # the usual case, asked for every finding
            return default
        prefix = _longest_prefix(self.severity, rule_id)
        return self.severity[prefix] if prefix is not None else default

    @property
    def policy(self) -> Policy:
        return Policy(fail_on=self.fail_on, min_score=self.min_score, dimensions=self.fail_on_dimensions)

    def allowed_words(self, lang: str) -> frozenset[str]:
        return self.allow.get(lang, frozenset()) | self.allow.get("all", frozenset())


def _longest_prefix(prefixes: Iterable[str], rule_id: str) -> str | None:
    matching = [p for p in prefixes if rule_id == p or rule_id.startswith(p + ".") or p == "all"]
    return max(matching, key=len) if matching else None


def find_config_file(start: Path) -> tuple[Path | None, Path, tuple[str, ...], bytes | None]:
    """The configuration file found from `start` upward, the folder where the search stops (see
    `search_top`), why files met on the way were not used, and the found file's bytes.

    In each folder `.toneaudit.toml` comes first, then a `pyproject.toml` with a `[tool.toneaudit]`
    table. A file that another user owns or could replace is ignored, with a note, and the search goes on.
    Each file is opened once, its owner is checked on what was opened and its bytes are read from it:
    checked by name and read again by name, another user who may rename a folder above it could put
    a file of theirs there in between.
    """
    top = search_top(start)
    notes: list[str] = []
    for folder in (start, *start.parents):
        for name in (".toneaudit.toml", "pyproject.toml"):
            candidate = folder / name
            if not os.path.isfile(candidate):
                continue
            try:
                opened, content = _read(candidate)
            except ConfigError:
                if name == "pyproject.toml":
                    continue  # someone's unreadable pyproject is not our configuration
                raise
            if name == "pyproject.toml" and not _has_tool_section(content):
                continue
            distrust = _distrust(candidate, opened)
            if distrust is None:
                return candidate, top, tuple(notes), content
            notes.append(Phrase("ignoring {path}: {distrust}; name it with --config if you trust it", path=str(candidate),
                                distrust=distrust))
        if folder == top:
            break
    return None, top, tuple(notes), None


# No configuration is this large; a device such as /dev/zero must not be read for ever.
_CONFIG_LIMIT = 1024 * 1024


def _read(path: Path) -> tuple[os.stat_result, bytes]:
    """What `path` opens (its status) and its bytes. A FIFO that no one writes to would block a plain
    open() for ever: opened without blocking, it reads as nothing, which is an error here; one with a
    writer (`--config <(...)`) is read normally."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with open(descriptor, "rb") as handle:
            os.set_blocking(descriptor, True)
            opened = os.fstat(descriptor)
            content = handle.read(_CONFIG_LIMIT + 1)
    except FileNotFoundError:
        raise _error(path, "configuration file not found") from None
    except OSError as error:
        raise _error(path, "cannot read configuration ({reason})", reason=error.strerror or str(error)) from None
    if len(content) > _CONFIG_LIMIT:
        raise _error(path, "cannot read configuration (larger than {limit} bytes)", limit=_CONFIG_LIMIT)
    if not content and not stat.S_ISREG(opened.st_mode):
        raise _error(path, "cannot read configuration (nothing to read: a FIFO or device no one writes to)")
    return opened, content


def search_top(start: Path) -> Path:
    """Where the upward search from `start` stops: the top of the repository (the nearest folder
    holding `.git`, a folder, or a file in worktrees and submodules); outside a repository, the home
    directory; outside both, `start` itself is the only folder searched. A `.git` of another user (one
    planted in /tmp, say) marks no repository of ours, as git refuses it too."""
    for folder in (start, *start.parents):
        if _owned_by_us(folder / ".git"):
            return folder
    home = _home()
    return home if home is not None and start.is_relative_to(home) else start


def _owned_by_us(path: Path) -> bool:
    """Whether `path` exists and is the user's or root's; False, not an error, in a folder we may not look into."""
    try:
        return os.lstat(path).st_uid in (os.geteuid(), 0)
    except (OSError, ValueError):
        return False


def _home() -> Path | None:
    home = os.path.expanduser("~")
    return Path(home).resolve() if os.path.isabs(home) else None


def _distrust(path: Path, opened: os.stat_result) -> str | None:
    """Why another user may have written `path` or may replace it, or None: when it, the file a
    symbolic link leads to, or the file that was opened (`opened`, whose bytes are used) belongs to
    someone else or others can write it, or when a folder holding either belongs to someone else or
    others can write in it without the sticky bit (which keeps them from replacing files that are not
    theirs, as in /tmp). Root's files are trusted, as git does."""
    me = os.geteuid()
    try:
        real = Path(os.path.realpath(path))
        link, target = os.lstat(path), os.stat(real)
        for found in (link, target, opened):
            if found.st_uid not in (me, 0):
                return Phrase("it belongs to another user (uid {uid})", uid=found.st_uid)
        if _others_can_write(target) or _others_can_write(opened):
            return Phrase("other users can write it")
        for folder in dict.fromkeys((path.parent, real.parent)):
            found = os.stat(folder)
            if found.st_uid not in (me, 0):
                return Phrase("it is in {folder}, which belongs to another user (uid {uid})", folder=str(folder),
                              uid=found.st_uid)
            if _others_can_write(found) and not found.st_mode & stat.S_ISVTX:
                return Phrase("it is in {folder}, which other users can write", folder=str(folder))
    except OSError as error:
        return Phrase("its owner cannot be checked ({reason})", reason=error.strerror)
    return None


def _others_can_write(found: os.stat_result) -> bool:
    """Writable by everyone, or by a group other than the user's own (where each user has a group of
    their own, files are group-writable by it)."""
    return bool(found.st_mode & stat.S_IWOTH or (found.st_mode & stat.S_IWGRP and found.st_gid != os.getegid()))


def _has_tool_section(content: bytes) -> bool:
    """Whether a pyproject.toml holds our table. One that cannot be parsed is ours when it names
    `tool.toneaudit` (its error is then reported: passing over it would drop the user's settings
    silently); otherwise it is someone else's broken or too deeply nested file, not our configuration."""
    try:
        tool = tomllib.loads(content.decode("utf-8")).get("tool")
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return re.search(rb"\btool\s*\.\s*[\"']?toneaudit\b", content) is not None
    return isinstance(tool, dict) and "toneaudit" in tool


def load(path: Path | None = None, start: Path | None = None, model: str | None = None) -> Config:
    """The configuration from `path`, or found upward from `start` (default: the working directory).

    `model` is a model named on the command line (--model or TONEAUDIT_MODEL): it replaces the
    configuration's. A file named as `path` is the user's choice and is trusted as it is; a file found
    by the search may only name a model inside the folder where the search stops.
    """
    top: Path | None = None
    notes: tuple[str, ...] = ()
    if path is None:
        path, top, notes, found = find_config_file((start or Path.cwd()).resolve())
        if path is None or found is None:
            return Config(notes=notes, model=model)
        content = found
    else:
        _, content = _read(Path(path))
    try:
        data = tomllib.loads(content.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise _error(path, "cannot read configuration ({reason})", reason=str(error)) from None
    except tomllib.TOMLDecodeError as error:
        raise _error(path, "invalid TOML ({reason})", reason=str(error)) from None
    except RecursionError:
        raise _error(path, "invalid TOML (nested too deeply)") from None
    if Path(path).name == "pyproject.toml":
        tool = data.get("tool", {})
        data = tool.get("toneaudit", {}) if isinstance(tool, dict) else {}
        if not isinstance(data, dict):
            raise _error(path, "'tool.toneaudit' must be a table")
    config = replace(from_mapping(data, Path(path)), notes=notes)
    if model is not None:
        return replace(config, model=model, model_sha256=None)
    if top is not None and config.model is not None and not Path(config.model).is_relative_to(top):
        where = (Phrase("the repository") if os.path.exists(top / ".git") else
                 Phrase("the home directory") if top == _home() else Phrase("the folder"))
        raise _error(path, "'model' names {model}, outside {where} {top}; name it with --model or TONEAUDIT_MODEL to use it",
                     model=config.model, where=where, top=str(top))
    if top is not None:
        for lang, name in config.pipelines.items():
            # A pipeline folder is data read like a model; a name is an installed package (pipelines.py
            # takes only spaCy pipelines). spaCy reads a folder relative to the working directory.
            if not _is_installed_package(name) and not Path(name).resolve().is_relative_to(top):
                raise _error(path, "'pipelines.{lang}' names the folder {folder}, outside {top}; name this "
                             "configuration with --config to use it", lang=lang, folder=str(Path(name).resolve()), top=str(top))
    return config


def _is_installed_package(name: str) -> bool:
    from importlib import metadata

    try:
        metadata.distribution(name)
    except (metadata.PackageNotFoundError, ValueError):
        return False
    return True


_KEYS = {"disable", "severity", "allow", "extra", "lang", "default-lang", "messages", "fail-on", "max-bytes", "pipelines",
         "classifier", "model", "model-sha256", "min-score", "fail-on-dimension"}


def from_mapping(data: dict[str, Any], source: Path | None = None) -> Config:
    def fail(template: str, **values: object) -> NoReturn:
        if source:
            raise _error(source, template, **values)
        raise ConfigError(Phrase(template, **values))

    unknown = sorted(set(data) - _KEYS)
    if unknown:
        fail("unknown key {key!r} (known: {known})", key=unknown[0], known=", ".join(sorted(_KEYS)))
    disable = data.get("disable", [])
    if not isinstance(disable, list) or not all(isinstance(item, str) for item in disable):
        fail("'disable' must be a list of rule ids or dimension names")
    for name in disable:
        if unknown_rule(name):
            fail("'disable': {problem}", problem=unknown_rule(name))
    severity = {}
    for rule_id, level in _table(data, "severity", fail).items():
        if unknown_rule(rule_id):
            fail("'severity': {problem}", problem=unknown_rule(rule_id))
        try:
            severity[rule_id] = Severity.parse(level)
        except ValueError as error:
            fail("severity of {rule!r}: {problem}", rule=rule_id, problem=said_by(error))
    allow = {}
    for lang, words in _table(data, "allow", fail).items():
        if lang not in (*languages.codes(), "all") or not isinstance(words, list):
            fail("'allow' maps a language ({known}) or all to a list of words", known=", ".join(languages.codes()))
        allow[lang] = frozenset(" ".join(str(word).lower().split()) for word in words)
    extra = {}
    for lang, by_dimension in _table(data, "extra", fail).items():
        if lang not in languages.codes() or not isinstance(by_dimension, dict):
            fail("'extra' maps a language ({known}) to a table of dimension = [words]", known=", ".join(languages.codes()))
        for dimension, words in by_dimension.items():
            if dimension not in DIMENSIONS or not isinstance(words, list):
                fail("'extra.{lang}.{dimension}' must be one of {known} with a list of words", lang=lang, dimension=dimension,
                     known=", ".join(DIMENSIONS))
        extra[lang] = {dimension: tuple(map(str, words)) for dimension, words in by_dimension.items()}
    values = {
        "lang": _choice(data, "lang", LANG_CHOICES, "auto", fail),
        "default_lang": _choice(data, "default-lang", languages.codes(), languages.default("drafts"), fail),
        "messages": _choice(data, "messages", languages.codes(), None, fail),
        "fail_on": _choice(data, "fail-on", FAIL_ON_CHOICES, DEFAULT_FAIL_ON, fail),
    }
    min_score = data.get("min-score")
    if min_score is not None and (isinstance(min_score, bool) or not isinstance(min_score, (int, float))
                                  or not 0 <= min_score <= 100):
        fail("'min-score' must be a number from 0 to 100")
    fail_on_dimensions: tuple[str, ...] = ()
    if "fail-on-dimension" in data:
        try:
            fail_on_dimensions = parse_dimensions(data["fail-on-dimension"])
        except ValueError as error:
            fail("'fail-on-dimension': {problem}", problem=said_by(error))
    max_bytes = data.get("max-bytes", DEFAULT_MAX_BYTES)
    if not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or max_bytes <= 0:
        fail("'max-bytes' must be a positive whole number")
    pipelines = _table(data, "pipelines", fail)
    if not all(lang in languages.codes() and isinstance(name, str) for lang, name in pipelines.items()):
        fail("'pipelines' maps a language ({known}) to a spaCy package name or path", known=", ".join(languages.codes()))
    classifier = data.get("classifier", True)
    if not isinstance(classifier, bool):
        fail("'classifier' must be true or false")
    model, model_sha256 = data.get("model"), data.get("model-sha256")
    if model is not None and not isinstance(model, str):
        fail("'model' must be a path")
    if model is not None and source is not None:
        model = str((source.parent / model).resolve())  # relative to the configuration file
    if model_sha256 is not None:
        if not (isinstance(model_sha256, str) and re.fullmatch("[0-9a-fA-F]{64}", model_sha256)):
            fail("'model-sha256' must be a SHA-256 in hexadecimal (64 digits)")
        model_sha256 = model_sha256.lower()  # as hashlib writes it, and as it is compared
    return Config(
        disable=tuple(disable), severity=severity, allow=allow, extra=extra, max_bytes=max_bytes,
        pipelines=dict(pipelines), classifier=classifier, model=model, model_sha256=model_sha256, source=source,
        min_score=min_score, fail_on_dimensions=fail_on_dimensions, **values,
    )


def _table(data: dict[str, Any], key: str, fail: Callable[..., NoReturn]) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        fail("'{key}' must be a table", key=key)
    return value


def _choice(data: dict[str, Any], key: str, choices: tuple[str, ...], default: Any, fail: Callable[..., NoReturn]) -> Any:
    value = data.get(key, default)
    if value is not default and value not in choices:
        fail("'{key}' must be one of {choices}, not {value!r}", key=key, choices=", ".join(choices), value=value)
    return value
