"""Text in, Report out. Knows nothing of files, terminals or output formats."""
from __future__ import annotations

import dataclasses
import re
import typing
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from . import classifier as classifier_module
from . import language, languages, messages, pipelines
from .config import Config
from .context import Context
from .draft import Draft, Spans, merged_spans, prepare
from .findings import Finding, Severity
from .messages import Phrase, in_language, said_by
from .normalise import normalise
from .report import DimensionVerdict, Evidence, Report, combine, marked_as_advice, overall_score, verdicts, with_requirements
from .rules import KINDS, OTHER_DIMENSIONS, UNKNOWN_RULE, Hit, Rule, is_rule_name, load_rules, make_rule, nearest_rule_name, needs
from .rules.phrases import phrase_regex


class AuditError(ValueError):
    """The draft cannot be audited as asked (unknown or unsupported language, unloadable pipeline)."""


@dataclass
class Analysis:
    """What the rules found in one draft: the input of the report, of the classifier and of training."""

    lang: str
    draft: Draft
    evidence: list[Evidence]
    word_count: int
    messages_lang: str
    notes: list[str] = field(default_factory=list)

    def rule_counts(self) -> dict[str, int]:
        return dict(Counter(item.finding.rule for item in self.evidence))


def audit(text: str, lang: str = "auto", *, config: Config | None = None, messages_lang: str | None = None,
          markdown: bool = False, classifier: bool | None = None, lines: frozenset[int] | None = None) -> Report:
    """Audit one draft. `lang` is "auto" or a language code (`languages/<code>/`); `markdown` blanks code, link targets and front matter;
    with `lines` (1-based line numbers), only the findings on those lines are reported, as `check --diff`
    does with the added ones: the draft is still read whole, so the verdicts are about the whole post.

    With the classifier (the default, or `classifier=False` / config `classifier = false` for rules
    alone), each dimension's verdict combines the model's calibrated probability with the rules' evidence.
    """
    config = config or Config()
    report = _conclude(analyse(text, lang, config=config, messages_lang=messages_lang, markdown=markdown),
                       config, classifier)
    return _on_lines(report, lines)


def audit_many(texts: list[str], lang: str | list[str] = "auto", *, config: Config | None = None,
               messages_lang: str | None = None, markdown: bool | list[bool] = False,
               classifier: bool | None = None, batch_size: int = 64, progress: Callable[[int], object] | None = None,
               lines: list[frozenset[int] | None] | None = None) -> list[Report | AuditError]:
    """Audit many drafts, letting spaCy batch them (`nlp.pipe`). One Report per text, in order, or the
    AuditError that text raised. `progress(done)` is called as drafts are finished. `lines` gives each
    text its lines to judge (or None for all), as in `audit`."""
    config = config or Config()
    flags = markdown if isinstance(markdown, list) else [markdown] * len(texts)
    langs = lang if isinstance(lang, list) else [lang] * len(texts)
    line_sets = lines if lines is not None else [None] * len(texts)
    results: list[Report | AuditError | None] = [None] * len(texts)
    pending: dict[str, list[tuple[int, str, tuple[Draft, str, str]]]] = {}
    for index, (text, is_markdown, text_lang, text_lines) in enumerate(zip(texts, flags, langs, line_sets)):
        try:
            prepared = _prepare(text, text_lang, config, messages_lang, is_markdown)
        except AuditError as error:
            results[index] = error
            continue
        if isinstance(prepared, Analysis):
            results[index] = _on_lines(_conclude(prepared, config, classifier), text_lines)
        else:
            pending.setdefault(prepared[1], []).append((index, text, prepared))
    done = sum(result is not None for result in results)
    for lang_code, items in pending.items():
        try:
            rules, nlp = _pipeline(lang_code, config)
        except AuditError as error:
            for index, _, _ in items:
                results[index] = error
            continue
        trained = pipelines.is_trained(nlp)
        runnable = [(index, text, draft, draft_messages) for index, text, (draft, _, draft_messages) in items]
        docs = _parse_all(nlp, [draft.nlp_text for _, _, draft, _ in runnable], batch_size)
        # The rules of a batch of drafts, then the classifier of the batch: each keeps its tables in the
        # processor's caches from one draft to the next (alternating, each evicts the other's).
        for first in range(0, len(runnable), batch_size):
            chunk = runnable[first:first + batch_size]
            analyses = [_run_rules(draft, doc, lang_code, draft_messages, rules, config, trained and _tagged(draft.nlp_text))
                        for (index, text, draft, draft_messages), doc in zip(chunk, docs)]
            for (index, _, _, _), report in zip(chunk, _conclude_many(analyses, config, classifier)):
                results[index] = _on_lines(report, line_sets[index])
                done += 1
                if progress:
                    progress(done)
    return typing.cast(list[Report | AuditError], results)  # every text has its result by now


