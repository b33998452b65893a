"""Preparing a draft: Markdown parts not judged, offsets unchanged."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toneaudit import audit
from toneaudit.draft import _DIRECTIVE, Spans, prepare

MARKDOWN = """---
title: ACHETEZ
---
# Mon atelier

J'ouvre mon atelier ! Voir [la boutique](https://example.fr/ACHETEZ-MAINTENANT) et `PROMO!!!`.

```
ACHETEZ MAINTENANT !!!
```

<!-- ACHETEZ !!! -->
Et maintenant : ACHETEZ !!!
"""


def test_analysis_text_keeps_every_offset():
    draft = prepare(MARKDOWN, markdown=True)
    assert len(draft.analysis_text) == len(MARKDOWN)
    assert draft.analysis_text.count("\n") == MARKDOWN.count("\n")


def test_front_matter_code_link_targets_and_comments_are_not_judged():
    report = audit(MARKDOWN, lang="fr", markdown=True)
    lines = {f.line for f in report.findings if f.dimension == "aggressive"}
    assert lines == {13}
    for finding in report.findings:
        assert MARKDOWN[finding.start:finding.end] == finding.text


def test_plain_text_keeps_its_backticks_and_brackets():
    draft = prepare("Voir [ceci](x) et `cela`", markdown=False)
    assert draft.analysis_text == "Voir [ceci](x) et `cela`"


def test_typographic_apostrophes_are_folded_in_place():
    draft = prepare("J’ai\u00a0fini", markdown=False)
    assert draft.analysis_text == "J'ai fini"


def test_urls_and_quotes_are_located():
    draft = prepare("Lien : https://a.fr/b, et « citation ».")
    assert draft.url_spans == [(7, 21)]
    assert draft.in_quotes(28, 31)


@pytest.mark.parametrize("fence", ["---", "+++"])
def test_yaml_and_toml_front_matter_is_blanked(fence):
    key = "title: SOLDES !!!" if fence == "---" else 'title = "SOLDES !!!"'
    text = f"{fence}\n{key}\n{fence}\nJ'ai refait la vitrine ce matin.\n"
    draft = prepare(text, markdown=True)
    assert "SOLDES" not in draft.analysis_text and "vitrine" in draft.analysis_text
    assert not draft.front_matter_off


@pytest.mark.parametrize("front", ["---\ntoneaudit: off\n---\n", "+++\ntoneaudit = false\n+++\n",
                                   "---\nToneaudit: 'off'\n---\n"])
def test_front_matter_key_turns_a_file_off(front):
    assert prepare(front + "ACHETEZ !!!\n", markdown=True).front_matter_off
    assert not prepare("---\ntitle: off\n---\nACHETEZ !!!\n", markdown=True).front_matter_off


def test_inline_code_spans_need_closing_runs_of_the_same_length():
    draft = prepare("Tapez ``ACHETEZ`` ou `PROMO` mais ``pas ` fermé", markdown=True)
    assert "ACHETEZ" not in draft.analysis_text and "PROMO" not in draft.analysis_text
    assert "pas ` fermé" in draft.analysis_text


def test_shortcuts_give_what_the_plain_scans_give():
    """Folding by replacing the characters present, and quotations tried where a quotation mark stands,
    equal `str.translate` and a full `finditer`, on the corpus and on random strings."""
    import random

    from toneaudit import draft as module
    from toneaudit.training.corpus import load_corpus

    rng = random.Random(5)
    texts = [example.text for example in load_corpus(["corpora"])]
    texts += ["".join(rng.choice("ab «»\"“”'\n x’‘\u00a0\u202f\u2011\u200b") for _ in range(rng.randint(0, 60)))
              for _ in range(20000)]
    for text in texts:
        folded = text.translate(module._FOLD)
        assert module.prepare(text).analysis_text == folded or "<!--" in text or text.startswith(("---", "+++"))
        assert module._quoted_spans(folded) == [match.span() for match in module._QUOTED.finditer(folded)], text


# Overlap and containment questions are answered by bisection over the spans `finditer` gives: the same
# answers as a scan of every span, for any spans in that order.
@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet="ab c", max_size=60), pattern=st.sampled_from(["a+", "a|b", "ab*", "b?", "(?<= )a+ ?", " "]),
       queries=st.lists(st.tuples(st.integers(0, 62), st.integers(0, 8)), max_size=20))
def test_span_questions_answer_as_a_scan_of_every_span(text, pattern, queries):
    spans = [match.span() for match in re.finditer(pattern, text)]
    index = Spans(spans)
    for start, length in queries:
        end = start + length
        assert index.overlap(start, end) == any(a < end and start < b for a, b in spans)
        assert index.contain(start, end) == any(a <= start and end <= b for a, b in spans)


NAMES = ["all", "aggressive", "aggressive.capitals", "aggressive.punctuation-run", "familiar", "familiar.sms", "x"]
RULES = ["aggressive.capitals", "aggressive.punctuation-run", "familiar.sms", "institutional.buzzword"]
lines = st.one_of(
    st.tuples(st.sampled_from(["disable", "enable", "disable-next-line"]), st.lists(st.sampled_from(NAMES), min_size=1, max_size=3),
              st.sampled_from(["", " ", "text"])),  # what follows the directive on its line
    st.sampled_from(["", "  ", "text"]),
)


def _expected(text: str, rule: str, offset: int) -> bool:
    """The rule of the README, read literally: the most recent disable or enable before `offset` that names
    the rule, a dotted prefix of it or "all" decides; a disable-next-line silences its next non-empty line."""
    def names_rule(names):
        return any(name == "all" or rule == name or rule.startswith(name + ".") for name in names)

    disabled = False
    for match in _DIRECTIVE.finditer(text):
        if match.end() > offset:
            break
        names = [name.strip() for name in match.group(2).split(",")]
        if not names_rule(names):
            continue
        if match.group(1) == "disable-next-line":
            rest = text[match.end():]
            following = [line for line in rest.split("\n")[1:]]
            start = match.end() + len(rest.split("\n")[0]) + 1
            for line in following:
                if line.strip():
                    if start <= offset < start + len(line) + 1:
                        return True
                    break
                start += len(line) + 1
        else:
            disabled = match.group(1) == "disable"
    return disabled


@settings(max_examples=400, deadline=None)
@given(content=st.lists(lines, max_size=12))
def test_suppressions_follow_the_documented_rule(content):
    text = "\n".join(line if isinstance(line, str) else f"<!-- toneaudit: {line[0]}={','.join(line[1])} -->{line[2]}"
                     for line in content)
    draft = prepare(text)
    for offset in [match.start() for match in re.finditer("text", text)]:
        for rule in RULES:
            assert draft.is_suppressed(rule, offset) == _expected(text, rule, offset), (rule, offset)


@pytest.mark.parametrize("text", ["\r0\n```", "Bonjour\rà tous\r\n```\ncode ACHETEZ\n```\nEt maintenant : ACHETEZ !!!\n",
                                  "a\r\n```\r\ncode ACHETEZ\r\n```\r\nb\rEt maintenant : ACHETEZ !!!\n"])
def test_lone_carriage_returns_end_lines_for_markdown_blocks(text):
    """CommonMark ends a line at "\\r" too (old Mac files): the code blocks it finds are mapped to the text by
    its own lines. Counted by "\\n" only, "\\r0\\n```" ran past the last line (an internal error), and the
    blocks after a lone "\\r" were shifted."""
    draft = prepare(text, markdown=True)
    assert len(draft.analysis_text) == len(text)
    if "code ACHETEZ" in text:
        code = text.index("code ACHETEZ")
        assert draft.analysis_text[code:code + 12].strip() == ""  # in the fence: not judged
        assert draft.analysis_text.endswith("Et maintenant : ACHETEZ !!!\n")  # after it: judged
