"""Rules are data, kinds are code.

Each `languages/<code>/rules/<dimension>.toml` file declares the rules of one dimension in one language:
their kind, default severity, word lists or patterns, suggestion and pass/fail examples. A *kind* is a
small function `(context, rule) -> hits` registered here; adding a buzzword or a language is a change
to the data, adding a way of detecting something is one kind.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NoReturn

from .. import languages
from ..findings import Severity
from .phrases import Term

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

    def compiled(self, build: Callable[[Rule], object]):
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
# A parameter no rule of the kind may leave out.
REQUIRED = object()
# What a parameter holds: `list` is a list of strings (words, forms, patterns), `tuple` a list of rows
# of strings, `dict` a table.
_TYPE_NAMES = {list: "a list of strings", tuple: "a list of rows of strings", dict: "a table", int: "a whole number", float: "a number",
               bool: "true or false", str: "a string"}


@dataclass(frozen=True)
class Kind:
    """A way of finding something: its function, the parameters its rules may set (name → (type,
    default)), and the pipeline parts it reads beyond words (see PIPELINE_PARTS)."""

    name: str
    function: KindFunction
    params: dict[str, tuple[type, object]]
    needs: frozenset[str] = frozenset()

    def __call__(self, ctx, rule: Rule) -> Iterable[Hit]:
        return self.function(ctx, rule)


KINDS: dict[str, Kind] = {}


# What a kind may read of a pipeline beyond its words: sentence boundaries (the parser), part-of-speech
# tags and morphology (the morphologizer), lemmas (the lemmatizer, loaded only when a rule needs it).
PIPELINE_PARTS = frozenset({"sentences", "tags", "morphology", "lemmas"})


def kind(name: str, params: dict[str, tuple[type, object]] | None = None, needs: Iterable[str] = ()):
    """Register a kind under `name`, with the parameters its rules may set and their defaults, and the
    pipeline parts it reads."""
    unknown = set(needs) - PIPELINE_PARTS
    if unknown:
        raise ValueError(f"kind {name!r}: unknown pipeline parts {sorted(unknown)} (known: {sorted(PIPELINE_PARTS)})")

    def register(function: KindFunction) -> KindFunction:
        KINDS[name] = Kind(name, function, dict(params or {}), frozenset(needs))
        return function

    return register


def needs(rule: Rule) -> frozenset[str]:
    """The pipeline parts `rule` reads: its kind's, and the lemmatizer where it lists lemmas."""
    return KINDS[rule.kind].needs | (frozenset({"lemmas"}) if rule.params.get("lemmas") else frozenset())


class RuleError(ValueError):
    """A rule's data that cannot be used: the message names the file and the rule."""


# Keys every rule may have, whatever its kind.
_RULE_KEYS = {"kind": (str, REQUIRED), "severity": (str, "warning"), "weight": (float, None),
              "document_level": (bool, False), "standalone": (bool, True), "examples": (dict, {})}


@lru_cache(maxsize=16)
def load_rules(lang: str) -> tuple[Rule, ...]:
    _import_kinds()
    rules = []
    for dimension, data in languages.rule_tables(lang).items():
        where = _rule_file(lang, dimension)
        if not isinstance(data.get("rules", {}), dict):
            raise RuleError(f"{where}: 'rules' must be a table of rules")
        for name, spec in data.get("rules", {}).items():
            rules.append(make_rule(f"{dimension}.{name}", dimension, lang, spec, where))
    _check_duplicate_terms(rules)
    _check_messages(rules, lang)
    return tuple(rules)

def _rule_file(lang: str, dimension: str) -> str:
    """Where a rule's data is, as its errors name it."""
    return f"languages/{lang}/rules/{dimension}.toml"


