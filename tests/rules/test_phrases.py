"""A phrase of the data read once (toneaudit/rules/phrases.py), and what the scans compile from it."""
import re

from toneaudit.rules.phrases import Term, leading_words, phrase_regex, trie_regex


def test_a_term_is_its_phrase_and_its_suggestion():
    assert Term.of("tkt => ne t'inquiète pas") == Term("tkt", "ne t'inquiète pas")
    assert Term.of("  au jour d'aujourd'hui ") == Term("au jour d'aujourd'hui", "")


def test_the_regex_matches_whole_words_spaced_any_way_and_a_star_as_a_beginning():
    regex = re.compile(Term("mise en avant").regex, re.IGNORECASE)
    assert regex.search("une Mise   en\navant de nos offres")
    assert not regex.search("une mise en avantage")
    star = re.compile(phrase_regex("optimis*"))
    assert star.fullmatch("optimisons") and not star.search("suroptimisons")
    assert Term("we're").regex == r"(?<!\w)we're(?!\w)"
    assert Term("-50%").regex == r"\-50%"  # no word boundary where the phrase does not start or end with a letter


def test_the_lead_and_the_words_any_match_holds():
    assert Term("au lieu de").lead() == ("au", False)
    assert Term("Optimis* vos").lead() == ("optimis", True)
    assert Term("-50%").lead() is None
    assert Term("d'ici demain").needed_words() == {"d", "ici", "demain"}
    assert Term("optimis* vos process*").needed_words() == {"vos"}


def test_leading_words_only_when_every_first_word_is_whole():
    assert leading_words(["Nous annonçons", "lance"]) == {"nous", "lance"}
    assert leading_words(["annonc*", "lance"]) is None


def test_the_trie_matches_exactly_the_phrases():
    regex = re.compile(r"(?<!\w)(?:" + trie_regex(["bon plan", "bons plans", "bon"]) + r")(?!\w)")
    assert [match.group() for match in regex.finditer("un bon plan, des bons plans, bon, bonne")] == \
        ["bon plan", "bons plans", "bon"]
