"""The shipped model does not read links, hashtags or one emoji as tone: adding one to a good draft of
the test split changes its verdict in at most 2% of them, in each language (issue 14)."""
import pytest

from toneaudit.config import Config
from toneaudit.training.corpus import load_corpus
from toneaudit.training.evaluate import COUNTERFACTUALS, counterfactuals

LIMIT = 0.02


@pytest.fixture(scope="module")
def shipped_figures():
    test = [example for example in load_corpus(["corpora"]) if example.split == "test"]
    return counterfactuals(test, Config(), edits=("link", "hashtag", "emoji"))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("edit", ["link", "hashtag", "emoji"])
def test_an_edit_that_is_no_tone_changes_at_most_two_percent_of_verdicts(shipped_figures, lang, edit):
    figures = shipped_figures[lang][edit]
    assert figures["drafts"] >= 30
    assert figures["changed"] <= LIMIT * figures["drafts"], figures["examples"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_edits_add_what_they_say_and_keep_the_draft(lang):
    text = "J'ai ouvert l'atelier ce matin" if lang == "fr" else "I opened the workshop this morning"
    assert COUNTERFACTUALS["link"](text, lang).startswith(text + " https://t.co/")
    assert COUNTERFACTUALS["hashtag"](text, lang).split()[-1].startswith("#")
    assert COUNTERFACTUALS["emoji"](text, lang) != text
    assert COUNTERFACTUALS["capitals"](text, lang).lower() == text.lower() != COUNTERFACTUALS["capitals"](text, lang)
    assert COUNTERFACTUALS["link"](text, lang) == COUNTERFACTUALS["link"](text, lang)  # the same at every run


def test_an_edit_that_changes_verdicts_is_counted(monkeypatch):
    """The check can fail: an edit that turns good drafts into ads is counted on each of them."""
    test = [example for example in load_corpus(["corpora"]) if example.split == "test" and not example.labels][:20]
    pitch = {"fr": " Soldes : -50 % avec le code PROMO50, commandez vite, dernière chance !",
             "en": " Sale: 50% off with code PROMO50, buy now, last chance!"}
    monkeypatch.setitem(COUNTERFACTUALS, "pitch", lambda text, lang: text + pitch[lang])
    figures = counterfactuals(test, Config(classifier=False), edits=("pitch",))
    changed = sum(figures[lang]["pitch"]["changed"] for lang in figures)
    assert changed == len(test) and all("commercial" in after for lang in figures
                                         for _, _, after in figures[lang]["pitch"]["examples"])
