"""audit(): the library entry point of the contract, end to end."""
import json
import subprocess
import sys
import unicodedata

import pytest

from tests.conftest import ROOT, rules_of
from toneaudit import AuditError, Config, audit
from toneaudit.config import from_mapping

DIMENSIONS = {"institutional", "commercial", "aggressive", "impersonal", "familiar"}
GOOD_FR = ("Ce matin j'ai livré mes premiers bouquets de pivoines 🌸 Merci à Claire pour son aide ! "
           "Je vous montre le résultat demain.")
PUSHY_FR = ("🔥🔥 SOLDES DE FOLIE 🔥🔥\nAchetez maintenant !!! -50% sur TOUT le site avec le code PROMO50. "
            "Dernière chance, ça se termine ce soir à minuit ! 👉 https://maboutique.fr/shop")
CORPORATE_EN = ("Acme Corp is pleased to announce a strategic partnership to leverage synergies across our ecosystem. "
                "Going forward, our teams will deliver best-in-class end-to-end solutions to stakeholders.")


def test_report_has_the_contract_fields():
    report = audit(PUSHY_FR)
    assert report.lang == "fr"
    assert 0 <= report.score <= 100
    assert set(report.dimensions) == DIMENSIONS
    for verdict in report.dimensions.values():
        assert 0.0 <= verdict.score <= 1.0 and isinstance(verdict.flagged, bool)
    data = report.to_dict()
    assert set(data) >= {"lang", "score", "dimensions", "findings"} and "path" not in data
    for finding in data["findings"]:
        assert set(finding) == {"rule", "dimension", "severity", "message", "line", "column", "start", "end", "text",
                                "suggestion", "replacement", "advice"}
        assert finding["severity"] in {"info", "warning", "error"}
    json.dumps(data)


def test_findings_point_at_exact_spans_with_line_and_column():
    text = "Bonjour,\r\nnotre société a le plaisir de vous annoncer…\r\n\r\nACHETEZ MAINTENANT !!!"
    report = audit(text, lang="fr")
    assert report.findings
    for finding in report.findings:
        assert text[finding.start:finding.end] == finding.text
        line_start = sum(len(line) for line in text.splitlines(keepends=True)[: finding.line - 1])
        assert finding.start - line_start + 1 == finding.column


def test_flags_match_what_a_community_manager_would_say():
    assert audit(GOOD_FR).flagged == []
    assert set(audit(PUSHY_FR).flagged) == {"commercial", "aggressive", "impersonal"}
    assert set(audit(CORPORATE_EN).flagged) == {"institutional", "impersonal"}
    assert "familiar" in audit("Wesh la team, g testé le resto trop stylé mdr").flagged
    assert audit(GOOD_FR).score > audit(PUSHY_FR).score


def test_one_price_or_one_exclamation_in_a_first_person_post_does_not_flag():
    report = audit("J'ai enfin fixé le prix de mes ateliers : 45 €, et je vous explique pourquoi. Quelle aventure !")
    assert report.flagged == []
    assert "commercial.price" in rules_of(report)


def test_messages_follow_the_draft_language_unless_asked():
    french = audit("Achetez maintenant !!!", lang="fr")
    assert "Ponctuation" in next(f.message for f in french.findings if f.rule == "aggressive.punctuation-run")
    english = audit("Achetez maintenant !!!", lang="fr", messages_lang="en")
    assert "punctuation" in next(f.message for f in english.findings if f.rule == "aggressive.punctuation-run")


def test_suggestions_are_concrete():
    report = audit("Notre société est fière de vous présenter sa nouvelle gamme.", lang="fr")
    suggestion = next(f.suggestion for f in report.findings if f.rule == "institutional.corporate-voice")
    assert "Je suis fier/fière de" in suggestion


def test_unknown_language_is_an_error():
    with pytest.raises(AuditError):
        audit("Bonjour", lang="de")


