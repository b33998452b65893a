"""Rule ids and dimensions named by a user are checked: a typo is an error (exit 2) on the command line
and in the configuration, and a finding in an inline comment, each with the nearest known name."""
import pytest
from click.testing import CliRunner

from toneaudit import audit
from toneaudit.cli import cli
from toneaudit.config import ConfigError, from_mapping
from toneaudit.rules import is_rule_name, known_rule_ids, load_rules, unknown_rule


def test_every_rule_every_dimension_and_every_printed_id_is_known():
    for lang in ("fr", "en"):
        assert all(is_rule_name(rule.id) for rule in load_rules(lang))
    for name in ("all", "aggressive", "encoding", "institutional.classifier", "commercial.custom",
                 "encoding.mojibake", "toneaudit.unknown-rule"):
        assert is_rule_name(name), name
    assert "aggressive.capitals" in known_rule_ids()


@pytest.mark.parametrize("typo, nearest", [
    ("agressive", "aggressive"), ("institutional.pasive", "institutional.passive"),
    ("aggresive.capitals", "aggressive.capitals"), ("commercial.offre", "commercial.offer"),
])
def test_a_typo_names_the_nearest_known_name(typo, nearest):
    assert unknown_rule(typo) == f"unknown rule or dimension {typo!r}; did you mean {nearest!r}?"


def test_a_dotted_prefix_is_not_a_typo_but_a_half_word_is():
    assert unknown_rule("institutional") is None and unknown_rule("aggressive.cap") is not None


@pytest.mark.parametrize("data, where", [
    ({"disable": ["institutional.pasive"]}, "'disable'"),
    ({"severity": {"aggresive.capitals": "info"}}, "'severity'"),
])
def test_the_configuration_refuses_unknown_names(data, where):
    with pytest.raises(ConfigError, match=f"{where}: unknown rule or dimension .*did you mean"):
        from_mapping(data)


def test_the_configuration_takes_dimensions_prefixes_and_derived_ids():
    config = from_mapping({"disable": ["familiar", "commercial.classifier"], "severity": {"aggressive": "error"}})
    assert config.is_disabled("familiar.slang") and config.is_disabled("commercial.classifier")


@pytest.mark.parametrize("option, typo, nearest", [("--select", "agressive", "aggressive"),
                                                   ("--ignore", "commercial.offre", "commercial.offer")])
def test_select_and_ignore_refuse_a_typo_with_exit_2(tmp_path, monkeypatch, option, typo, nearest):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.txt").write_text("ACHETEZ MAINTENANT !!! Dernière chance", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-server", "draft.txt", option, typo], catch_exceptions=False)
    assert result.exit_code == 2 and f"did you mean {nearest!r}" in result.output
    assert "score" not in result.output  # nothing was checked with the typo silently ignored


@pytest.mark.parametrize("lang, text, expected", [
    ("fr", "<!-- toneaudit: disable=aggresive.capitals -->\nACHETEZ MAINTENANT, dernière chance\n", "Vouliez-vous dire"),
    ("en", "<!-- toneaudit: disable=agressive -->\nBUY NOW, last chance\n", "Did you mean"),
])
def test_an_inline_comment_with_a_typo_is_a_finding_on_the_name(lang, text, expected):
    report = audit(text, lang=lang, markdown=True)
    unknown = [finding for finding in report.findings if finding.rule == "toneaudit.unknown-rule"]
    assert len(unknown) == 1 and expected in unknown[0].message
    assert text[unknown[0].start:unknown[0].end] == unknown[0].text and unknown[0].text.startswith("ag")
    # The comment silenced nothing: the rule it meant still reports.
    assert any(finding.rule.startswith("aggressive.") for finding in report.findings)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_correct_inline_comment_gives_no_name_finding(lang):
    text = "<!-- toneaudit: disable=aggressive.capitals, familiar -->\nJe vous parle de RGPD.\n"
    assert not [f for f in audit(text, lang=lang, markdown=True).findings if f.rule.startswith("toneaudit.")]


@pytest.mark.parametrize("rule_id", ["institutional.classifier", "familiar.custom", "encoding.mojibake",
                                     "toneaudit.unknown-rule", "aggressive.capitals"])
def test_rules_explain_knows_every_printed_id(rule_id):
    result = CliRunner().invoke(cli, ["rules", "explain", rule_id, "--messages", "en"])
    assert result.exit_code == 0 and result.output.startswith(rule_id) and len(result.output) > len(rule_id) + 40


def test_rules_explain_names_real_commands_and_the_nearest_id():
    result = CliRunner().invoke(cli, ["rules", "explain", "aggressive.capital", "--messages", "en"])
    assert result.exit_code == 2 and "did you mean 'aggressive.capitals'" in result.output
    french = CliRunner().invoke(cli, ["rules", "explain", "aggressive.capital"], env={"LANG": "C.UTF-8", "LC_ALL": None})
    assert french.exit_code == 2 and "vouliez-vous dire 'aggressive.capitals'" in french.output
    missing = CliRunner().invoke(cli, ["rules", "explain"], prog_name="toneaudit")
    assert missing.exit_code == 2 and "toneaudit rules explain --help" in missing.output


def test_rules_explain_follows_the_locale(monkeypatch):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    english = CliRunner().invoke(cli, ["rules", "explain", "aggressive.capitals"]).output
    monkeypatch.setenv("LANG", "C.UTF-8")
    french = CliRunner().invoke(cli, ["rules", "explain", "aggressive.capitals"]).output
    assert "Capitals" in english or "capitals" in english.split("\n")[1]
    assert "capitales" in french
