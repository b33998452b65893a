"""Verdicts from evidence: what a dimension needs to be flagged (report.REQUIRES)."""
import pytest

from toneaudit import audit
from toneaudit.config import Config
from toneaudit.findings import Finding, Severity
from toneaudit.report import DimensionVerdict, Evidence, verdicts, with_requirements

RULES_ONLY = Config(classifier=False)

SHOUTING_THAT_SELLS_NOTHING = {
    "fr": "JE SUIS TROP CONTENTE !!! On a gagné le match 🔥🔥🔥",
    "en": "OMG WE ACTUALLY WON!!! Best night ever 🔥🔥🔥",
}
SHOUTING_THAT_SELLS = {
    "fr": "PROMO GÉANTE !!! -50 % sur tout, commandez vite avant dimanche 🔥🔥🔥",
    "en": "HUGE SALE TODAY!!! 50% off everything, buy now before Sunday 🔥🔥🔥",
}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("classifier", [False, True])
def test_capitals_and_exclamations_that_sell_nothing_are_findings_not_aggressive(lang, classifier):
    report = audit(SHOUTING_THAT_SELLS_NOTHING[lang], lang=lang, classifier=classifier)
    assert {"aggressive.capitals", "aggressive.punctuation-run"} <= {f.rule for f in report.findings}
    assert "aggressive" not in report.flagged
    assert report.dimensions["aggressive"].score < 0.5


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("classifier", [False, True])
def test_the_same_shouting_in_a_sales_pitch_is_aggressive(lang, classifier):
    report = audit(SHOUTING_THAT_SELLS[lang], lang=lang, classifier=classifier)
    assert "aggressive" in report.flagged


def _evidence(rule, dimension, standalone, weight=2.0):
    finding = Finding(start=0, end=1, rule=rule, dimension=dimension, severity=Severity.ERROR, message="m",
                      text="x", line=1, column=1, suggestion=None)
    return Evidence(finding, weight, standalone=standalone)


def test_a_standalone_rule_flags_aggressive_without_a_commercial_verdict():
    found = with_requirements(verdicts([_evidence("aggressive.urgency", "aggressive", True)], 10))
    assert found["aggressive"].flagged and not found["commercial"].flagged


def test_non_standalone_evidence_alone_stays_under_the_line():
    found = with_requirements(verdicts([_evidence("aggressive.capitals", "aggressive", False)], 10))
    assert not found["aggressive"].flagged
    assert 0.0 < found["aggressive"].score <= 0.49
    assert found["aggressive"].rules == ("aggressive.capitals",)


def test_non_standalone_evidence_counts_beside_a_flagged_commercial_verdict():
    found = with_requirements(verdicts([_evidence("aggressive.capitals", "aggressive", False),
                                        _evidence("commercial.discount", "commercial", True)], 10))
    assert found["aggressive"].flagged and found["commercial"].flagged


def test_requirements_leave_other_verdicts_alone():
    verdict = DimensionVerdict(score=0.8, flagged=True)
    dimensions = {"institutional": verdict, "commercial": DimensionVerdict(0.1, False),
                  "aggressive": DimensionVerdict(0.1, False), "impersonal": verdict, "familiar": verdict}
    assert with_requirements(dimensions) == dimensions
