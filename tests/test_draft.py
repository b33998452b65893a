"""Preparing a draft: Markdown parts not judged, offsets unchanged."""
import pytest

from toneaudit import audit
from toneaudit.draft import prepare

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
