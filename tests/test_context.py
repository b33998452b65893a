"""The per-draft facts that rules share are shortcuts: each must give what the plain way gives."""
import re

import pytest

from tests.conftest import ROOT, context_of
from toneaudit.rules import imperative, load_rules, style
from toneaudit.rules.phrases import leading_words
from toneaudit.training.corpus import load_corpus

TRICKY = [
    "Bonjour à tous ! 12h30, ½ et ² — L'équipe https://exemple.fr/promo?x=1 #tag 中文 ٣ x² ____ _a_ 2024",
    "!" * 120 + " " + "1" * 150 + " " + "a" * 130 + " " + "7" * 99 + "é",
    "Rdv sur www.boutique.fr/soldes-été ou https://x.co, puis écrivez-moi : j'ai hâte 🔥🔥",
    "İstanbul'da KİTAP ve ſtraße, K (Kelvin) — the CEO's team is being told",
]
_HAS_LETTER = re.compile(r"[^\W\d_]")


def _corpus_texts(lang: str, count: int = 300) -> list[str]:
    return [example.text for example in load_corpus([ROOT / "corpora"]) if example.lang == lang][:count]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_sentences_read_from_arrays_are_spacys_sentences_with_a_word(lang):
    for text in TRICKY + _corpus_texts(lang) + ["Bonjour.  Oui ! ", "a", "\n\n...\n"]:
        ctx = context_of(text, lang)
        expected = []
        for sentence in ctx.doc.sents:
            chunk = sentence.text
            if _HAS_LETTER.search(chunk):
                start = sentence.start_char + chunk.index(chunk.strip()[0])
                expected.append((start, start + len(chunk.strip())))
        assert ctx.sentences == expected, text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_words_read_from_shapes_are_the_tokens_that_have_a_letter(lang):
    for text in TRICKY + _corpus_texts(lang):
        ctx = context_of(text, lang)
        expected = [token for token in ctx.doc if _HAS_LETTER.search(token.text)
                    and not ctx.draft.in_url(token.idx, token.idx + len(token.text))]
        assert ctx.word_texts == [token.text for token in expected], text
        assert ctx.word_starts == [token.idx for token in expected]
        assert [token.i for token in ctx.words] == [token.i for token in expected]
        assert ctx.word_count == len(expected)


@pytest.mark.parametrize("text", TRICKY + ["Le_test test-test TEST, tests; test"])
def test_run_starts_are_where_whole_runs_start(text):
    ctx = context_of(text, "fr")
    table: dict[str, list[int]] = {}
    for match in re.finditer(r"\w+", ctx.text):
        table.setdefault(match.group().lower(), []).append(match.start())
    assert ctx.runs == frozenset(table)
    assert ctx.runs_as_written == frozenset(re.findall(r"\w+", ctx.text))
    for run, starts in table.items():
        assert ctx.run_starts(run) == starts, run
    assert ctx.run_starts("absent") == []


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_scanning_at_words_finds_what_a_full_scan_finds(lang):
    built = []
    for rule in load_rules(lang):
        if rule.kind == "passive":
            built.append(style._passive_regex(rule))
        elif rule.kind == "imperative":
            verb_regex, _, _, leads = imperative._build_patterns(rule)
            built.append((verb_regex, leads))
    assert len(built) == 2 and all(leads for _, leads in built)
    found = 0
    for text in TRICKY + _corpus_texts(lang, 600):
        ctx = context_of(text, lang)
        for regex, leads in built:
            expected = [match.span() for match in regex.finditer(ctx.text)]
            assert [match.span() for match in ctx.finditer_at_words(regex, leads)] == expected, text
            found += len(expected)
    assert found > 50


def test_leading_words_only_for_whole_first_words():
    assert leading_words(["Découvrez", "cliquez ici", "n'attendez plus"]) == frozenset({"découvrez", "cliquez", "n"})
    assert leading_words(["optimis*", "voir"]) is None  # a wildcard: the word may go on
    assert leading_words(["#promo"]) is None  # not a word character first
