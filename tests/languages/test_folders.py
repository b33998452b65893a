"""A language is a folder: the supported languages are the folders of toneaudit/languages/, and a copy
of one under a new code is a language toneaudit audits with, without a code change."""
import json
import shutil

import pytest

from toneaudit import languages
from toneaudit.rules import load_rules

PUSHY = "Achetez maintenant !!! Dernière chance, -50 % avec le code PROMO50, ça se termine ce soir."


def test_the_supported_languages_are_the_folders():
    assert languages.codes() == ("fr", "en")
    for code in languages.codes():
        settings = languages.settings(code)
        assert {"name", "pipeline", "first_person", "function_words", "warm_up"} <= set(settings)
        assert load_rules(code) and languages.messages_text(code)
    assert languages.default("drafts") in languages.codes() and languages.default("messages") in languages.codes()


SCRIPT = r"""
import json, sys
from toneaudit import audit, languages
report = audit(sys.stdin.read(), lang="xx")
print(json.dumps({"codes": languages.codes(), "lang": report.lang, "flagged": report.flagged,
                  "rules": sorted({f.rule for f in report.findings}), "notes": report.notes}))
"""


@pytest.mark.slow
def test_a_copied_language_folder_is_a_language(package_copy):
    shutil.copytree(package_copy.root / "languages" / "fr", package_copy.root / "languages" / "xx")
    done = package_copy("-c", SCRIPT, input=PUSHY)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result["codes"] == ["fr", "en", "xx"] and result["lang"] == "xx"
    assert {"aggressive.call-to-action", "commercial.promo-code"} <= set(result["rules"])
    assert "aggressive" in result["flagged"]
    # No model was trained for it: the rules alone judge it, and the report says so.
    assert result["notes"] == ["le modèle n'a pas de classifieur pour la langue xx\u202f: jugé par les règles seules"]
    check = package_copy("-m", "toneaudit", "check", "-", "--lang", "xx", "--format", "json", input=PUSHY)
    assert check.returncode == 1, check.stderr
    assert json.loads(check.stdout)["files"][0]["lang"] == "xx"
    listed = package_copy("-m", "toneaudit", "rules", "list", "--lang", "xx")
    assert listed.returncode == 0 and "aggressive.call-to-action" in listed.stdout
