"""Kind `terms`: words and phrases (with optional `*` suffix wildcards), lemmas, and regular expressions.

Data keys:
  terms     list of phrases, case-insensitive; "phrase => suggestion" gives a replacement for that phrase
  lemmas    list of lemmas matched on the trained pipeline's lemmas ("optimiser" covers "optimisons");
            a language whose rules use them loads the lemmatizer, which costs start-up time
  patterns  list of regular expressions (Python syntax, case-insensitive unless `case_sensitive`)
  in_urls   "skip" (default) or "only": whether matches inside URLs count
            (kind `link` below judges whole URLs instead)
  skip_quoted  true to ignore words in quotes or hashtags (quoting slang is not using it)
"""
from __future__ import annotations

import re

from . import Hit, Rule, kind


def phrase_regex(phrase: str) -> str:
    """A phrase from the data as a regular expression: words separated by any spaces, `*` = word suffix."""
    parts = []
    for word in phrase.split():
        if word.endswith("*") and len(word) > 1:
            parts.append(re.escape(word[:-1]) + r"\w*")
        else:
            parts.append(re.escape(word))
    body = r"\s+".join(parts)
    # Word boundaries only where the phrase itself starts or ends with a word character.
    before = r"(?<!\w)" if re.match(r"\w", phrase) else ""
    after = r"(?!\w)" if re.search(r"[\w*]$", phrase) else ""
    return before + body + after


def _atoms(phrase: str) -> list[str]:
    """A phrase as regex atoms: one per literal character, `\\s+` between words, `\\w*` for a `*`."""
    atoms = []
    for number, word in enumerate(phrase.split()):
        if number:
            atoms.append(r"\s+")
        wildcard = word.endswith("*") and len(word) > 1
        atoms.extend(re.escape(char) for char in (word[:-1] if wildcard else word))
        if wildcard:
            atoms.append(r"\w*")
    return atoms


def trie_regex(phrases) -> str:
    """One regex for many phrases, factored by common prefixes: `re` then tries a handful of branches
    at each position instead of every phrase (hundreds of phrases cost about as much as a few)."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for atom in _atoms(phrase.lower()):
            node = node.setdefault(atom, {})
        node[""] = {}  # end of a phrase

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [atom + emit(child) for atom, child in sorted(node.items()) if atom]
        if not branches:
            return ""
        if len(branches) == 1 and not ends:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if ends else body

    return emit(trie)


def build_patterns(rule: Rule):
    """(combined regex or None, [(regex, suggestion)], lemma set) for a rule, compiled once.

    Phrases starting and ending with a word character share one word-bounded trie; other phrases and
    the data's own patterns are alternatives beside it.
    """
    flags = 0 if rule.params.get("case_sensitive") else re.IGNORECASE
    bounded, alternatives, suggestions = [], [], []
    for entry in rule.params.get("terms", ()):
        phrase, _, suggestion = (part.strip() for part in entry.partition("=>"))
        regex = phrase_regex(phrase)
        if re.match(r"\w", phrase) and re.search(r"[\w*]$", phrase):
            bounded.append(phrase)
        else:
            alternatives.append(regex)
        if suggestion:
            suggestions.append((re.compile(regex + r"\Z", flags), suggestion))
    if bounded:
        # Longest match first is what the trie gives: a longer phrase is tried before its prefix ends.
        alternatives.append(r"(?<!\w)(?:" + trie_regex(bounded) + r")(?!\w)")
    alternatives.extend(f"(?:{pattern})" for pattern in rule.params.get("patterns", ()))
    combined = re.compile("|".join(alternatives), flags) if alternatives else None
    lemmas = frozenset(lemma.lower() for lemma in rule.params.get("lemmas", ()))
    return combined, suggestions, lemmas


@kind("terms")
def find_terms(ctx, rule: Rule):
    combined, suggestions, lemmas = rule.compiled(build_patterns)
    in_urls = rule.params.get("in_urls", "skip")
    skip_quoted = rule.params.get("skip_quoted", False)
    spans = []
    if combined is not None:
        spans.extend(match.span() for match in combined.finditer(ctx.text) if match.end() > match.start())
    if lemmas and ctx.trained:
        spans.extend(
            (token.idx, token.idx + len(token.text)) for token in ctx.words if token.lemma_.lower() in lemmas
        )
    seen_end = -1
    for start, end in sorted(set(spans)):
        if start < seen_end:  # overlapping matches of one rule are one finding
            continue
        inside_url = ctx.draft.in_url(start, end)
        if (in_urls == "skip" and inside_url) or (in_urls == "only" and not inside_url):
            continue
        if skip_quoted and ctx.quoted_or_hashtag(start, end):
            continue
        seen_end = end
        matched = ctx.text[start:end]
        replacement = next((text for regex, text in suggestions if regex.match(" ".join(matched.split()))), None)
        yield Hit(start, end, suggestion=_replace(ctx.lang, matched, replacement) if replacement else None)


_QUOTES = {"fr": ("« ", " »"), "en": ("\"", "\"")}


def _replace(lang: str, matched: str, replacement: str) -> str:
    """'« il convient de » → « je vous propose de »': the words found, then what to write instead."""
    opening, closing = _QUOTES.get(lang, _QUOTES["en"])
    return f"{opening}{' '.join(matched.split())}{closing} → {opening}{replacement}{closing}"


@kind("link")
def find_links(ctx, rule: Rule):
    """Kind `link`: a URL whose address matches one of the rule's `patterns` (a shop, a cart, a product page).

    The finding spans the whole URL, once, however many patterns it matches.
    """
    combined, _, _ = rule.compiled(build_patterns)
    for start, end in ctx.draft.url_spans:
        if combined is not None and combined.search(ctx.text, start, end):
            yield Hit(start, end)
