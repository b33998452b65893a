"""Properties over arbitrary Unicode (Hypothesis): auditing never crashes, every span is exact, line and
column agree with the offsets, results do not depend on the run or the order of the drafts, and the
JSON output always parses.

`audit(text, "fr")` and `audit(text, "en")` must never raise. With `lang="auto"`, the one allowed
exception is AuditError, the library's answer for a draft in a third language (the CLI's exit 2).
"""
import json
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toneaudit import audit
from toneaudit.engine import AuditError, audit_many
from toneaudit.reporters import FileResult, RenderOptions, render

EXAMPLES = Counter()

# Pieces that reach the rules' corners: shouting, prices, pronouns, Markdown, URLs, suppression
# comments, front matter, mojibake, line endings, scripts that are not Latin, zero-width characters.
FRAGMENTS = [
    "ACHETEZ MAINTENANT", "BUY NOW", "!!!", "?!", "🔥🚀", "-50%", "29,90 €", "$19.99", "code PROMO50", "je ", "j'",
    "nous ", "we ", "I ", "Notre société a le plaisir de", "il convient de", "mdr", "lol", "https://shop.example.fr/p?x=1",
    "<!-- toneaudit: disable=aggressive -->", "<!-- toneaudit: disable-next-line -->", "---\ntoneaudit: off\n---\n",
    "```\ncode\n```", "`x`", "[lien](https://a.b)", "rÃ©seaux", "\r\n", "\n\n", "\t", "\u200b", "\u202e", "\u0130",
    "مرحبا", "Привет", "日本語", "a" * 300, ". ", "« ", " »", "\"", "'", "#hashtag", "@compte", "\x00", "\ufeff",
]
texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map("".join),
)
SETTINGS = settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _position(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _check_report(text: str, report) -> None:
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert text[finding.start:finding.end] == finding.text
        assert (finding.line, finding.column) == _position(text, finding.start)
        assert (finding.end_line, finding.end_column) == _position(text, finding.end)
    assert 0 <= report.score <= 100
    document = json.loads(render("json", [FileResult("draft.md", report)], RenderOptions()))
    assert document["files"][0]["findings"] == [finding.to_dict() for finding in report.findings]


@SETTINGS
@given(text=texts, lang=st.sampled_from(["fr", "en", "auto"]), markdown=st.booleans())
def test_audit_never_crashes_and_spans_are_exact(text, lang, markdown):
    EXAMPLES["audit"] += 1
    try:
        report = audit(text, lang, markdown=markdown)
    except AuditError:
        assert lang == "auto"  # a third language; forced languages always give a report
        return
    _check_report(text, report)
    again = audit(text, lang, markdown=markdown)
    assert again.to_dict() == report.to_dict()  # deterministic


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts=st.lists(texts, min_size=2, max_size=5), lang=st.sampled_from(["fr", "en"]))
def test_results_do_not_depend_on_the_order_of_the_drafts(drafts, lang):
    EXAMPLES["order"] += 1
    forward = audit_many(drafts, lang)
    backward = audit_many(list(reversed(drafts)), lang)[::-1]
    alone = [audit(text, lang) for text in drafts]
    for text, first, second, single in zip(drafts, forward, backward, alone):
        assert first.to_dict() == second.to_dict() == single.to_dict()
        _check_report(text, first)


@pytest.fixture(scope="module", autouse=True)
def _report_counts():
    yield
    print(f"\nHypothesis examples run: {dict(EXAMPLES)} (total {sum(EXAMPLES.values())})")
