"""Examples are tests: every rule's pass/fail examples, in each language it claims (proselint's way)."""
import pytest

from toneaudit import audit
from toneaudit.rules import KINDS, load_rules

RULES = [rule for lang in ("fr", "en") for rule in load_rules(lang)]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: f"{rule.lang}:{rule.id}")
def test_every_rule_has_a_positive_and_a_negative_example(rule):
    assert rule.examples_fail, f"{rule.id} has no failing example in {rule.lang}"
    assert rule.examples_pass, f"{rule.id} has no passing example in {rule.lang}"


def _cases(attribute):
    return [(rule, example) for rule in RULES for example in getattr(rule, attribute)]


@pytest.mark.parametrize("rule,example", _cases("examples_fail"))
def test_failing_example_is_caught(rule, example):
    report = audit(example, lang=rule.lang)
    assert rule.id in {finding.rule for finding in report.findings}, example


@pytest.mark.parametrize("rule,example", _cases("examples_pass"))
def test_passing_example_is_not_caught(rule, example):
    report = audit(example, lang=rule.lang)
    caught = [finding.text for finding in report.findings if finding.rule == rule.id]
    assert not caught, f"{rule.id} caught {caught} in {example!r}"


def test_both_languages_have_the_same_rules():
    ids = {lang: {rule.id for rule in load_rules(lang)} for lang in ("fr", "en")}
    assert ids["fr"] == ids["en"]


def test_every_rule_uses_a_known_kind_and_a_dimension_of_the_contract():
    dimensions = {"institutional", "commercial", "aggressive", "impersonal", "familiar", "encoding"}
    for rule in RULES:
        assert rule.kind in KINDS
        assert rule.dimension in dimensions
        assert rule.id.startswith(rule.dimension + ".")


def test_every_rule_has_messages_in_both_languages():
    from toneaudit.messages import catalogue

    for lang in ("fr", "en"):
        for rule in RULES:
            entry = catalogue(lang).get(rule.id)
            assert entry and entry.get("message") and entry.get("explain"), (lang, rule.id)