def make_rule(rule_id: str, dimension: str, lang: str, spec: dict, where: str = "configuration") -> Rule:
    """The rule `spec` declares, its parameters checked against its kind's and completed with their
    defaults; a RuleError naming `where` and the rule for an unknown kind or key, a wrong type or a
    missing parameter."""
    def fail(problem: str) -> NoReturn:
        raise RuleError(f"{where}: rule {rule_id}: {problem}")

    if not isinstance(spec, dict):
        fail("must be a table")
    _import_kinds()
    named = spec.get("kind")
    found = KINDS.get(named) if isinstance(named, str) else None
    if found is None:
        fail(f"unknown kind {spec.get('kind')!r} (known: {', '.join(sorted(KINDS))})")
    declared = {**_RULE_KEYS, **found.params}
    for key, value in spec.items():
        if key not in declared:
            nearest = nearest_name(key, declared)
            fail(f"unknown key {key!r} for the kind {found.name!r}" +
                 (f"; did you mean {nearest!r}?" if nearest else f" (known: {', '.join(sorted(declared))})"))
        expected = declared[key][0]
        if not _is_a(value, expected):
            fail(f"{key!r} must be {_TYPE_NAMES[expected]}, not {value!r}"[:300])
    params = {}
    for key, (_, default) in found.params.items():
        if key not in spec and default is REQUIRED:
            fail(f"the kind {found.name!r} needs {key!r}")
        params[key] = spec.get(key, default)
    examples = spec.get("examples", {})
    for verdict, texts in examples.items():
        if verdict not in ("fail", "pass") or not _is_a(texts, list):
            fail("'examples' holds 'fail' and 'pass', each a list of drafts")
    try:
        severity = Severity.parse(spec.get("severity", "warning"))
    except ValueError as error:
        fail(str(error))
    return Rule(
        id=rule_id,
        dimension=dimension,
        kind=spec["kind"],
        lang=lang,
        severity=severity,
        weight=spec.get("weight"),
        document_level=spec.get("document_level", False),
        standalone=spec.get("standalone", True),
        params=params,
        examples_fail=tuple(examples.get("fail", ())),
        examples_pass=tuple(examples.get("pass", ())),
    )


def _is_a(value, expected: type) -> bool:
    if expected is list:
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    if expected is tuple:
        return isinstance(value, list) and all(_is_a(row, list) for row in value)
    if expected is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


def _check_duplicate_terms(rules: list[Rule]) -> None:
    """A term listed twice, in one rule or in two rules of one dimension, is a RuleError: the second is
    dead data (one finding per fact). Two dimensions may share a term: « vente flash » is a discount
    and urgency, two reasons."""
    seen: dict[tuple[str, str], str] = {}
    for rule in rules:
        mine = set()
        # Compared as the rule matches them: folded, unless the rule is case-sensitive (« CC » and « cc »).
        fold = str if rule.params.get("case_sensitive") else str.lower
        for term in rule.params.get("terms", ()) if rule.kind == "terms" else ():
            words = fold(" ".join(Term.of(term).words))
            if words in mine:
                raise RuleError(f"{_rule_file(rule.lang, rule.dimension)}: rule {rule.id}: "
                                f"the term {words!r} is listed twice")
            if (rule.dimension, words) in seen:
                raise RuleError(f"{_rule_file(rule.lang, rule.dimension)}: rule {rule.id}: the term "
                                f"{words!r} is also a term of {seen[rule.dimension, words]}")
            mine.add(words)
        seen.update(((rule.dimension, words), rule.id) for words in mine)


def _check_messages(rules: list[Rule], lang: str) -> None:
    """Each rule has its message in its own language's messages.toml: without it, the report would
    say its dimension's text for the configuration's own words, which is false."""
    from ..messages import catalogue

    table = catalogue(lang)
    for rule in rules:
        if "message" not in table.get(rule.id, {}):
            raise RuleError(f"languages/{lang}/messages.toml: no message for the rule {rule.id} "
                            f"({_rule_file(lang, rule.dimension)} has it)")


@lru_cache(maxsize=1)
def known_rule_ids() -> frozenset[str]:
    """Every id toneaudit can print: the rules of every language, and per dimension the classifier's
    finding and the configuration's own words (`extra`)."""
    ids = {rule.id for lang in languages.codes() for rule in load_rules(lang)}
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
    return nearest_name(name, sorted(known_rule_ids() | set(DIMENSIONS) | set(OTHER_DIMENSIONS)))


def nearest_name(name: str, known) -> str | None:
    """The known name `name` most likely misspells (`agressive`: `aggressive`), or None."""
    from difflib import get_close_matches

    close = get_close_matches(name, list(known), n=1, cutoff=0.6)
    return close[0] if close else None


@lru_cache(maxsize=1)
def _import_kinds() -> None:
    """Import every module of this package: those that define kinds register them (kinds are found,
    not listed)."""
    from importlib import import_module
    from pkgutil import iter_modules

    for module in iter_modules(__path__):
        import_module(f"{__name__}.{module.name}")
