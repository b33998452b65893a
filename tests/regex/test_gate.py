"""The gates that let drafts skip pattern scans must never skip a draft the pattern matches."""
import re

import pytest

from tests.conftest import ROOT, context_of
from toneaudit.regex.gate import Gate, first_chars, folded, gate_for, required_literals, required_words
from toneaudit.rules import load_rules
from toneaudit.rules.terms import build_patterns
from toneaudit.training.corpus import load_corpus


def test_literals_a_match_must_contain():
    assert required_literals(r"(?:il |n')?(?:ne )?reste (?:plus )?\d+", re.I) == [frozenset({"reste "})]
    assert required_literals(r"(?<!\w)(?:€|\$|£)\s?\d+") == [frozenset({"€", "$", "£"})]
    assert frozenset({"%"}) in required_literals(r"-\s?\d{1,2}\s?%")
    assert required_literals(r"c(?=\s+(?:trop|cool))") == [frozenset({"trop", "cool"})]


def test_whole_words_a_match_must_contain():
    assert required_words(r"(?<![\w'])c(?=\s+(?:trop|cool)(?!\w))", re.I) == [
        frozenset({"c"}), frozenset({"trop", "cool"})]
    assert required_words(r"(?<!\w)J\s*-\s*\d+(?!\w)", re.I) == [frozenset({"j"})]
    assert required_words(r"plus que \d+") == [frozenset({"que"})]  # "plus" may end a longer word
    assert required_words(r"(?<!\w)(?:dès|prix\s*:)\s+\d+") == [frozenset({"dès", "prix"})]
    assert required_words(r"^Merci$", re.M) == [frozenset({"Merci"})]  # case-sensitive: as written


def test_no_whole_word_where_a_word_may_go_on():
    assert required_words(r"foo") is None
    assert required_words(r"(?<!\w)foo") is None
    assert required_words(r"foo(?!\w)") is None
    assert required_words(r"(?<!\w)(?:foo|bar)s?(?!\w)") is None  # "foos"
    assert required_words(r"(?:il )?reste \d") is None  # "preste 3"
    assert required_words(r"(?<!\w)eur(?:os?)?") is None
    assert required_words(r"(?<!\w)(?i:foo)(?!\w)") is None  # a local case flag: not one set of runs


def test_gate_looks_words_up_in_the_runs():
    gate = gate_for([r"(?<![\w'])c(?=\s+(?:trop|cool)(?!\w))"], re.I)
    text = "La cerise est cool, elle est trop bien"
    assert re.search(r"(?<![\w'])c(?=\s+(?:trop|cool)(?!\w))", text, re.I) is None
    assert not gate.may_match(folded(text), frozenset(map(str.lower, re.findall(r"\w+", text))))
    assert gate.may_match(folded("C trop bien"), frozenset({"c", "trop", "bien"}))


def test_no_gate_where_nothing_is_promised():
    assert required_literals(r"\d+") is None
    assert required_literals(r"(?:abc)?\w+") is None
    assert required_literals(r"a|bcd") is None  # one alternative is a single letter
    assert gate_for([r"reste \d", r"\d+ €", r"\w+"]) is None


def test_gate_is_casefolded_and_handles_turkish_i():
    gate = Gate([[frozenset({"reste "})]])
    assert gate.may_match(folded("Il RESTE 3 places"))
    assert not gate.may_match(folded("Rien à voir"))
    assert folded("İl reste") is None and gate.may_match(None)  # İ and ı break casefolding: always scanned


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_gates_pass_every_text_their_patterns_match(lang):
    texts = [example.text for example in load_corpus([ROOT / "corpora"]) if example.lang == lang]
    rules = [rule for rule in load_rules(lang) if rule.kind == "terms"]
    for rule in rules:
        texts += list(rule.examples_fail) + list(rule.examples_pass)
    checked = 0
    for rule in rules:
        patterns = build_patterns(rule)
        pairs = [(alternative.regex, alternative.gate) for alternative in patterns.alternatives]
        for regex, gate in (*pairs, (patterns.stems, patterns.stems_gate)):
            if regex is None or gate is None:
                continue
            for text in texts:
                if regex.search(text):
                    checked += 1
                    runs = re.findall(r"\w+", text)
                    runs = frozenset(runs if gate.case_sensitive else map(str.lower, runs))
                    assert gate.may_match(folded(text), runs), (rule.id, text)
    assert checked > 100


def test_first_characters_of_every_match():
    assert first_chars(r"(?<![\w.,])\d{1,3}(?:[ .]\d{3})*\s?€").pattern == r"[\d]"
    assert first_chars(r"(?<!\w)(?:€|\$|£)\s?\d").pattern == r"[€\$£]"
    assert first_chars(r"(?<![\w%])-\s?\d{1,2}\s?%", re.IGNORECASE).pattern == r"[\-]"
    assert first_chars(r"(?:#|@)+\w") is not None
    assert first_chars(r"(?<!\w)(?:dès|seulement)\s+\d") is None  # letters: nearly everywhere
    assert first_chars(r"-?\d+") is None  # the first character may be the digit or the sign
    assert first_chars(r"[^a]\d") is None and first_chars(r"\s\d") is None and first_chars(r".x") is None


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_alternatives_tried_at_their_first_characters_find_what_a_full_scan_finds(lang):
    import random

    rng = random.Random(11)
    texts = [example.text for example in load_corpus([ROOT / "corpora"]) if example.lang == lang]
    texts += ["".join(rng.choice("12 -€$£%#@.,x3601°") for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    tried = 0
    for rule in load_rules(lang):
        if rule.kind != "terms":
            continue
        for alternative in build_patterns(rule).alternatives:
            if alternative.starts is None:
                continue
            tried += 1
            for text in texts:
                spans, found = [], alternative.search(text)
                while found is not None:
                    spans.append(found.span())
                    found = alternative.search(text, found.end())
                assert spans == [match.span() for match in alternative.regex.finditer(text)], (rule.id, text)
    assert tried >= 3


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_phrases_tried_at_their_leading_words_find_what_a_full_scan_finds(lang):
    """Word-bounded phrases are tried only where a leading word (or stem) stands, and a leading word only
    where the draft holds the other words of one of its phrases: the spans of a scan from everywhere."""
    from toneaudit import engine
    from toneaudit.config import Config
    from toneaudit.rules.terms import _bounded_spans

    rules, _ = engine._pipeline(lang, Config())
    compiled = [build_patterns(rule) for rule in rules if rule.kind == "terms"]
    compiled = [(patterns, re.compile(r"(?<!\w)(?:" + patterns.bounded.pattern + ")", patterns.bounded.flags))
                for patterns in compiled if patterns.bounded is not None]
    texts = [example.text for example in load_corpus([ROOT / "corpora"]) if example.lang == lang][::3]
    texts += [text for rule in rules if rule.kind == "terms" for text in (*rule.examples_fail, *rule.examples_pass)]
    found = 0
    for text in texts:
        ctx = context_of(text, lang)
        for patterns, everywhere in compiled:
            spans = _bounded_spans(ctx, patterns)
            found += len(spans)
            assert spans == [match.span() for match in everywhere.finditer(ctx.text)], text
    assert found > 50
