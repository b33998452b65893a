"""Kinds about who is speaking: a first-person voice, or a faceless collective one."""
from __future__ import annotations

from . import Hit, Rule, kind


@kind("first-person")
def find_missing_first_person(ctx, rule: Rule):
    """One document-level finding on the first sentence when no first-person singular word appears.

    The forms are the `first_person` list of the language's impersonal.toml. Very short drafts
    (fewer than `min_words`) are not judged: "Merci à tous !" has no room for a voice.
    """
    if ctx.first_person or ctx.word_count < rule.params.get("min_words", 6) or not ctx.sentences:
        return
    start, end = ctx.sentences[0]
    yield Hit(start, end)


def _collective_tokens(ctx, forms_key: str, rule: Rule):
    forms = {form.lower() for form in rule.params.get(forms_key, ())}
    return [token for token in ctx.words if token.text.lower() in forms]


@kind("pronoun-density")
def find_collective_voice(ctx, rule: Rule):
    """'on'/'nous' (or 'we'/'one') standing in for a person: evidence of a voice without a face."""
    tokens = _collective_tokens(ctx, "forms", rule)
    per_hundred = 100 * len(tokens) / max(ctx.word_count, 1)
    if len(tokens) >= rule.params.get("min_count", 2) and per_hundred >= rule.params.get("min_per_100_words", 4):
        first = tokens[0]
        yield Hit(first.idx, first.idx + len(first.text), details=(("count", len(tokens)),))


@kind("corporate-we")
def find_corporate_we(ctx, rule: Rule):
    """A corporate 'nous'/'we' with no 'je'/'I' anywhere: the institution speaks, nobody signs."""
    if ctx.first_person:
        return
    tokens = _collective_tokens(ctx, "forms", rule)
    if len(tokens) >= rule.params.get("min_count", 2):
        first = tokens[0]
        yield Hit(first.idx, first.idx + len(first.text), details=(("count", len(tokens)),))
