"""Configuration, loaded in one place: `.toneaudit.toml`, or `[tool.toneaudit]` in `pyproject.toml`,
searched upward from the working directory, or a file named with `--config`."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .findings import Severity
from .rules import DIMENSIONS

LANG_CHOICES = ("auto", "fr", "en")
FAIL_ON_CHOICES = ("info", "warning", "error", "never")
DEFAULT_MAX_BYTES = 1_000_000


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class Config:
    disable: tuple[str, ...] = ()
    # When not empty, only rules under these prefixes run (--select); the longest prefix wins over `disable`.
    select: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    allow: dict[str, frozenset[str]] = field(default_factory=dict)
    extra: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    lang: str = "auto"
    default_lang: str = "fr"
    messages: str | None = None
    fail_on: str = "warning"
    max_bytes: int = DEFAULT_MAX_BYTES
    pipelines: dict[str, str] = field(default_factory=dict)
    classifier: bool = True
    # A user's own model file, named explicitly, and optionally the SHA-256 it must have.
    model: str | None = None
    model_sha256: str | None = None
    source: Path | None = None

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

    def allowed_words(self, lang: str) -> frozenset[str]:
        return self.allow.get(lang, frozenset()) | self.allow.get("all", frozenset())


def _longest_prefix(prefixes, rule_id: str) -> str | None:
    matching = [p for p in prefixes if rule_id == p or rule_id.startswith(p + ".") or p == "all"]
    return max(matching, key=len) if matching else None


def find_config_file(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / ".toneaudit.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
    return None


def _has_tool_section(pyproject: Path) -> bool:
    try:
        return "toneaudit" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False  # someone else's broken pyproject is not our configuration


def load(path: Path | None = None, start: Path | None = None) -> Config:
    """The configuration from `path`, or found upward from `start` (default: the working directory)."""
    if path is None:
        path = find_config_file((start or Path.cwd()).resolve())
        if path is None:
            return Config()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read configuration ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML ({error})") from None
    if Path(path).name == "pyproject.toml":
        data = data.get("tool", {}).get("toneaudit", {})
    return from_mapping(data, Path(path))


_KEYS = {"disable", "severity", "allow", "extra", "lang", "default-lang", "messages", "fail-on", "max-bytes", "pipelines",
         "classifier", "model", "model-sha256"}


def from_mapping(data: dict, source: Path | None = None) -> Config:
    where = f"{source}: " if source else ""

    def fail(message: str):
        raise ConfigError(where + message)

    unknown = sorted(set(data) - _KEYS)
    if unknown:
        fail(f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})")
    disable = data.get("disable", [])
    if not isinstance(disable, list) or not all(isinstance(item, str) for item in disable):
        fail("'disable' must be a list of rule ids or dimension names")
    severity = {}
    for rule_id, level in _table(data, "severity", fail).items():
        try:
            severity[rule_id] = Severity.parse(level)
        except ValueError as error:
            fail(f"severity of {rule_id!r}: {error}")
    allow = {}
    for lang, words in _table(data, "allow", fail).items():
        if lang not in ("fr", "en", "all") or not isinstance(words, list):
            fail("'allow' maps fr, en or all to a list of words")
        allow[lang] = frozenset(" ".join(str(word).lower().split()) for word in words)
    extra = {}
    for lang, by_dimension in _table(data, "extra", fail).items():
        if lang not in ("fr", "en") or not isinstance(by_dimension, dict):
            fail("'extra' maps fr or en to a table of dimension = [words]")
        for dimension, words in by_dimension.items():
            if dimension not in DIMENSIONS or not isinstance(words, list):
                fail(f"'extra.{lang}.{dimension}' must be one of {', '.join(DIMENSIONS)} with a list of words")
        extra[lang] = {dimension: tuple(map(str, words)) for dimension, words in by_dimension.items()}
    values = {
        "lang": _choice(data, "lang", LANG_CHOICES, "auto", fail),
        "default_lang": _choice(data, "default-lang", ("fr", "en"), "fr", fail),
        "messages": _choice(data, "messages", ("fr", "en"), None, fail),
        "fail_on": _choice(data, "fail-on", FAIL_ON_CHOICES, "warning", fail),
    }
    max_bytes = data.get("max-bytes", DEFAULT_MAX_BYTES)
    if not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or max_bytes <= 0:
        fail("'max-bytes' must be a positive whole number")
    pipelines = _table(data, "pipelines", fail)
    if not all(lang in ("fr", "en") and isinstance(name, str) for lang, name in pipelines.items()):
        fail("'pipelines' maps fr or en to a spaCy package name or path")
    classifier = data.get("classifier", True)
    if not isinstance(classifier, bool):
        fail("'classifier' must be true or false")
    model, model_sha256 = data.get("model"), data.get("model-sha256")
    if model is not None and not isinstance(model, str):
        fail("'model' must be a path")
    if model is not None and source is not None:
        model = str((source.parent / model).resolve())  # relative to the configuration file
    if model_sha256 is not None and not (isinstance(model_sha256, str) and len(model_sha256) == 64):
        fail("'model-sha256' must be a SHA-256 in hexadecimal")
    return Config(
        disable=tuple(disable), severity=severity, allow=allow, extra=extra, max_bytes=max_bytes,
        pipelines=dict(pipelines), classifier=classifier, model=model, model_sha256=model_sha256, source=source,
        **values,
    )


def _table(data: dict, key: str, fail) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        fail(f"'{key}' must be a table")
    return value


def _choice(data: dict, key: str, choices: tuple, default, fail):
    value = data.get(key, default)
    if value is not default and value not in choices:
        fail(f"'{key}' must be one of {', '.join(choices)}, not {value!r}")
    return value