def _conclude(analysis: Analysis, config: Config, classifier: bool | None) -> Report:
    """The rules' verdicts, combined with the classifier's unless it is off."""
    return _conclude_many([analysis], config, classifier)[0]


def _conclude_many(analyses: list[Analysis], config: Config, classifier: bool | None) -> list[Report]:
    """`_conclude` of each analysis; the classifier reads the drafts of a language together (see
    `LanguageModel.predict_drafts`)."""
    rule_verdicts = [verdicts(analysis.evidence, analysis.word_count) for analysis in analyses]
    use_classifier = config.classifier if classifier is None else classifier
    judged = [index for index, analysis in enumerate(analyses)
              if use_classifier and not analysis.draft.front_matter_off]
    predictions: list[dict[str, classifier_module.Prediction] | None] = [None] * len(analyses)
    if judged:
        try:
            model = classifier_module.load(config.model, config.model_sha256)
        except classifier_module.ModelError as error:
            raise AuditError(said_by(error)) from None
        for lang in dict.fromkeys(analyses[index].lang for index in judged):
            mine = [index for index in judged if analyses[index].lang == lang]
            if lang not in model.languages:  # a language added as a folder, before a model is trained for it
                for index in mine:
                    analyses[index].notes.append(in_language(
                        Phrase("the model has no {lang} classifier: judged by the rules alone", lang=lang),
                        analyses[index].messages_lang))
                continue
            found = model.languages[lang].predict_drafts([
                (analyses[index].draft.analysis_text, analyses[index].draft.url_spans, analyses[index].rule_counts(),
                 {name: verdict.score for name, verdict in rule_verdicts[index].items()}) for index in mine])
            for index, prediction in zip(mine, found):
                predictions[index] = prediction
    reports = []
    for analysis, verdicts_of_rules, predicted in zip(analyses, rule_verdicts, predictions):
        if predicted is None:
            reports.append(_report(analysis, with_requirements(verdicts_of_rules), analysis.evidence))
            continue
        combined = combine(verdicts_of_rules, predicted)
        # `disable = ["commercial"]` (or "commercial.classifier") silences the classifier's opinion on
        # that dimension too: only the rules that still run decide it.
        combined.update((name, verdicts_of_rules[name]) for name in combined if config.is_disabled(f"{name}.classifier"))
        dimensions = with_requirements(combined)
        evidence = analysis.evidence + _classifier_findings(analysis, dimensions, config, model.languages[analysis.lang])
        evidence.sort(key=_in_order)
        reports.append(_report(analysis, dimensions, evidence))
    return reports


def analyse(text: str, lang: str = "auto", *, config: Config, messages_lang: str | None = None,
            markdown: bool = False) -> Analysis:
    """Run the rules on one draft."""
    prepared = _prepare(text, lang, config, messages_lang, markdown)
    if isinstance(prepared, Analysis):
        return prepared
    draft, lang, messages_lang = prepared
    rules, nlp = _pipeline(lang, config)
    return _run_rules(draft, _parse(nlp, draft.nlp_text), lang, messages_lang, rules, config,
                      pipelines.is_trained(nlp) and _tagged(draft.nlp_text))


# A draft longer than this is parsed in consecutive pieces, cut after a line break, and the pieces'
# docs joined: spaCy's memory grows with the length of one doc (a 1 MB draft took 4 GB in one piece).
_PIECE = 10_000
# A draft longer than this is no social-media post (Facebook, the most generous network, takes 63,206
# characters): it is read by the tokenizer and a rule-based sentencizer only, as English is without
# en_core_web_sm (no tags, morphology or lemmas; the rules that want them fall back to word shapes and
# positions). The trained components read about 30,000 tokens a second here: over 30 s for a megabyte
# of one-character tokens, where the tokenizer takes 0.2 s.
_TAGGED_AT_MOST = 100_000


