"""The trickier kinds, on cases their data examples do not show."""
import pytest

from tests.conftest import rules_of
from toneaudit import audit


def test_imperative_needs_the_start_of_a_clause(audit_fr):
    assert "aggressive.call-to-action" in rules_of(audit_fr("Nouveau ! Commandez vite votre panier."))
    assert "aggressive.call-to-action" not in rules_of(audit_fr("Je sais que vous commandez souvent le vendredi."))
    assert "aggressive.call-to-action" not in rules_of(audit_fr("Ma commande est arrivée, je l'attendais."))


def test_imperative_followed_by_hurry_words_is_an_error(audit_en):
    finding = next(f for f in audit_en("Buy now before it's gone.").findings if f.rule == "aggressive.call-to-action")
    assert str(finding.severity) == "error"
    assert finding.text.lower().startswith("buy now")


def test_a_single_exclamation_mark_is_not_shouting(audit_fr):
    assert "aggressive.punctuation-run" not in rules_of(audit_fr("Je suis ravie de vous revoir !"))
    assert "aggressive.punctuation-run" in rules_of(audit_fr("Je suis ravie de vous revoir !!"))


def test_capitals_spare_acronyms_and_caseless_scripts(audit_fr, audit_en):
    assert "aggressive.capitals" not in rules_of(audit_fr("J'ai rencontré la CNIL et l'URSSAF."))
    assert "aggressive.capitals" not in rules_of(audit_en("I read مرحبا بكم في متجري today."))
    assert "aggressive.capitals" in rules_of(audit_en("We are HUGELY PROUD of the team."))


@pytest.mark.parametrize("lang,text", [
    ("fr", "Je serai à VIVA TECH jeudi… on parle SEO, RGPD et IA"),
    ("fr", "Le RER B et la SNCF, encore"),
    ("fr", "SEO, SEA, RGPD, CRM, ERP : mes notes de la semaine"),
    ("en", "I'll be at WEB SUMMIT on Thursday: SEO, GDPR and AI"),
    ("en", "NASA and ESA, then the NBA game"),
])
def test_sigles_and_short_names_in_capitals_are_not_shouting(lang, text):
    assert "aggressive.capitals" not in rules_of(audit(text, lang=lang))


@pytest.mark.parametrize("lang,text,shouted", [
    ("fr", "JE SUIS TROP CONTENTE de vous voir", "JE SUIS TROP CONTENTE"),
    ("fr", "Soldes : JUSQU'À -50 % CE WEEK-END", "JUSQU'À -50 % CE WEEK-END"),
    ("fr", "C'est INCROYABLE", "INCROYABLE"),
    ("en", "OMG THIS IS SO GOOD", "OMG THIS IS SO GOOD"),
    ("en", "It is UNBELIEVABLE", "UNBELIEVABLE"),
])
def test_runs_of_capitals_and_long_words_are_shouting(lang, text, shouted):
    found = [f.text for f in audit(text, lang=lang).findings if f.rule == "aggressive.capitals"]
    assert found == [shouted]


def test_quoted_and_hashtagged_slang_is_not_counted(audit_fr):
    assert "familiar.slang" not in rules_of(audit_fr("J'ai écrit sur « la flemme » au bureau. #flemme"))
    assert "familiar.slang" in rules_of(audit_fr("J'ai la flemme de bosser ce matin."))


def test_corporate_we_only_without_a_first_person(audit_fr):
    assert "institutional.corporate-we" in rules_of(audit_fr("Nous vous remercions et nous restons à votre écoute."))
    assert "institutional.corporate-we" not in rules_of(audit_fr("Je remercie l'équipe : nous avons tenu les délais et nous sommes fiers."))


def test_no_first_person_points_at_the_first_sentence(audit_fr):
    text = "\n\nLes inscriptions sont ouvertes pour l'été. Le stage commence en juillet."
    finding = next(f for f in audit_fr(text).findings if f.rule == "impersonal.no-first-person")
    assert finding.text == "Les inscriptions sont ouvertes pour l'été."
    assert (finding.line, finding.column) == (3, 1)