def test_third_language_is_refused_in_auto_mode_but_can_be_forced():
    german = "Wir freuen uns sehr, Ihnen heute unser neues Produkt vorzustellen. Es ist wirklich großartig und günstig."
    with pytest.raises(AuditError, match="de"):
        audit(german)
    assert audit(german, lang="en").lang == "en"


def test_mixed_draft_goes_to_the_dominant_language():
    text = ("Je suis ravie de vous présenter mon nouvel atelier de céramique à Nantes, ouvert tous les samedis.\n"
            "#handmade #pottery")
    assert audit(text).lang == "fr"


def test_config_disables_changes_severity_allows_and_adds_words():
    text = "Achetez maintenant notre synergie !!!"
    assert "aggressive.punctuation-run" in rules_of(audit(text, lang="fr"))
    config = from_mapping({
        "disable": ["aggressive.punctuation-run", "impersonal"],
        "severity": {"aggressive.call-to-action": "info"},
        "allow": {"fr": ["synergie"]},
        "extra": {"fr": {"institutional": ["notre synergie"]}},
    })
    report = audit(text, lang="fr", config=config)
    assert "aggressive.punctuation-run" not in rules_of(report)
    assert not any(f.dimension == "impersonal" for f in report.findings)
    assert all(str(f.severity) == "info" for f in report.findings if f.rule == "aggressive.call-to-action")
    assert "institutional.buzzword" not in rules_of(report)
    assert "institutional.custom" in rules_of(report)


def test_inline_suppression_for_the_rest_of_the_file_and_the_next_line():
    text = ("J'adore ce métier !!!\n<!-- toneaudit: disable-next-line=aggressive.punctuation-run -->\n"
            "Vraiment !!!\nEncore !!!\n<!-- toneaudit: disable=aggressive -->\nEt toujours !!!")
    lines = [f.line for f in audit(text, lang="fr").findings if f.rule == "aggressive.punctuation-run"]
    assert lines == [1, 4]


def test_front_matter_can_turn_the_audit_off():
    report = audit("---\ntoneaudit: off\n---\nACHETEZ !!!", lang="fr", markdown=True)
    assert report.findings == [] and report.notes


def test_the_default_config_is_empty():
    assert Config().disable == ()


def test_results_are_deterministic():
    first = audit(PUSHY_FR).to_dict()
    audit(CORPORATE_EN)
    assert audit(PUSHY_FR).to_dict() == first


def test_finding_attributes_read_like_the_json_fields():
    report = audit(PUSHY_FR)
    for finding, data in zip(report.findings, report.to_dict()["findings"]):
        for field, value in data.items():
            assert getattr(finding, field) == value, field
    assert any(finding.severity == "error" for finding in report.findings)


# Inline directives: the most recent directive that names a rule, one of its dotted prefixes or "all"
# decides whether the rule is off at a point; disable-next-line silences its next non-empty line whatever
# the state; directives count only in judged text (not in code, front matter or link targets).
SHOUTS = {"fr": "INCROYABLE mdr !!!", "en": "AMAZING lol !!!"}
WATCHED = {"aggressive.capitals", "aggressive.punctuation-run", "familiar.sms"}


def _watched_by_line(text: str, lang: str, markdown: bool = False) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for finding in audit(text, lang=lang, markdown=markdown, classifier=False).findings:
        if finding.rule in WATCHED:
            found.setdefault(finding.line, set()).add(finding.rule)
    return found


