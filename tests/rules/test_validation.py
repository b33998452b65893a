"""A rule's data is checked when it is loaded: an unknown key, a wrong type, a missing parameter, a rule
without its message or a term listed twice is a clear error naming the file and the rule."""
import pytest

from toneaudit.rules import KINDS, RuleError, _check_duplicate_terms, _check_messages, load_rules, make_rule, needs

WHERE = "languages/fr/rules/familiar.toml"


def _rule(spec, rule_id="familiar.sms", dimension="familiar"):
    return make_rule(rule_id, dimension, "fr", spec, WHERE)


def test_an_unknown_key_names_the_file_the_rule_and_the_nearest_key():
    with pytest.raises(RuleError, match=r"^languages/fr/rules/familiar.toml: rule familiar.sms: unknown key "
                                        r"'skip_qouted' for the kind 'terms'; did you mean 'skip_quoted'\?$"):
        _rule({"kind": "terms", "terms": ["mdr"], "skip_qouted": True})


@pytest.mark.parametrize("spec, problem", [
    ({"kind": "terms", "terms": "mdr"}, "'terms' must be a list of strings"),
    ({"kind": "terms", "terms": ["mdr", 3]}, "'terms' must be a list of strings"),
    ({"kind": "capitals", "min_word_letters": "7"}, "'min_word_letters' must be a whole number"),
    ({"kind": "capitals", "min_word_letters": True}, "'min_word_letters' must be a whole number"),
    ({"kind": "terms", "fixable": "yes"}, "'fixable' must be true or false"),
    ({"kind": "terms", "weight": "heavy"}, "'weight' must be a number"),
    ({"kind": "emoji-run"}, "the kind 'emoji-run' needs 'emojis'"),
    ({"kind": "shouting"}, "unknown kind 'shouting'"),
    ({"kind": ["terms"]}, "unknown kind ['terms']"),
    ({"kind": "terms", "severity": "loud"}, "unknown severity 'loud'"),
    ({"kind": "terms", "examples": {"fails": ["x"]}}, "'examples' holds 'fail' and 'pass'"),
])
def test_wrong_data_is_an_error_that_says_what_is_wrong(spec, problem):
    with pytest.raises(RuleError, match="^languages/fr/rules/familiar.toml: rule familiar.sms: ") as error:
        _rule(spec)
    assert problem in str(error.value)


def test_parameters_left_out_take_their_kinds_defaults():
    rule = _rule({"kind": "capitals"}, "aggressive.capitals", "aggressive")
    assert rule.params["min_word_letters"] == 7 and rule.params["acronyms"] == []
    assert set(rule.params) == set(KINDS["capitals"].params)


def test_a_term_listed_twice_in_a_dimension_is_an_error_in_two_dimensions_two_reasons():
    twice = _rule({"kind": "terms", "terms": ["mdr", "lol", "MDR => je ris"]})
    with pytest.raises(RuleError, match="rule familiar.sms: the term 'mdr' is listed twice"):
        _check_duplicate_terms([twice])
    slang = _rule({"kind": "terms", "terms": ["jpp"]}, "familiar.slang")
    sms = _rule({"kind": "terms", "terms": ["jpp => j'en peux plus"]})
    with pytest.raises(RuleError, match="rule familiar.sms: the term 'jpp' is also a term of familiar.slang"):
        _check_duplicate_terms([slang, sms])
    urgency = make_rule("aggressive.urgency", "aggressive", "fr", {"kind": "terms", "terms": ["vente flash"]}, WHERE)
    discount = make_rule("commercial.discount", "commercial", "fr", {"kind": "terms", "terms": ["vente flash"]}, WHERE)
    _check_duplicate_terms([urgency, discount])


def test_a_rule_without_its_message_is_an_error():
    with pytest.raises(RuleError, match="^languages/fr/messages.toml: no message for the rule familiar.textspeak "):
        _check_messages([_rule({"kind": "terms", "terms": ["mdr"]}, "familiar.textspeak")], "fr")
    _check_messages([_rule({"kind": "terms", "terms": ["mdr"]})], "fr")


def test_the_shipped_rules_pass_and_the_lemmatizer_is_loaded_only_where_a_rule_lists_lemmas():
    for lang in ("fr", "en"):
        assert all("lemmas" not in needs(rule) or rule.params.get("lemmas") for rule in load_rules(lang))
    assert "lemmas" in needs(_rule({"kind": "terms", "lemmas": ["kiffer"]}))
    assert "lemmas" not in needs(_rule({"kind": "terms", "terms": ["kiffer"]}))


def test_a_kind_declares_only_pipeline_parts_that_exist():
    from toneaudit.rules import KINDS, PIPELINE_PARTS, kind

    assert all(found.needs <= PIPELINE_PARTS for found in KINDS.values())
    assert KINDS["imperative"].needs == {"morphology"} and KINDS["link"].needs == frozenset()
    with pytest.raises(ValueError, match="unknown pipeline parts \\['parse'\\]"):
        kind("typo", needs=("parse",))
    assert "typo" not in KINDS
