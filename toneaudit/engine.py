"""Text in, Report out. Knows nothing of files, terminals or output formats."""
from __future__ import annotations

import re

from . import language, messages, pipelines
from .config import Config
from .context import Context
from .draft import prepare
from .findings import Finding
from .report import Evidence, Report, overall_score, verdicts
from .rules import KINDS, Rule, load_rules, make_rule
from .rules.terms import phrase_regex


class AuditError(ValueError):
    """The draft cannot be audited as asked (unknown or unsupported language, unloadable pipeline)."""


def audit(text: str, lang: str = "auto", *, config: Config | None = None, messages_lang: str | None = None,
          markdown: bool = False) -> Report:
    """Audit one draft. `lang` is "auto", "fr" or "en"; `markdown` blanks code, link targets and front matter."""
    config = config or Config()
    if not isinstance(text, str):
        raise TypeError("audit() takes the draft as a str")
    if lang not in ("auto", *language.SUPPORTED):
        raise AuditError(f"unknown language {lang!r} (expected auto, fr or en)")
    draft = prepare(text, markdown=markdown)
    if lang == "auto":
        try:
            lang = language.detect(draft.analysis_text, default=config.default_lang)
        except language.UnsupportedLanguage as error:
            raise AuditError(str(error)) from None
    messages_lang = messages_lang or config.messages or lang
    if draft.front_matter_off:
        return _report(lang, [], 0, notes=["skipped: the front matter says toneaudit: off"])
    try:
        nlp = pipelines.load(lang, config.pipelines.get(lang))
    except pipelines.PipelineError as error:
        raise AuditError(str(error)) from None
    if len(draft.analysis_text) >= nlp.max_length:
        raise AuditError(f"the draft is too long to analyse ({len(text)} characters)")
    doc = nlp(draft.analysis_text)
    ctx = Context(draft, doc, lang, trained=pipelines.is_trained(nlp))

    allowed = _allowed_spans(config.allowed_words(lang), draft.analysis_text)
    weighted = []
    for rule in active_rules(lang, config):
        severity = config.severity_for(rule.id, rule.severity)
        for hit in KINDS[rule.kind](ctx, rule):
            if draft.is_suppressed(rule.id, hit.start) or _inside(allowed, hit.start, hit.end):
                continue
            # A configured severity replaces the rule's; a kind's own escalation only applies otherwise.
            hit_severity = severity if rule.id in config.severity or hit.severity is None else hit.severity
            line, column = draft.position(hit.start)
            finding = Finding(
                start=hit.start, end=hit.end, rule=rule.id, dimension=rule.dimension, severity=hit_severity,
                message=messages.message(rule.id, messages_lang, text[hit.start:hit.end], dict(hit.details)),
                text=text[hit.start:hit.end], line=line, column=column,
                suggestion=hit.suggestion or rule.suggestion,
            )
            weighted.append(Evidence(finding, rule.weight_of(hit_severity), rule.document_level))
    weighted.sort(key=lambda item: (item.finding.start, item.finding.end, item.finding.rule))
    return _report(lang, weighted, ctx.word_count)


def _report(lang: str, weighted: list, word_count: int, notes: list[str] | None = None) -> Report:
    findings = [item.finding for item in weighted]
    dimensions = verdicts(weighted, word_count)
    return Report(lang=lang, findings=findings, dimensions=dimensions,
                  score=overall_score(dimensions, findings), notes=notes or [])


def _allowed_spans(words: frozenset[str], text: str) -> list[tuple[int, int]]:
    """Where the configured allowed words (brand names, a sector's terms) stand in the draft."""
    if not words:
        return []
    regex = re.compile("|".join(phrase_regex(word) for word in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    return [match.span() for match in regex.finditer(text)]


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(span_start <= start and end <= span_end for span_start, span_end in spans)


def active_rules(lang: str, config: Config) -> list[Rule]:
    rules = [rule for rule in load_rules(lang) if not config.is_disabled(rule.id)]
    for dimension, words in config.extra.get(lang, {}).items():
        rule_id = f"{dimension}.custom"
        if words and not config.is_disabled(rule_id):
            rules.append(make_rule(rule_id, dimension, lang, {"kind": "terms", "severity": "warning", "terms": list(words)}))
    return rules