def _directives(lang: str, *directives: str) -> str:
    """A shouting line after each directive (line 2, 4, 6…)."""
    return "".join(f"<!-- toneaudit: {directive} -->\n{SHOUTS[lang]}\n" for directive in directives)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_enable_turns_back_on_only_the_rules_it_names(lang):
    text = _directives(lang, "disable=aggressive.capitals,familiar", "enable=aggressive.capitals")
    assert _watched_by_line(text, lang) == {2: {"aggressive.punctuation-run"},
                                            4: {"aggressive.punctuation-run", "aggressive.capitals"}}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_enable_of_a_prefix_turns_back_on_the_rules_under_it(lang):
    text = _directives(lang, "disable=aggressive.capitals", "enable=aggressive", "disable=all", "enable=familiar.sms")
    assert _watched_by_line(text, lang) == {2: {"aggressive.punctuation-run", "familiar.sms"}, 4: WATCHED,
                                            8: {"familiar.sms"}}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_enable_of_one_rule_under_a_disabled_prefix_turns_back_on_that_rule_only(lang):
    text = _directives(lang, "disable=aggressive", "enable=aggressive.capitals", "disable=aggressive.capitals")
    assert _watched_by_line(text, lang) == {2: {"familiar.sms"}, 4: {"familiar.sms", "aggressive.capitals"},
                                            6: {"familiar.sms"}}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_disable_next_line_silences_its_next_non_empty_line_whatever_the_state(lang):
    text = (f"<!-- toneaudit: disable-next-line=familiar --><!-- toneaudit: enable=all -->\n\n  \n{SHOUTS[lang]}\n"
            f"{SHOUTS[lang]}\n")
    assert _watched_by_line(text, lang) == {4: {"aggressive.capitals", "aggressive.punctuation-run"}, 5: WATCHED}


SHOWN = {
    "fenced code": "Pour silencier une règle :\n\n```\n<!-- toneaudit: disable=all -->\n```\n\n{shout}\n",
    "indented code": "Pour silencier une règle :\n\n    <!-- toneaudit: disable=all -->\n\n{shout}\n",
    "inline code": "Écrivez `<!-- toneaudit: disable=all -->` pour silencier.\n\n{shout}\n",
    "front matter": "---\nnote: <!-- toneaudit: disable=all -->\n---\n{shout}\n",
    "link target": "Voir [la doc](<!--toneaudit:disable=all-->) ici.\n\n{shout}\n",
}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("where", SHOWN)
def test_a_directive_shown_in_code_front_matter_or_a_link_target_silences_nothing(where, lang):
    text = SHOWN[where].format(shout=SHOUTS[lang])
    last_line = text.count("\n")
    assert _watched_by_line(text, lang, markdown=True) == {last_line: WATCHED}
    # The same directive in the text itself does silence the rest.
    assert _watched_by_line(f"<!-- toneaudit: disable=all -->\n{text}", lang, markdown=True) == {}


def test_a_directive_in_front_matter_silences_nothing_in_plain_text_either():
    text = "---\nnote: <!-- toneaudit: disable=all -->\n---\nINCROYABLE mdr !!!\n"
    assert _watched_by_line(text, "fr") == {4: WATCHED}


# Text in Unicode NFD (accents as combining marks, as macOS and some editors write them) is judged as
# its NFC copy, and every finding points back into the text as written.
NFD_DRAFT = ("Bonjour,\nNotre société a le plaisir de vous annoncer une réduction.\n"
             "Dernière chance ! ACHÉTEZ MAINTENANT !!!\n")


def _spans_are_exact(text: str, report) -> None:
    for finding in report.findings:
        assert text[finding.start:finding.end] == finding.text
        line_start = text.rfind("\n", 0, finding.start) + 1
        assert (finding.line, finding.column) == (text.count("\n", 0, finding.start) + 1, finding.start - line_start + 1)


def test_nfd_text_is_judged_as_its_nfc_copy_with_spans_in_the_text_as_written():
    nfd = unicodedata.normalize("NFD", NFD_DRAFT)
    assert nfd != NFD_DRAFT
    report = audit(nfd, lang="fr")
    _spans_are_exact(nfd, report)
    texts = {finding.rule: finding.text for finding in report.findings}
    assert {"institutional.corporate-voice", "commercial.discount", "aggressive.urgency"} <= set(texts)
    assert unicodedata.normalize("NFC", texts["aggressive.urgency"]) == "Dernière chance"
    shouted = [finding.text for finding in report.findings if finding.rule == "aggressive.capitals"]
    assert shouted == ["ACHE\u0301TEZ MAINTENANT"]  # one shouted run; never "ACHE", cut before its accent


