"""Rules are data, kinds are code.

Each `lexicons/<lang>/<dimension>.toml` file declares the rules of one dimension in one language:
their kind, default severity, word lists or patterns, suggestion and pass/fail examples. A *kind* is a
small function `(context, rule) -> hits` registered here; adding a buzzword or a language is a change
to the data, adding a way of detecting something is one kind.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterable

from ..findings import Severity

DIMENSIONS = ("institutional", "commercial", "aggressive", "impersonal", "familiar")
# Findings that are not about tone but would still embarrass the author (mojibake).
# `toneaudit` holds findings about the draft's own directives (an unknown rule id in an inline comment).
OTHER_DIMENSIONS = ("encoding", "toneaudit")
SEVERITY_WEIGHT = {Severity.INFO: 0.3, Severity.WARNING: 1.0, Severity.ERROR: 2.0}


@dataclass(frozen=True)
class Hit:
    """What a kind returns: a span, and optionally a stronger/weaker severity, what to write instead
    of the span, or a suggestion of its own.

    `replacement` is a literal, safe replacement of the span's text (applied by `check --fix`);
    `rewrite` is words to write instead that a person must fit into the sentence.
    """

    start: int
    end: int
    severity: Severity | None = None
    suggestion: str | None = None
    replacement: str | None = None
    rewrite: str | None = None
    details: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class Rule:
    id: str
    dimension: str
    kind: str
    lang: str
    severity: Severity
    weight: float | None = None
    # A document-level rule (e.g. "no first person anywhere") is judged once per draft: its weight is
    # not diluted by the draft's length as the weight of word-level findings is.
    document_level: bool = False
    # A rule that is not standalone (capitals, "!!!", hype) is a finding of its own, but it cannot flag
    # its dimension without other evidence: see `report.REQUIRES`.
    standalone: bool = True
    params: dict = field(default_factory=dict, hash=False, compare=False)
    examples_fail: tuple[str, ...] = ()
    examples_pass: tuple[str, ...] = ()
    # Compiled patterns, built on first use by the rule's kind (see `compiled`).
    _compiled: dict = field(default_factory=dict, hash=False, compare=False, repr=False)

    def compiled(self, build: Callable[["Rule"], object]):
        """What `build(rule)` returns, computed once per rule object."""
        if build not in self._compiled:
            self._compiled[build] = build(self)
        return self._compiled[build]

    def words(self, key: str, fold: Callable[[str], str] = str.lower) -> frozenset[str]:
        """The data's list `key`, each entry folded (lower case by default), as a set built once."""
        cache_key = ("words", key, fold)
        found = self._compiled.get(cache_key)
        if found is None:
            found = self._compiled[cache_key] = frozenset(map(fold, self.params.get(key, ())))
        return found

    def weight_of(self, severity: Severity) -> float:
        """How much one hit counts towards its dimension's verdict."""
        if self.weight is not None and severity == self.severity:
            return self.weight
        return SEVERITY_WEIGHT[severity]


KindFunction = Callable[["object", Rule], Iterable[Hit]]
KINDS: dict[str, KindFunction] = {}


def kind(name: str):
    def register(function: KindFunction) -> KindFunction:
        KINDS[name] = function
        return function

    return register


_RULE_KEYS = {"kind", "severity", "weight", "document_level", "standalone", "examples"}


@lru_cache(maxsize=8)
def lexicon(lang: str) -> dict[str, dict]:
    """Every data file of a language, by dimension name."""
    folder = resources.files(__package__.rsplit(".", 1)[0]).joinpath("lexicons", lang)
    if not folder.is_dir():
        raise ValueError(f"no lexicons for language {lang!r}")
    data = {}
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".toml"):
            data[entry.name[: -len(".toml")]] = tomllib.loads(entry.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=8)
def load_rules(lang: str) -> tuple[Rule, ...]:
    _import_kinds()
    rules = []
    for dimension, data in lexicon(lang).items():
        for name, spec in data.get("rules", {}).items():
            rules.append(make_rule(f"{dimension}.{name}", dimension, lang, spec))
    return tuple(rules)


def make_rule(rule_id: str, dimension: str, lang: str, spec: dict) -> Rule:
    if spec.get("kind") not in KINDS:
        raise ValueError(f"rule {rule_id}: unknown kind {spec.get('kind')!r}")
    examples = spec.get("examples", {})
    return Rule(
        id=rule_id,
        dimension=dimension,
        kind=spec["kind"],
        lang=lang,
        severity=Severity.parse(spec.get("severity", "warning")),
        weight=spec.get("weight"),
        document_level=bool(spec.get("document_level", False)),
        standalone=bool(spec.get("standalone", True)),
        params={key: value for key, value in spec.items() if key not in _RULE_KEYS},
        examples_fail=tuple(examples.get("fail", ())),
        examples_pass=tuple(examples.get("pass", ())),
    )


@lru_cache(maxsize=1)
def known_rule_ids() -> frozenset[str]:
    """Every id toneaudit can print: the rules of every language, and per dimension the classifier's
    finding and the configuration's own words (`extra`)."""
    ids = {rule.id for lang in ("fr", "en") for rule in load_rules(lang)}
    ids.update(f"{dimension}.{suffix}" for dimension in DIMENSIONS for suffix in ("classifier", "custom"))
    ids.add(UNKNOWN_RULE)
    return frozenset(ids)


UNKNOWN_RULE = "toneaudit.unknown-rule"


def unknown_rule(name: str) -> str | None:
    """Why `name` names no rule (with the nearest known id), or None when it is "all", a rule id, a
    dimension or a dotted prefix of rule ids, as `--select`, `--ignore`, `disable`, `severity` and
    inline comments take them."""
    if is_rule_name(name):
        return None
    from ..messages import Phrase

    nearest = nearest_rule_name(name)
    if nearest:
        return Phrase("unknown rule or dimension {name!r}; did you mean {nearest!r}?", name=name, nearest=nearest)
    return Phrase("unknown rule or dimension {name!r} (see 'toneaudit rules list')", name=name)


@lru_cache(maxsize=1024)
def is_rule_name(name: str) -> bool:
    known = known_rule_ids()
    return name == "all" or name in known or any(rule_id.startswith(name + ".") for rule_id in known)


@lru_cache(maxsize=1024)
def nearest_rule_name(name: str) -> str | None:
    from difflib import get_close_matches

    close = get_close_matches(name, sorted(known_rule_ids() | set(DIMENSIONS) | set(OTHER_DIMENSIONS)), n=1, cutoff=0.6)
    return close[0] if close else None


def nearest_name(name: str, known) -> str | None:
    """The known name `name` most likely misspells (`agressive`: `aggressive`), or None."""
    from difflib import get_close_matches

    close = get_close_matches(name, list(known), n=1, cutoff=0.6)
    return close[0] if close else None


def _import_kinds() -> None:
    # Importing the modules registers their kinds.
    from . import encoding, imperative, shouting, style, terms, voice  # noqa: F401
