"""Kinds about who is speaking: a first-person voice, or a faceless collective one."""
from __future__ import annotations

import re
from collections import Counter
from itertools import compress

from . import REQUIRED, Hit, Rule, kind
from .phrases import leading_words, phrase_regex


@kind("first-person", params={"min_words": (int, 6)}, needs=("sentences",))
def find_missing_first_person(ctx, rule: Rule):
    """One document-level finding on the first sentence when no first-person singular word appears.

    The forms are the `first_person` list of the language's impersonal.toml. Very short drafts
    (fewer than `min_words`) are not judged: "Merci à tous !" has no room for a voice.
    """
    if ctx.first_person or ctx.word_count < rule.params["min_words"] or not ctx.sentences:
        return
    start, end = ctx.sentences[0]
    yield Hit(start, end)


def _collective_words(ctx, forms_key: str, rule: Rule) -> list[tuple[int, int]]:
    """Spans of the words in one of the rule's forms."""
    forms = rule.words(forms_key)
    starts, texts = ctx.word_starts, ctx.word_texts
    return [(starts[index], starts[index] + len(texts[index]))
            for index in compress(range(len(starts)), map(forms.__contains__, ctx.lowered_words))]


def _counted(ctx, spans: list[tuple[int, int]]) -> tuple[tuple[str, int], ...]:
    """Each form found with how often, in the order first seen: (("nous", 3), ("nos", 1)). Counted
    per form, so that two rules that count "nous" say the same number of them."""
    return tuple(Counter(ctx.text[start:end].lower() for start, end in spans).items())


@kind("occurrence", params={"forms": (list, REQUIRED), "min_count": (int, 2), "min_per_100_words": (float, 0.0),
                            "unless_first_person": (bool, False)})
def find_occurrences(ctx, rule: Rule):
    """Words of the rule's `forms` used at least `min_count` times, and at least `min_per_100_words`
    times per hundred words: "on"/"nous" standing in for a person, a corporate "nous"/"we". With
    `unless_first_person`, a draft where someone says "je"/"I" is not judged: a person who signs can say
    "we" of a team. One finding, on the first of them, with the count of each form.
    """
    if rule.params["unless_first_person"] and ctx.first_person:
        return
    spans = _collective_words(ctx, "forms", rule)
    per_hundred = 100 * len(spans) / max(ctx.word_count, 1)
    if len(spans) >= rule.params["min_count"] and per_hundred >= rule.params["min_per_100_words"]:
        yield Hit(*spans[0], details=(("count", len(spans)), ("counted", _counted(ctx, spans))))


@kind("organisation-subject", params={"verbs": (list, REQUIRED), "pronouns": (list, [])}, needs=("sentences",))
def find_organisation_subject(ctx, rule: Rule):
    """A sentence whose subject is an organisation's name: "La Banque X annonce…", "Acme Corp announces…".

    The name is a run of capitalised words (with "de", "of", "&"… between them) at the start of a
    sentence or a line, followed by a third-person verb from the data's `verbs`. Pronouns ("Il", "Nous",
    "It") are not names.
    """
    regex, pronouns, verbs = rule.compiled(_organisation_regex)
    if verbs is not None and verbs.isdisjoint(ctx.runs):
        return  # no verb of the data in the draft, in any case: no organisation announces anything
    starts = {start for start, _ in ctx.sentences}
    starts.update(match.end() for match in re.finditer(r"(?m)^[^\w\n]*", ctx.text))
    for start in sorted(starts):
        match = regex.match(ctx.text, start)
        if match and match.group("name").split()[0].lower() not in pronouns:
            yield Hit(match.start(), match.end())


def _organisation_regex(rule: Rule):
    capitalised = r"[A-ZÀ-ÖØ-Þ][\w&'.-]{0,40}"
    joiner = r"(?:de|des|du|d'|of|the|and|&|et|for|pour)"
    # Either an article and a capitalised word ("La Préfecture", "The Museum") or at least two
    # capitalised words ("Acme Corp"): one capitalised word alone is just the start of a sentence.
    # Names are short: bounded repetitions keep each try short on "A A A A…" (no quadratic scan).
    more = rf"\s+(?:{joiner}\s+)?{capitalised}"
    name = rf"(?:(?:La|Le|Les|L'|The)\s?{capitalised}(?:{more}){{0,7}}|{capitalised}(?:{more}){{1,7}})"
    verbs = "|".join(sorted((phrase_regex(verb) for verb in rule.params["verbs"]), key=len, reverse=True))
    pronouns = {word.lower() for word in rule.params["pronouns"]}
    # Each verb is matched as whole words: its first word must be one of the draft's (lower-cased, as
    # the runs the rules share are: a superset of the exact case, and costs nothing more).
    first_words = leading_words(rule.params["verbs"])
    return re.compile(rf"(?P<name>{name})\s+(?:{verbs})", re.UNICODE), pronouns, first_words