def _tagged(text: str) -> bool:
    return len(text) <= _TAGGED_AT_MOST


def _parse(nlp: Any, text: str) -> Any:
    if len(text) <= _PIECE:
        return nlp(text)
    if not _tagged(text):
        return _sentencizer()(nlp.tokenizer(text))
    from spacy.tokens import Doc

    pieces, start = [], 0
    while start < len(text):
        end = min(len(text), start + _PIECE)
        if end < len(text):
            cut = text.rfind("\n", start + _PIECE // 2, end)
            end = cut + 1 if cut >= 0 else end
            while end < len(text) and not text[end - 1].isspace() and end - start < 2 * _PIECE:
                end += 1  # never cut inside a token
        pieces.append(text[start:end])
        start = end
    # One piece at a time: the point is that only one piece's activations are in memory.
    return Doc.from_docs(list(nlp.pipe(pieces, batch_size=1)), ensure_whitespace=False)


@lru_cache(maxsize=1)
def _sentencizer() -> Any:
    from spacy.pipeline import Sentencizer

    return Sentencizer()


def _parse_all(nlp: Any, texts: list[str], batch_size: int) -> Iterator[Any]:
    """The docs of these texts, in order: short ones batched through `nlp.pipe`, long ones in pieces
    (see _parse), so that one long draft does not take the batching away from the others."""
    short = nlp.pipe((text for text in texts if len(text) <= _PIECE), batch_size=batch_size)
    for text in texts:
        yield _parse(nlp, text) if len(text) > _PIECE else next(short)


def _prepare(text: str, lang: str, config: Config, messages_lang: str | None,
             markdown: bool) -> Analysis | tuple[Draft, str, str]:
    """(draft, language, message language), or a finished Analysis for a draft that is skipped."""
    if not isinstance(text, str):
        raise TypeError("audit() takes the draft as a str")
    if lang not in ("auto", *language.SUPPORTED):
        raise AuditError(Phrase("unknown language {lang!r} (expected auto or one of {known})", lang=lang,
                                known=", ".join(language.SUPPORTED)))
    # A text not in NFC is analysed as its NFC copy, and its findings mapped back (see normalise.py).
    written = normalise(text)
    draft = prepare(written.copy if written is not None else text, markdown=markdown)
    draft.written = written
    if lang == "auto":
        try:
            lang = language.detect(draft.analysis_text, default=config.default_lang)
        except language.UnsupportedLanguage as error:
            raise AuditError(said_by(error)) from None
    messages_lang = messages_lang or config.messages or lang
    if draft.front_matter_off:
        skipped = Phrase("skipped: the front matter says toneaudit: off")
        return Analysis(lang, draft, [], 0, messages_lang, notes=[in_language(skipped, messages_lang)])
    return draft, lang, messages_lang


def _pipeline(lang: str, config: Config) -> tuple[list[Rule], Any]:
    rules = active_rules(lang, config)
    try:
        nlp = pipelines.load(lang, config.pipelines.get(lang), lemmas=any("lemmas" in needs(rule) for rule in rules))
    except pipelines.PipelineError as error:
        raise AuditError(str(error)) from None
    return rules, nlp


def _run_rules(draft: Draft, doc: Any, lang: str, messages_lang: str, rules: list[Rule], config: Config,
               trained: bool) -> Analysis:
    ctx = Context(draft, doc, lang, trained=trained)
    allowed = _allowed_spans(config.allowed_words(lang), draft.analysis_text)
    evidence = []
    for rule in rules:
        # Words in quotation marks are quoted, often to criticise them («  "Achetez maintenant" : non »):
        # no word-level rule reports them. Mojibake is damage wherever it is.
        skip_quoted = not rule.document_level and rule.dimension not in OTHER_DIMENSIONS
        for hit in KINDS[rule.kind](ctx, rule):
            if draft.is_suppressed(rule.id, hit.start) or (allowed is not None and allowed.contain(hit.start, hit.end)):
                continue
            if skip_quoted and draft.quoted(hit.start, hit.end):
                continue
            # A configured severity replaces the rule's; a kind's own escalation only applies otherwise.
            if rule.id in config.severity or hit.severity is None:
                hit_severity = config.severity_for(rule.id, rule.severity)
            else:
                hit_severity = hit.severity
            matched = draft.text[hit.start:hit.end]
            finding = _finding(draft, rule.id, rule.dimension, hit_severity, hit.start, hit.end,
                               messages.message(rule.id, messages_lang, matched, dict(hit.details)),
                               _suggestion(rule.id, hit, matched, messages_lang),
                               # What the draft quotes or links to is not its own words: never rewritten.
                               None if draft.in_quotes(hit.start, hit.end) or draft.in_url(hit.start, hit.end)
                               else hit.replacement)
            evidence.append(Evidence(finding, rule.weight_of(hit_severity), rule.document_level, rule.standalone,
                                     _analysed(draft, hit.start, hit.end)))
    evidence = one_per_fact(evidence) + _unknown_directive_names(draft, messages_lang)
    evidence.sort(key=_in_order)
    return Analysis(lang, draft, evidence, ctx.word_count, messages_lang)


def one_per_fact(evidence: list[Evidence]) -> list[Evidence]:
    """Where two rules of one dimension report the same words ("FLASH" as capitals and as urgency: spans
    that share at least half of what they cover together), the stronger finding only: higher severity,
    then a rule that can flag its dimension on its own (urgency before the capitals it is written in),
    then the longer span, then the first rule id. A fact is counted once, in the report and in the
    verdict. The finding kept takes over the literal replacement of a finding it drops that covers its
    words ("ONLY 5 SPOTS LEFT" → "Only 5 spots left" on the urgency), with that span. Findings on the
    whole draft or on whole sentences (readability, length: other facts about the same words), and
    findings on other words nearby, are kept."""
    by_dimension: dict[str, list[Evidence]] = {}
    for item in evidence:
        if _about_words(item):
            by_dimension.setdefault(item.finding.dimension, []).append(item)
    dropped, carried = set(), {}
    for mine in by_dimension.values():
        if len(mine) < 2:  # most dimensions of most drafts
            continue
        # Kept findings by start, in buckets of _WORDS_SPAN characters: a finding can share words only
        # with one starting less than _WORDS_SPAN before it, so each is compared with a few (a megabyte
        # of hits stays linear).
        buckets: dict[int, list[Evidence]] = {}
        for item in sorted(mine, key=_strength):
            first = (item.start - _WORDS_SPAN) // _WORDS_SPAN
            near = (other for bucket in range(first, item.end // _WORDS_SPAN + 1) for other in buckets.get(bucket, ()))
            kept = next((other for other in near if _same_words(other, item)), None)
            if kept is None:
                buckets.setdefault(item.start // _WORDS_SPAN, []).append(item)
                continue
            dropped.add(id(item))
            if (item.finding.replacement is not None and kept.finding.replacement is None and id(kept) not in carried
                    and item.start <= kept.start and kept.end <= item.end):
                carried[id(kept)] = item
    if not dropped:
        return evidence
    return [_carrying(item, carried[id(item)]) if id(item) in carried else item
            for item in evidence if id(item) not in dropped]


def _carrying(item: Evidence, dropped: Evidence) -> Evidence:
    """`item`, its finding stretched over the words of `dropped` and rewriting them as it would."""
    words = dropped.finding
    finding = dataclasses.replace(item.finding, start=words.start, end=words.end, text=words.text,
                                  line=words.line, column=words.column, replacement=words.replacement,
                                  suggestion=words.suggestion)
    return dataclasses.replace(item, finding=finding, analysed=dropped.analysed)


def _analysed(draft: Draft, start: int, end: int) -> tuple[int, int] | None:
    return None if draft.written is None else (start, end)


def _in_order(item: Evidence) -> tuple[int, int, str]:
    return (item.start, item.end, item.finding.rule)


def _strength(item: Evidence) -> tuple[int, bool, int, str, int]:
    return (-item.finding.severity.rank, not item.standalone, -(item.end - item.start), item.finding.rule, item.start)


_WORDS_SPAN = 60  # characters: longer findings are about sentences or the draft, not a few words


def _about_words(item: Evidence) -> bool:
    return not item.document_level and item.end - item.start <= _WORDS_SPAN


def _same_words(first: Evidence, second: Evidence) -> bool:
    shared = min(first.end, second.end) - max(first.start, second.start)
    together = max(first.end, second.end) - min(first.start, second.start)
    return shared > 0 and 2 * shared >= together


def _unknown_directive_names(draft: Draft, messages_lang: str) -> list[Evidence]:
    """A `<!-- toneaudit: disable=aggresive -->` that names no rule silences nothing: say so, where it is."""
    if draft.suppressions is None:
        return []
    found = []
    for name, start, end in draft.suppressions.named:
        if is_rule_name(name):
            continue
        nearest = nearest_rule_name(name)
        hint = messages.entry(UNKNOWN_RULE, messages_lang).get("hint", "{nearest}").format(nearest=nearest) if nearest else ""
        message = messages.message(UNKNOWN_RULE, messages_lang, draft.text[start:end], {"hint": hint})
        finding = _finding(draft, UNKNOWN_RULE, "toneaudit", Severity.WARNING, start, end, message, nearest)
        found.append(Evidence(finding, 0.0, analysed=_analysed(draft, start, end)))
    return found


def _suggestion(rule_id: str, hit: Hit, matched: str, messages_lang: str) -> str | None:
    """The hit's own words to write instead, else its own advice, else the rule's advice, in `messages_lang`."""
    words = hit.replacement or hit.rewrite
    if words is not None:
        return messages.rewrite(messages_lang, matched, words, other_gender=bool(dict(hit.details).get("other_gender", False)))
    return hit.suggestion or messages.suggestion(rule_id, messages_lang)


def _finding(draft: Draft, rule_id: str, dimension: str, severity: Severity, start: int, end: int,
             message: str, suggestion: str | None, replacement: str | None = None) -> Finding:
    if draft.written is None:
        text, (line, column) = draft.text, draft.position(start)
    else:  # the draft was analysed as its NFC copy: the finding points into the text as written
        start, end = draft.written.span(start, end)
        text, (line, column) = draft.written.text, draft.written.position(start)
    return Finding(start=start, end=end, rule=rule_id, dimension=dimension, severity=severity, message=message,
                   text=text[start:end], line=line, column=column, suggestion=suggestion, replacement=replacement)


def _classifier_findings(analysis: Analysis, dimensions: dict[str, DimensionVerdict], config: Config,
                         model: classifier_module.LanguageModel) -> list[Evidence]:
    """A dimension the classifier flags with no rule at warning or above gets one finding, on the
    sentence that weighs most towards it, naming the words of that sentence that weigh most, so that
    the exit status and the hook see what the verdict says and the reader sees why."""
    added: list[Evidence] = []
    draft = analysis.draft
    if not any(verdict.flagged for verdict in dimensions.values()):
        return added
    for name, verdict in dimensions.items():
        rule_id = f"{name}.classifier"
        if not verdict.flagged or verdict.probability is None or config.is_disabled(rule_id):
            continue
        if any(item.finding.dimension == name and item.finding.severity >= Severity.WARNING for item in analysis.evidence):
            continue
        weights = model.token_weights(draft.analysis_text, draft.url_spans, name)
        placed = explained_sentence(draft.analysis_text, draft.url_spans, weights, stop_words(analysis.lang))
        if placed is None or draft.is_suppressed(rule_id, placed[0]):
            continue
        start, end, words = placed
        probability = messages.percent(verdict.probability, analysis.messages_lang)
        details = {"probability": probability, "terms": ", ".join(words)}
        severity = config.severity_for(rule_id, Severity.WARNING)
        # No word of the draft pushes the verdict up on its own: the message says it is the whole.
        template = rule_id if words else "classifier.whole-draft"
        message = messages.message(template, analysis.messages_lang, draft.text[start:end],
                                   {**details, "dimension": messages.interface(analysis.messages_lang)["dimensions"][name]})
        added.append(Evidence(_finding(draft, rule_id, name, severity, start, end, message, None), 0.0,
                              analysed=_analysed(draft, start, end)))
    return added


# A sentence ends at . ! ? … before a space, or at the end of its line ("bit.ly/x" ends none).
_SENTENCE = re.compile(r"\S.*?(?:[.!?…]+(?=\s|$)|(?=\n)|$)")
_CHUNK = re.compile(r"\S+")
_HOST_PART = re.compile(r"[\w-]+")


def _is_link(chunk: str) -> bool:
    """A run of non-spaces that is a link, with or without a scheme ("bit.ly/3xK", "shop.example.fr"):
    its pieces are not words to name. Read by hand rather than by one pattern, so a long run costs one pass."""
    chunk = chunk.lstrip("([<«\"'").rstrip(")]>»\"'.,;:!?…")
    if chunk.lower().startswith(("http://", "https://", "www.")):
        return True
    parts = chunk.split("/", 1)[0].split(".")
    return len(parts) >= 2 and parts[-1].isascii() and parts[-1].isalpha() and len(parts[-1]) >= 2 \
        and all(_HOST_PART.fullmatch(part) for part in parts[:-1])


_EXPLAINED_WORDS = 3


def explained_sentence(text: str, url_spans: list[tuple[int, int]], weights: dict[str, float],
                       stop: frozenset[str]) -> tuple[int, int, tuple[str, ...]] | None:
    """(start, end, words): the sentence whose words push a dimension most, and up to three of its
    words that push most, as written in the draft: whole words, with a letter, not function words.
    None for a draft with no sentence."""
    from .classifier import _TOKEN

    # Links and @mentions are names, not words of the draft's own.
    links = [chunk.span() for chunk in _CHUNK.finditer(text)
             if chunk.group().startswith("@") or ("." in chunk.group() and _is_link(chunk.group()))]
    names = Spans(merged_spans(links + list(url_spans or ())))
    best = None
    for sentence in _SENTENCE.finditer(text):
        seen: dict[str, str] = {}
        for token in _TOKEN.finditer(text, sentence.start(), sentence.end()):
            if names.spans and names.overlap(token.start(), token.end()):
                continue
            # A piece of a longer run ("er" of "1er", "Xp" of "Xp4relivr") is no word to name.
            if _glued(text, token.start(), token.end()):
                continue
            seen.setdefault(token.group().lower(), token.group())
        push = sum(weights.get(token, 0.0) for token in seen)
        nameable = sorted(((weights.get(token, 0.0), written) for token, written in seen.items()
                           if weights.get(token, 0.0) > 0 and _nameable(token, stop)), key=lambda item: -item[0])
        words = tuple(written for _, written in nameable[:_EXPLAINED_WORDS])
        # A sentence with a word to name comes first: the finding must point at words.
        key = (bool(words), push)
        if best is None or key > best[0]:
            span = sentence.span()
            best = (key, (span[0], span[1], words))
    return best[1] if best else None


def _glued(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return before.isalnum() or before == "_" or after.isalnum() or after == "_"


def _nameable(token: str, stop: frozenset[str]) -> bool:
    letters = sum(character.isalpha() for character in token)
    return letters >= 2 and token not in stop and not all(part in stop for part in token.split("'"))


@lru_cache(maxsize=4)
def stop_words(lang: str) -> frozenset[str]:
    return frozenset(languages.settings(lang).get("stop_words", ()))


def _on_lines(report: Report, lines: frozenset[int] | None) -> Report:
    """The report with only the findings that touch these lines (all of them when `lines` is None)."""
    if lines is None:
        return report
    kept = [finding for finding in report.findings
            if any(line in lines for line in range(finding.line, finding.end_line + 1))]
    return dataclasses.replace(report, findings=kept)


def _report(analysis: Analysis, dimensions: dict[str, DimensionVerdict], evidence: list[Evidence]) -> Report:
    findings = marked_as_advice([item.finding for item in evidence], dimensions)
    return Report(lang=analysis.lang, findings=findings, dimensions=dimensions,
                  score=overall_score(dimensions, findings), notes=list(analysis.notes))


def _allowed_spans(words: frozenset[str], text: str) -> Spans | None:
    """Where the configured allowed words (brand names, a sector's terms) stand in the draft."""
    if not words:
        return None
    regex = re.compile("|".join(phrase_regex(word) for word in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    return Spans([match.span() for match in regex.finditer(text)])


def active_rules(lang: str, config: Config) -> list[Rule]:
    rules = [rule for rule in load_rules(lang) if not config.is_disabled(rule.id)]
    for dimension, words in config.extra.get(lang, {}).items():
        rule_id = f"{dimension}.custom"
        if words and not config.is_disabled(rule_id):
            rules.append(make_rule(rule_id, dimension, lang, {"kind": "terms", "severity": "warning", "terms": list(words)}))
    return rules
