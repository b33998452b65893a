"""The gates that let drafts skip pattern scans must never skip a draft the pattern matches."""
import re

import pytest

from toneaudit.rules import load_rules
from toneaudit.rules.gate import Gate, folded, gate_for, required_literals
from toneaudit.rules.terms import build_patterns
from toneaudit.training.corpus import load_corpus
from tests.conftest import ROOT


def test_literals_a_match_must_contain():
    assert required_literals(r"(?:il |n')?(?:ne )?reste (?:plus )?\d+", re.I) == [frozenset({"reste "})]
    assert required_literals(r"(?<!\w)(?:€|\$|£)\s?\d+") == [frozenset({"€", "$", "£"})]
    assert frozenset({"%"}) in required_literals(r"-\s?\d{1,2}\s?%")
    assert required_literals(r"c(?=\s+(?:trop|cool))") == [frozenset({"trop", "cool"})]


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
        for regex, gate in (*patterns.alternatives, (patterns.stems, patterns.stems_gate)):
            if regex is None or gate is None:
                continue
            for text in texts:
                if regex.search(text):
                    checked += 1
                    assert gate.may_match(folded(text)), (rule.id, text)
    assert checked > 100