@pytest.mark.parametrize("part", ["all", "half"])
def test_nfd_and_nfc_of_a_draft_give_the_same_report_but_for_the_spans(part):
    for text, lang in ((NFD_DRAFT, "fr"), (PUSHY_FR, "fr"), ("Café crème déjà vu. BUY NOW, señor, it's naïve!!!", "en")):
        cut = len(text) if part == "all" else len(text) // 2
        written = unicodedata.normalize("NFD", text[:cut]) + text[cut:]
        composed, decomposed = audit(text, lang=lang), audit(written, lang=lang)
        _spans_are_exact(written, decomposed)
        assert [(f.rule, f.severity, f.line, unicodedata.normalize("NFC", f.text)) for f in decomposed.findings] == \
               [(f.rule, f.severity, f.line, f.text) for f in composed.findings]
        assert {name: verdict.to_dict() for name, verdict in decomposed.dimensions.items()} == \
               {name: verdict.to_dict() for name, verdict in composed.dimensions.items()}
        assert decomposed.score == composed.score


def test_findings_on_the_added_lines_of_an_nfd_draft_are_those_of_its_nfc_copy():
    nfd = unicodedata.normalize("NFD", NFD_DRAFT)
    for lines in (frozenset({2}), frozenset({3})):
        found = audit(nfd, lang="fr", lines=lines).findings
        assert [(f.rule, f.line, f.end_line) for f in found] == \
               [(f.rule, f.line, f.end_line) for f in audit(NFD_DRAFT, lang="fr", lines=lines).findings]
        assert found and all(lines & set(range(f.line, f.end_line + 1)) for f in found)


def test_through_the_command_a_directive_shown_in_a_code_block_silences_nothing(tmp_path):
    (tmp_path / "post.md").write_text("Pour silencier toneaudit :\n\n```\n<!-- toneaudit: disable=all -->\n```\n\n"
                                      "<!-- toneaudit: disable=aggressive.capitals,familiar -->\nINCROYABLE mdr !!!\n"
                                      "<!-- toneaudit: enable=aggressive.capitals -->\nINCROYABLE mdr !!!\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "toneaudit", "check", "--no-server", "--format", "json", "--lang", "fr",
                           "post.md"], cwd=tmp_path, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert done.returncode == 1, done.stderr
    found = {(finding["line"], finding["rule"]) for finding in json.loads(done.stdout)["files"][0]["findings"]
             if finding["rule"] in WATCHED}
    assert found == {(8, "aggressive.punctuation-run"), (10, "aggressive.punctuation-run"), (10, "aggressive.capitals")}


@pytest.mark.parametrize("lang, quoted, own", [
    ("fr", "Je déteste les pubs qui crient « Achetez maintenant » ou « Dernière chance ».",
     "Achetez maintenant, dernière chance !"),
    ("en", "I hate ads that scream \"BUY NOW\" and ‘last chance’.", "Buy now, last chance!"),
])
def test_words_in_quotation_marks_are_quoted_not_reported(lang, quoted, own):
    assert not [f for f in audit(quoted, lang=lang).findings if f.dimension == "aggressive"]
    assert {"aggressive.call-to-action", "aggressive.urgency"} <= {f.rule for f in audit(own, lang=lang).findings}


@pytest.mark.parametrize("lang, text", [
    ("fr", "Je serai à VIVA TECH jeudi pour parler SEO et RGPD avec mon équipe."),
    ("en", "I'll be at SXSW on Thursday to talk about GDPR and SEO with my team at the NHS."),
])
def test_sigles_are_not_shouting(lang, text):
    report = audit(text, lang=lang)
    assert not [f for f in report.findings if f.rule == "aggressive.capitals"] and "aggressive" not in report.flagged


