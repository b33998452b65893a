"""Properties over arbitrary Unicode (Hypothesis): auditing never crashes, every span is exact, line and
column agree with the offsets, results do not depend on the run or the order of the drafts, and the
JSON output always parses.

`audit(text, "fr")` and `audit(text, "en")` must never raise. With `lang="auto"`, the one allowed
exception is AuditError, the library's answer for a draft in a third language (the CLI's exit 2).
"""
import json
import unicodedata
from collections import Counter

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from toneaudit import audit
from toneaudit.engine import AuditError, audit_many
from toneaudit.normalise import normalise
from toneaudit.reporters import FileResult, RenderOptions, render

pytestmark = pytest.mark.slow  # end-to-end: Hypothesis, hundreds of drafts per property

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


# Text not in NFC: combining marks that compose, reorder or stand alone, Hangul jamo, singletons and
# characters NFC decomposes, marks after line breaks.
DECOMPOSED = [
    "e\u0301", "E\u0301", "a\u0300", "c\u0327", "o\u0302\u0301", "q\u0307\u0323", "a\u0301\u0323", "\u0301", "\u0323\u0301",
    "\u1112\u1161\u11ab", "\u1100\u1173", "\u11af", "\u0958", "\u0b47\u0b3e", "\u212b", "\u0344", "\uac00\u11a8",
    "ACHE\u0301TEZ MAINTENANT", "Notre socie\u0301te\u0301 a le plaisir de", "Dernie\u0300re chance", "re\u0301duction",
    "\n\u0301", "\n", "é", "Ü", "\ufb01",
]
decomposed_texts = st.lists(st.one_of(st.sampled_from(DECOMPOSED), st.sampled_from(FRAGMENTS), st.text(max_size=6)),
                            max_size=30).map("".join)


def _marks_in_a_row(text: str) -> int:
    longest = run = 0
    for char in text:
        run = run + 1 if unicodedata.combining(char) else 0
        longest = max(longest, run)
    return longest


def _cuts_nothing(text: str, offset: int) -> bool:
    """Whether NFC of the two sides is NFC of the whole: no letter cut from its marks, no syllable cut."""
    nfc = unicodedata.normalize
    return nfc("NFC", text[:offset]) + nfc("NFC", text[offset:]) == nfc("NFC", text)


def test_no_ascii_character_changes_or_composes_under_nfc():
    """What normalise.py cuts pieces by, checked over all of Unicode."""
    for point in range(0x110000):
        decomposition = unicodedata.decomposition(chr(point))
        if decomposition and not decomposition.startswith("<"):
            assert all(int(part, 16) >= 0x80 for part in decomposition.split()[1:]), hex(point)
    assert all(unicodedata.normalize("NFC", chr(point)) == chr(point) for point in range(0x80))


@SETTINGS
@given(text=decomposed_texts, offsets=st.lists(st.tuples(st.integers(0, 400), st.integers(0, 20)), max_size=10))
def test_the_nfc_copy_maps_back_to_whole_characters(text, offsets):
    EXAMPLES["nfc map"] += 1
    written = normalise(text)
    if written is None:
        assert unicodedata.is_normalized("NFC", text)
        return
    if _marks_in_a_row(text) <= 30:
        assert written.copy == unicodedata.normalize("NFC", text)
    for start, length in offsets:
        start = min(start, len(written.copy))
        end = min(start + length, len(written.copy))
        mapped_start, mapped_end = written.span(start, end)
        assert 0 <= mapped_start <= mapped_end <= len(text)
        assert _cuts_nothing(text, mapped_start) and _cuts_nothing(text, mapped_end)
        assert written.copy[start:end] in unicodedata.normalize("NFC", text[mapped_start:mapped_end])
        assert text.count("\n", 0, mapped_start) == written.copy.count("\n", 0, start)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=decomposed_texts, lang=st.sampled_from(["fr", "en"]), markdown=st.booleans())
# Found by Hypothesis in CI: the mojibake span starts on the combining dot in the NFC copy and is widened
# back to the "q" it sits on, which made it sort before the classifier's whole-draft finding.
@example(text="q\u0307\u0323é" + "https://shop.example.fr/p?x=1000<`x`0\x80VJ", lang="fr", markdown=False)
@example(text="q\u0307\u0323é" + "https://shop.example.fr/p?x=1000<`x`0\x80VJ", lang="fr", markdown=True)
def test_a_draft_not_in_nfc_gets_the_report_of_its_nfc_form_with_spans_in_it(text, lang, markdown):
    EXAMPLES["nfd audit"] += 1
    assume(_marks_in_a_row(text) <= 30)
    report = audit(text, lang, markdown=markdown)
    _check_report(text, report)
    for finding in report.findings:
        assert _cuts_nothing(text, finding.start) and _cuts_nothing(text, finding.end), finding
    composed = audit(unicodedata.normalize("NFC", text), lang, markdown=markdown)
    assert [(f.rule, f.severity, f.message, f.suggestion, f.line) for f in report.findings] == \
           [(f.rule, f.severity, f.message, f.suggestion, f.line) for f in composed.findings]
    # The same text, or more of it where a span of the NFC form ends before marks NFC could not compose.
    assert all(theirs.text in unicodedata.normalize("NFC", mine.text) for mine, theirs in zip(report.findings, composed.findings))
    assert {name: verdict.to_dict() for name, verdict in report.dimensions.items()} == \
           {name: verdict.to_dict() for name, verdict in composed.dimensions.items()}
    assert report.score == composed.score
