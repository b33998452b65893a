"""Kinds about sentence style: passive voice, long sentences, heavy nominal style, readability."""
from __future__ import annotations

import bisect
import re
from itertools import compress, repeat

from ..findings import Severity
from . import REQUIRED, Hit, Rule, kind
from .flesch import reading_ease
from .inflect import declensions, verb_forms
from .phrases import leading_words, phrase_regex


def _passive_regex(rule: Rule):
    auxiliaries = "|".join(sorted((phrase_regex(aux) for aux in rule.params["auxiliaries"]), key=len, reverse=True))
    endings = "|".join(sorted(map(re.escape, rule.params["participle_endings"]), key=len, reverse=True))
    irregular = "|".join(map(re.escape, rule.params["irregular_participles"]))
    participle = rf"\w+(?:{endings})" + (rf"|{irregular}" if irregular else "")
    adverb = r"(?:\w+(?:ment|ly)\s+|(?:pas|not|never|jamais|déjà|already|also|aussi|été|being|been)\s+){0,2}"
    regex = re.compile(rf"(?<!\w)(?:{auxiliaries})\s+{adverb}(?P<participle>{participle})(?!\w)", re.IGNORECASE)
    return regex, leading_words(rule.params["auxiliaries"])


def _not_passive(rule: Rule) -> frozenset[str]:
    """Words after 'être' that are no passive: the participles of verbs conjugated with 'être' («est
    revenu»: `etre_verbs`, infinitives, with «infinitive:participle» where it is not regular),
    adjectives the tagger takes for participles («est gratuite»: `adjectives`), each in all its forms,
    and the other words listed as `not_participles`."""
    forms = set(rule.words("not_participles"))
    for entry in rule.params["etre_verbs"]:
        verb, _, participle = entry.partition(":")
        if participle:
            forms.update(declensions(rule.lang, participle, gendered=True).values())
        else:
            forms.update(form for form, cells in verb_forms(rule.lang, verb).items()
                         if any("VerbForm=Part" in cell and "Tense=Past" in cell for cell in cells))
    for adjective in rule.params["adjectives"]:
        forms.update(declensions(rule.lang, adjective, gendered=True).values())
    return frozenset(form.lower() for form in forms)


@kind("passive", params={"auxiliaries": (list, REQUIRED), "participle_endings": (list, REQUIRED),
                         "irregular_participles": (list, []), "not_participles": (list, []), "etre_verbs": (list, []),
                         "adjectives": (list, [])}, needs=("tags", "morphology"))
def find_passive(ctx, rule: Rule):
    """'être'/'be' + past participle. On a trained pipeline the participle must be tagged as one."""
    not_participles = rule.compiled(_not_passive)
    for match in ctx.finditer_at_words(*rule.compiled(_passive_regex)):
        participle = match.group("participle")
        if participle.lower() in not_participles or ctx.draft.in_url(*match.span()):
            continue
        token = ctx.token_at(match.start("participle")) if ctx.trained else None
        if token is not None and "Part" not in token.morph.get("VerbForm") and token.tag_ != "VBN":
            continue
        yield Hit(match.start(), match.end())


def _sentence_words(ctx, start: int, end: int) -> range:
    """The indices, in `ctx.words`, of the words of a sentence."""
    starts = ctx.word_starts
    return range(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end))


@kind("sentence-length", params={"max_words": (int, 30), "error_words": (int, 50)}, needs=("sentences",))
def find_long_sentences(ctx, rule: Rule):
    """Sentences over `max_words` words; over `error_words` the severity rises."""
    max_words, error_words = rule.params["max_words"], rule.params["error_words"]
    for start, end in ctx.sentences:
        count = len(_sentence_words(ctx, start, end))
        if count > max_words:
            severity = Severity.WARNING if count > error_words else None
            yield Hit(start, end, severity=severity, details=(("words", count),))


@kind("nominal", params={"suffixes": (list, REQUIRED), "min_length": (int, 7), "min_count": (int, 3),
                         "min_ratio": (float, 0.2)}, needs=("sentences", "tags"))
def find_nominal_style(ctx, rule: Rule):
    """Sentences stacked with abstract nouns ("la mise en œuvre de l'optimisation de la gestion")."""
    suffixes = tuple(rule.params["suffixes"])
    min_length, min_count = rule.params["min_length"], rule.params["min_count"]
    min_ratio = rule.params["min_ratio"]
    texts, lowered = ctx.word_texts, ctx.lowered_words
    # The words with a suffix, in one C-level pass: most drafts have too few of them for any sentence.
    candidates = [index for index in compress(range(len(lowered)), map(str.endswith, lowered, repeat(suffixes)))
                  if len(texts[index]) >= min_length]
    if len(candidates) < min_count:
        return
    for start, end in ctx.sentences:
        indices = _sentence_words(ctx, start, end)
        nouns = [
            index for index in candidates[bisect.bisect_left(candidates, indices.start):
                                          bisect.bisect_left(candidates, indices.stop)]
            if not ctx.trained or ctx.word_token(index).pos_ in ("NOUN", "PROPN")
        ]
        if len(nouns) >= min_count and len(nouns) / max(len(indices), 1) >= min_ratio:
            yield Hit(start, end, details=(("count", len(nouns)),))


@kind("readability", params={"formula": (dict, REQUIRED), "min_words": (int, 40), "min_score": (float, 30)}, needs=("sentences",))
def find_hard_reading(ctx, rule: Rule):
    """Flesch reading ease under `min_score`, with the language's own formula (`formula` in the data:
    French uses Kandel and Moles' constants), counted as textstat counts it (see flesch.py)."""
    if ctx.word_count < rule.params["min_words"] or not ctx.sentences:
        return
    formula = rule.params["formula"]
    score = reading_ease(ctx.text, ctx.lang, formula["base"], formula["per_sentence_word"],
                         formula["per_word_syllable"])
    if score < rule.params["min_score"]:
        start, end = max(ctx.sentences, key=lambda span: span[1] - span[0])
        yield Hit(start, end, details=(("score", round(score)),))
