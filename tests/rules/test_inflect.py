"""rules/inflect.py: an everyday word in the form of the word it replaces, from the language's data."""
import pytest

from toneaudit.rules.inflect import declensions, matching_case, replace_declined, replace_verb, verb_forms


@pytest.mark.parametrize("form, expected", [
    ("kiffer", "adorer"), ("kiffe", "adore"), ("kiffes", "adores"), ("kiffons", "adorons"), ("kiffez", "adorez"),
    ("kiffent", "adorent"), ("kiffé", "adoré"), ("kiffées", "adorées"), ("kiffais", "adorais"),
    ("kifferez", "adorerez"), ("kifferaient", "adoreraient"), ("kiffant", "adorant"),
])
def test_a_french_verb_takes_the_form_of_the_one_it_replaces(form, expected):
    assert replace_verb("fr", "kiffer", "adorer", form) == expected


def test_the_stem_keeps_its_sound_before_a_and_o():
    assert replace_verb("fr", "bouffer", "manger", "bouffons") == "mangeons"
    assert replace_verb("fr", "bouffer", "manger", "bouffait") == "mangeait"
    assert replace_verb("fr", "bouffer", "manger", "bouffer") == "manger"


def test_a_word_that_is_not_a_form_of_the_verb_gets_nothing():
    assert replace_verb("fr", "kiffer", "adorer", "kiffeur") is None
    assert "kiffeur" not in verb_forms("fr", "kiffer")


def test_spacys_morphology_chooses_between_the_cells_a_form_could_be():
    # «kiffe» is first or third person; both give «adore», so either way the answer is one word.
    assert replace_verb("fr", "kiffer", "adorer", "kiffe", frozenset({"Person=1", "Number=Sing", "Mood=Ind",
                                                                     "Tense=Pres", "VerbForm=Fin"})) == "adore"


def test_nouns_and_adjectives_agree():
    assert replace_declined("fr", "fringue", "vêtement", "fringues", gendered=False) == "vêtements"
    assert replace_declined("fr", "boulot", "travail/travaux", "boulots", gendered=False) == "travaux"
    assert replace_declined("fr", "relou", "pénible", "reloues", gendered=True) == "pénibles"
    assert replace_declined("fr", "chelou", "bizarre", "cheloue", gendered=True) == "bizarre"
    assert declensions("fr", "beau/belle/beaux/belles", gendered=True)[frozenset({"Gender=Fem", "Number=Plur"})] == "belles"


def test_a_language_without_a_paradigm_has_no_verb_forms():
    assert verb_forms("en", "kiffer") == {}


def test_the_replacement_is_written_like_the_word():
    assert matching_case("adorez", "Kiffez") == "Adorez"
    assert matching_case("adorez", "KIFFEZ") == "ADOREZ"
    assert matching_case("adorez", "kiffez") == "adorez"
