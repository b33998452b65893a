"""Kind `terms`: words and phrases (with optional `*` suffix wildcards), lemmas, and regular expressions.

Data keys:
  terms     list of phrases, case-insensitive; "phrase => suggestion" gives a replacement for that phrase
  lemmas    list of lemmas matched on the trained pipeline's lemmas ("optimiser" covers "optimisons");
            a language whose rules use them loads the lemmatizer, which costs start-up time
  patterns  list of regular expressions (Python syntax, case-insensitive unless `case_sensitive`)
  in_urls   "skip" (default) or "only": whether matches inside URLs count
            (kind `link` below judges whole URLs instead)
  skip_quoted  true to ignore words in quotes or hashtags (quoting slang is not using it)
  verbs     table of verbs (infinitives) = the verb to write instead; every form is matched, and the
            replacement is conjugated alike («vous allez kiffer» → «adorer», «on a kiffé» → «adoré»)
  nouns     list of [noun, its gender "m"/"f", noun to write instead, its gender]; "travail/travaux"
            gives an irregular plural; a replacement of another gender asks to make the words agree
  adjectives  table of adjectives = the adjective to write instead, agreed alike
  homographs  forms of those words that are also common words («bosse»): reported only where they
            are read as the slang word
  fixable   true when the replacements may be applied literally (`check --fix`); otherwise they are
            words for a person to fit into the sentence
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import languages
from ..regex import min_width
from ..regex.gate import Gate, finditer_from, first_chars, gate_for
from . import REQUIRED, Hit, Rule, kind
from .inflect import declensions, in_capitals, matching_case, replace_declined, replace_verb, verb_forms
from .phrases import Term, trie_regex


@dataclass(frozen=True)
class TermPatterns:
    """A rule's compiled matching data.

    Word-bounded phrases (most of the data) are matched only where a draft's word could start one:
    `exact` holds their leading words, and `stems` the leading stems of phrases that start with a `*`
    word; `bounded` is their trie, tried at those positions. `needs` gives, per leading word, the
    other words each of its phrases holds (a _LeadNeeds): a leading word ("de", "we") is worth trying
    only where the draft holds all the words of one of its phrases. Everything else is scanned with `others`.
    The gates skip the scans of drafts that hold none of the literals a match needs (see gate.py).
    A suggestion for a phrase without `*` is found by its folded words (`fixed_suggestions`), the
    others by their regular expressions, in the data's order.
    """

    others: re.Pattern | None
    alternatives: tuple  # an _Alternative (regex, gate, first characters) per alternative of `others`, or ()
    bounded: re.Pattern | None
    exact: frozenset
    needs: dict
    stems: re.Pattern | None
    stems_gate: Gate | None
    suggestions: tuple
    fixed_suggestions: dict
    lemmas: frozenset
    case_sensitive: bool
    # A form of one of the rule's verbs, nouns or adjectives: the readings it can be (see `_inflected`).
    inflected: dict


def build_patterns(rule: Rule) -> TermPatterns:
    case_sensitive = bool(rule.params.get("case_sensitive"))
    flags = 0 if case_sensitive else re.IGNORECASE
    fold = (lambda text: text) if case_sensitive else str.lower
    bounded: list[str] = []
    others: list[str] = []
    suggestions: list[tuple[re.Pattern, str]] = []
    exact: set[str] = set()
    prefixes: set[str] = set()
    fixed: dict[str, str] = {}
    needs: dict[str, set[frozenset[str]]] = {}
    inflected = _inflected_forms(rule)
    for term in map(Term.of, [*rule.params.get("terms", ()), *sorted(inflected)]):
        lead = term.lead(fold) if term.word_bounded else None
        if lead is not None:
            bounded.append(term.phrase)
            run, only_a_beginning = lead
            if only_a_beginning:
                prefixes.add(run)
            else:
                exact.add(run)
                needs.setdefault(run, set()).add(term.needed_words(fold))
        else:
            others.append(term.regex)
        if term.suggestion and "*" not in term.phrase and not suggestions:
            fixed.setdefault(fold(" ".join(term.words)), term.suggestion)
        elif term.suggestion:
            suggestions.append((re.compile(term.regex + r"\Z", flags), term.suggestion))
    others.extend(f"(?:{pattern})" for pattern in rule.params.get("patterns", ()))
    stems = r"(?<!\w)(?:" + trie_regex(sorted(prefixes)) + ")" if prefixes else None
    return TermPatterns(
        others=re.compile("|".join(others), flags) if others else None,
        alternatives=_alternatives(others, flags),
        # At a word start the lookbehind `(?<!\w)` holds by construction; the trie gives the longest phrase.
        bounded=re.compile(r"(?:" + trie_regex(bounded) + r")(?!\w)", flags) if bounded else None,
        exact=frozenset(exact),
        needs={run: _LeadNeeds.of(run, found) for run, found in needs.items()},
        stems=re.compile(stems, flags) if stems else None,
        stems_gate=gate_for([stems], flags) if stems else None,
        suggestions=tuple(suggestions), fixed_suggestions=fixed,
        lemmas=frozenset(lemma.lower() for lemma in rule.params.get("lemmas", ())), case_sensitive=case_sensitive,
        inflected=inflected,
    )


def _inflected_forms(rule: Rule) -> dict[str, tuple]:
    """Every form of the rule's verbs, nouns and adjectives, with its readings: (part of speech, the
    word it is a form of, what to write instead, whether that is of another gender)."""
    readings: dict[str, list] = {}
    for lemma, target in rule.params.get("verbs", {}).items():
        for form in verb_forms(rule.lang, lemma):
            readings.setdefault(form, []).append(("verb", lemma, target, False))
    for noun, gender, target, target_gender in rule.params.get("nouns", ()):
        for form in declensions(rule.lang, noun, gendered=False).values():
            readings.setdefault(form, []).append(("noun", noun, target, gender != target_gender))
    for adjective, target in rule.params.get("adjectives", {}).items():
        for form in declensions(rule.lang, adjective, gendered=True).values():
            readings.setdefault(form, []).append(("adjective", adjective, target, False))
    return {form: tuple(found) for form, found in readings.items()}


class _LeadNeeds:
    """The words the phrases of one leading word hold besides it: is one of its phrases all in a draft?"""

    def __init__(self, always: bool, keys: frozenset, needs: tuple):
        self.always, self.keys, self.needs = always, keys, needs

    @classmethod
    def of(cls, run: str, needs) -> _LeadNeeds:
        others = [need - {run} for need in needs]
        # Each phrase's longest other word (the rarest, most likely): a draft with none of them cannot
        # hold any of the phrases, and one set lookup says so (most leads are common words: "de", "the").
        return cls(not all(others), frozenset(max(sorted(need), key=len) for need in others if need),
                   tuple(sorted(others, key=len)))

    def met_by(self, words: frozenset) -> bool:
        return self.always or (not self.keys.isdisjoint(words) and any(need <= words for need in self.needs))


def _bounded_spans(ctx, patterns: TermPatterns) -> list[tuple[int, int]]:
    if patterns.bounded is None:
        return []
    case_sensitive = patterns.case_sensitive
    words = ctx.runs_as_written if case_sensitive else ctx.runs
    positions = []
    for run in patterns.exact.intersection(words):
        if patterns.needs[run].met_by(words):
            positions += ctx.run_starts(run, case_sensitive)
    if patterns.stems is not None and _may_match(ctx, patterns.stems_gate):
        positions += [match.start() for match in patterns.stems.finditer(ctx.text)]
    if not positions:  # most rules in most drafts
        return positions
    spans: list[tuple[int, int]] = []
    last_end = -1
    for position in sorted(set(positions)):
        if position < last_end:
            continue
        match = patterns.bounded.match(ctx.text, position)
        if match:
            spans.append(match.span())
            last_end = match.end()
    return spans


def _alternatives(others: list[str], flags: int) -> tuple:
    """Each alternative of `others` compiled apart with its own gate, when every one of them matches at
    least one character (an empty match would make finditer's stepping differ); otherwise `others` is
    scanned whole (and so it is with the regex shortcuts off)."""
    if not others or any(min_width(pattern, flags) in (None, 0) for pattern in others):
        return ()
    return tuple(_Alternative(re.compile(pattern, flags), gate_for([pattern], flags), first_chars(pattern, flags))
                 for pattern in others)


class _Alternative:
    """One alternative of a rule's patterns, its gate, and the class its matches start with (or None)."""

    def __init__(self, regex: re.Pattern, gate: Gate | None, starts: re.Pattern | None):
        self.regex, self.gate, self.starts = regex, gate, starts

    def search(self, text: str, position: int = 0):
        """`regex.search(text, position)`; with `starts`, tried only where such a character stands."""
        if self.starts is None:
            return self.regex.search(text, position)
        return next(finditer_from(self.regex, self.starts, text, position), None)

    def finditer(self, text: str):
        """`regex.finditer(text)`, likewise."""
        return self.regex.finditer(text) if self.starts is None else finditer_from(self.regex, self.starts, text)


def _scan_alternatives(ctx, alternatives) -> list[tuple[int, int]]:
    """The spans `finditer` gives for the alternation of the alternatives, scanning only those whose gate
    lets the draft through. The alternation takes, at the leftmost position where any alternative
    matches, the first alternative in order that matches there, then goes on from its end: so does this.
    (Every alternative matches at least one character, so the next search starts at the end.)"""
    text = ctx.text
    active = [alternative for alternative in alternatives if _may_match(ctx, alternative.gate)]
    if not active:
        return []
    if len(active) == 1:
        return [match.span() for match in active[0].finditer(text)]
    upcoming = [alternative.search(text) for alternative in active]
    spans: list[tuple[int, int]] = []
    while True:
        best = None
        for match in upcoming:  # in order, and strictly leftmost: ties go to the earlier alternative
            if match is not None and (best is None or match.start() < best.start()):
                best = match
        if best is None:
            return spans
        spans.append(best.span())
        end = best.end()
        for index, match in enumerate(upcoming):
            if match is not None and match.start() < end:
                upcoming[index] = active[index].search(text, end)


def _may_match(ctx, gate: Gate | None) -> bool:
    if gate is None:
        return True
    if not gate.needs_words:
        return gate.may_match(ctx.folded_text)
    return gate.may_match(ctx.folded_text, ctx.runs_as_written if gate.case_sensitive else ctx.runs)


@kind("terms", params={
    "terms": (list, []), "patterns": (list, []), "lemmas": (list, []), "case_sensitive": (bool, False),
    # Slang replaced in the form of the word it replaces (rules/inflect.py).
    "verbs": (dict, {}), "nouns": (tuple, []), "adjectives": (dict, {}), "homographs": (list, []),
    "fixable": (bool, False), "skip_quoted": (bool, False), "in_urls": (str, "skip"), "acronyms": (list, []),
}, needs=("tags", "morphology"))  # slang replaced in the form it is written in; lemmas where a rule lists them
def find_terms(ctx, rule: Rule):
    patterns = rule.compiled(build_patterns)
    spans = _bounded_spans(ctx, patterns) if patterns.bounded is not None else []
    if patterns.alternatives:
        spans.extend(_scan_alternatives(ctx, patterns.alternatives))
    elif patterns.others is not None:
        spans.extend(match.span() for match in patterns.others.finditer(ctx.text) if match.end() > match.start())
    if patterns.lemmas and ctx.trained:
        spans.extend(
            (token.idx, token.idx + len(token.text)) for token in ctx.words if token.lemma_.lower() in patterns.lemmas
        )
    if not spans:
        return
    in_urls = rule.params.get("in_urls", "skip")
    skip_quoted = rule.params.get("skip_quoted", False)
    # Forms that, written in capitals, are sigles of their own («CC» a copy, «BC» British Columbia).
    acronyms = rule.words("acronyms", str.upper)
    seen_end = -1
    for start, end in sorted(set(spans)):
        if start < seen_end:  # overlapping matches of one rule are one finding
            continue
        inside_url = ctx.draft.in_url(start, end)
        if (in_urls == "skip" and inside_url) or (in_urls == "only" and not inside_url):
            continue
        if skip_quoted and ctx.quoted_or_hashtag(start, end):
            continue
        matched = ctx.text[start:end]
        if acronyms and matched in acronyms:
            continue
        seen_end = end
        inflected = _inflected(ctx, patterns, matched, start) if matched.lower() in patterns.inflected else None
        if inflected is None and matched.lower() in rule.words("homographs"):
            continue  # «une bosse» is not «je bosse»: a form that is also a common word counts only as the verb
        if inflected is not None:
            word, other_gender = inflected
            if other_gender or not rule.params.get("fixable"):
                yield Hit(start, end, rewrite=word, details=(("other_gender", other_gender),))
            else:
                yield Hit(start, end, replacement=word)
            continue
        words = _suggestion(patterns, " ".join(matched.split()))
        # In capitals an abbreviation may be an acronym («BC», «PK 12»): named, never applied literally.
        if words is not None and rule.params.get("fixable") and "\n" not in matched and not in_capitals(matched):
            yield Hit(start, end, replacement=matching_case(words, matched))
        else:
            yield Hit(start, end, rewrite=words)


def _suggestion(patterns: TermPatterns, words: str) -> str | None:
    folded = words if patterns.case_sensitive else words.lower()
    if folded in patterns.fixed_suggestions:
        return patterns.fixed_suggestions[folded]
    return next((text for regex, text in patterns.suggestions if regex.match(words)), None)


# Words before which a form is not a verb («le kiffe», «ma bouffe») or not a noun («je bouffe»).
_NOT_BEFORE_VERB, _NOT_BEFORE_NOUN = frozenset({"DET", "ADP"}), frozenset({"PRON"})


def _inflected(ctx, patterns: TermPatterns, matched: str, start: int) -> tuple[str, bool] | None:
    """What to write instead of a form of one of the rule's words, in the same form; None when its
    readings disagree («bouffe»: «mange» after «je», «nourriture» after «la») or none fits."""
    token = ctx.token_at(start) if ctx.trained else None
    morphology = frozenset(str(token.morph).split("|")) if token is not None and str(token.morph) else None
    previous = token.nbor(-1) if token is not None and token.i > 0 else None
    before = previous.pos_ if previous is not None and not previous.is_space else None
    subjects = _subjects(ctx.lang)
    if previous is not None and (previous.lower_ in subjects or (previous.i > 0 and previous.nbor(-1).lower_ in subjects)):
        # «je les kiffe», «Tu la kiffes ?»: after a subject, «les» and «la» are object pronouns, which the
        # tagger takes for articles (and «Tu», first in a short sentence, for an adjective).
        before = "PRON"
    outputs = set()
    for part, entry, target, other_gender in patterns.inflected[matched.lower()]:
        if part == "verb":
            # After a preposition a verb is an infinitive («pour bosser»); other forms there are not verbs.
            if before in _NOT_BEFORE_VERB and not (before == "ADP" and matched.lower() == entry):
                continue
            word = replace_verb(ctx.lang, entry, target, matched, morphology)
        else:
            if part == "noun" and before in _NOT_BEFORE_NOUN:
                continue
            word = replace_declined(ctx.lang, entry, target, matched, part == "adjective", morphology)
        if word is not None:
            outputs.add((matching_case(word, matched), other_gender))
    return outputs.pop() if len(outputs) == 1 else None


@lru_cache(maxsize=8)
def _subjects(lang: str) -> frozenset[str]:
    return frozenset(languages.settings(lang).get("subject_pronouns", ()))


@kind("link", params={"patterns": (list, REQUIRED)})
def find_links(ctx, rule: Rule):
    """Kind `link`: a URL whose address matches one of the rule's `patterns` (a shop, a cart, a product page).

    The finding spans the whole URL, once, however many patterns it matches.
    """
    others = rule.compiled(build_patterns).others
    for start, end in ctx.draft.url_spans:
        if others is not None and others.search(ctx.text, start, end):
            yield Hit(start, end)