def test_elided_and_hyphenated_first_person_count(audit_fr):
    assert "impersonal.no-first-person" not in rules_of(audit_fr("Pour un rendez-vous demain matin, écrivez-moi avant ce soir."))
    assert "impersonal.no-first-person" not in rules_of(audit_fr("J’ai ouvert la boutique plus tôt ce matin pour les livreurs."))


def test_shop_link_is_one_finding_per_url(audit_fr):
    findings = [f for f in audit_fr("Tout est ici https://shop.example.fr/boutique/produits/bougie").findings if f.rule == "commercial.shop-link"]
    assert len(findings) == 1
    assert findings[0].text == "https://shop.example.fr/boutique/produits/bougie"


def test_mojibake_is_found_with_its_repair():
    finding = next(f for f in audit("Les rÃ©seaux sociaux, j'adore.", lang="fr").findings if f.rule == "encoding.mojibake")
    assert finding.text == "rÃ©seaux"
    assert finding.replacement == "réseaux" and finding.suggestion == "«\u202frÃ©seaux\u202f» → «\u202fréseaux\u202f»"
    assert finding.dimension == "encoding"


def test_a_lone_c1_control_character_is_mojibake_too():
    """cp1252's typographic apostrophe read as Latin-1 is U+0092, alone between ASCII letters."""
    finding = next(f for f in audit("I can\x92t wait to see you all.", lang="en").findings if f.rule == "encoding.mojibake")
    assert finding.text == "can\x92t" and finding.replacement in ("can't", "can’t")
    assert any(f.rule == "encoding.mojibake" for f in audit("On se retrouve Ã  midi, voilÃ  tout.", lang="fr").findings)


def test_the_mojibake_gate_lets_through_every_text_ftfy_finds_bad():
    import random

    from ftfy.badness import is_bad

    from toneaudit.rules.encoding import _MAY_BE_MOJIBAKE

    rng = random.Random(8)
    alphabet = "ab \n'.,é«»ÃÂâ€™©\x85\x92\x9d│ΩжЁ²½œŒ°×√\xa0🔥❤\ufe0f\u200d\u20e3"
    bad = 0
    for _ in range(60000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8)))
        if is_bad(text):
            bad += 1
            assert _MAY_BE_MOJIBAKE.search(text), repr(text)
    assert bad > 1000


def test_every_character_ftfy_names_may_stand_in_the_gates_pair():
    """The gate's pair leaves out emojis and their joiners: ftfy's patterns must name none of them."""
    import re
    import re._constants as sre
    import re._parser

    from ftfy.badness import BADNESS_RE

    from toneaudit.rules.encoding import _PAIRED

    allowed = re.compile(f"[\\x00-\\x7f{_PAIRED}]")
    named = []

    def walk(items):
        for op, value in items:
            if op is sre.BRANCH:
                for branch in value[1]:
                    walk(branch)
            elif op is sre.SUBPATTERN:
                walk(value[-1])
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
                walk(value[2])
            elif op is sre.IN:
                walk(value)
            elif op is sre.LITERAL:
                named.append(value)
            elif op is sre.RANGE:
                named.extend(range(value[0], value[1] + 1))

    walk(re._parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags))
    assert len(named) > 1000
    assert all(allowed.match(chr(code)) for code in named)


def test_the_capitals_gate_lets_through_every_text_with_a_word_in_capitals():
    import random
    import re

    from toneaudit.rules.shouting import _LETTER_WORD, may_hold_capitals

    letters = re.compile(r"[^\W\d_]")
    # Every letter that leaves a word in capitals in capitals is its own upper case: the gate's premise.
    assert all(char.upper() == char for char in map(chr, range(0x110000))
               if letters.match(char) and (char + "A").isupper())
    rng = random.Random(3)
    alphabet = "aAzZéÉßǅǄİıϒΩωאב日ABCDE12²_-' .#@/"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        runs = frozenset(re.findall(r"\w+", text))
        if any(word.isupper() for word in _LETTER_WORD.findall(text)):
            assert may_hold_capitals(runs), text
    assert not may_hold_capitals(frozenset({"Bonjour", "2024", "A", "J", "ai"}))
    assert may_hold_capitals(frozenset({"Bonjour", "PROMO"}))