def _named_words(message: str) -> list[str]:
    return message.rsplit(": ", 1)[-1].rstrip(".").split(", ")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_classifier_finding_sits_on_a_sentence_holding_the_whole_words_it_names(lang):
    import re

    from toneaudit.engine import audit_many, stop_words
    from toneaudit.training.corpus import load_corpus

    drafts = [e.text for e in load_corpus([ROOT / "corpora"]) if e.split == "test" and e.lang == lang]
    found = [f for report in audit_many(drafts, lang=lang) for f in report.findings if f.rule.endswith(".classifier")]
    assert len(found) >= 10  # the check is not empty
    whole = [f for f in found if "no single word" in f.message or "sans qu'un mot ressorte" in f.message]
    assert len(whole) <= len(found) // 10  # naming no word is the exception
    for finding in found:
        if "no single word" in finding.message or "sans qu'un mot ressorte" in finding.message:
            continue  # the text as a whole: no word to name, and the message says so
        words = _named_words(finding.message)
        assert words and words != ["-"], finding
        for word in words:
            # A whole word of the sentence, as written, and not a function word.
            assert re.search(rf"(?<!\w){re.escape(word)}(?!\w)", finding.text), (word, finding.text)
            assert word.lower() not in stop_words(lang) and sum(c.isalpha() for c in word) >= 2


@pytest.mark.parametrize("lang, text, sentence", [
    ("fr", "Belle journée au bureau aujourd'hui.\nNotre groupe réaffirme son engagement en faveur de "
           "l'excellence opérationnelle et de la création de valeur durable pour ses parties prenantes.",
     "Notre groupe"),
    ("en", "Lovely day at the office.\nThe Group reaffirms its commitment to operational excellence and to "
           "sustainable value creation for all its stakeholders.", "The Group"),
])
def test_the_classifier_finding_is_on_the_sentence_that_weighs_most(lang, text, sentence):
    from toneaudit.classifier import load
    from toneaudit.engine import explained_sentence, stop_words

    weights = load().languages[lang].token_weights(text, [], "institutional")
    start, end, words = explained_sentence(text, [], weights, stop_words(lang))
    assert text[start:end].startswith(sentence) and words
    assert all(word in text[start:end] for word in words)


@pytest.mark.parametrize("text, lang, words, fixed", [
    ("ONLY 5 SPOTS LEFT for my workshop on Saturday, see you there.", "en", "ONLY 5 SPOTS LEFT", "Only 5 spots left"),
    ("PLUS QUE 5 PLACES pour mon atelier de samedi, à bientôt.", "fr", "PLUS QUE 5 PLACES", "Plus que 5 places"),
])
def test_urgency_in_capitals_is_one_finding_the_urgency_carrying_the_lowering(text, lang, words, fixed):
    # The stronger fact is the urgency (it can flag the dimension by itself); the capitals it is
    # written in are the same words, and their rewrite stays on the finding kept.
    findings = [f for f in audit(text, lang=lang, config=Config(classifier=False)).findings if f.dimension == "aggressive"]
    assert [(f.rule, f.text, f.replacement) for f in findings] == [("aggressive.urgency", words, fixed)]


def test_capitals_alone_still_carry_their_lowering():
    findings = audit("I made TWENTY NEW MUGS this week, come and see them.", lang="en", config=Config(classifier=False)).findings
    assert [(f.rule, f.replacement) for f in findings if f.dimension == "aggressive"] == [
        ("aggressive.capitals", "twenty new mugs")]


@pytest.mark.parametrize("text, lang, shared", [
    ("Nous sommes heureux de vous accueillir dans nos nouveaux locaux. Nous vous attendons, on sera là dès 9 h "
     "et nous avons hâte, on vous le promet.", "fr", "«\u202fnous\u202f» ×3"),
    ("We are happy to welcome you to our new offices. We will be there, we can't wait to see you at our place.",
     "en", '"we" ×3'),
])
def test_two_rules_that_count_the_same_words_say_the_same_number(text, lang, shared):
    findings = {f.rule: f.message for f in audit(text, lang=lang, config=Config(classifier=False)).findings}
    assert shared in findings["institutional.corporate-we"] and shared in findings["impersonal.collective-voice"]
