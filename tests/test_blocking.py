"""What blocks: the exit status follows the verdicts by default (`--fail-on flagged`), a level when asked,
the dimensions named, and a minimum score."""
import json

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from toneaudit import audit
from toneaudit.blocking import Policy, Reason, parse_dimensions
from toneaudit.cli import cli
from toneaudit.engine import audit_many
from toneaudit.training.corpus import load_corpus

PRESS_FR = ("Notre société a le plaisir de vous annoncer le lancement de sa nouvelle offre de solutions innovantes "
            "à destination des collectivités territoriales, dans le cadre de sa stratégie de transformation.")
STORY_WITH_PRICE_FR = "J'ai enfin fixé le prix de mes ateliers : 45 €, et je vous explique pourquoi."
PRESS_EN = ("Acme Group is pleased to announce the appointment of its new Chief Operating Officer, who will leverage "
            "best-in-class synergies across the organisation.")
STORY_WITH_PRICE_EN = "I finally set the price of my workshops: $45, and here is why I chose it."


@pytest.mark.parametrize("press, story", [(PRESS_FR, STORY_WITH_PRICE_FR), (PRESS_EN, STORY_WITH_PRICE_EN)])
def test_flagged_blocks_a_press_release_with_warnings_only_and_passes_advice(press, story):
    release, advice = audit(press), audit(story)
    assert "institutional" in release.flagged and not any(f.severity == "error" for f in release.findings)
    assert Reason("dimension", "institutional") in Policy().reasons(release)
    # Findings at warning level but no flagged dimension: advice, not a block.
    assert advice.findings and not advice.flagged and not Policy().blocks(advice)
    assert Policy(fail_on="info").blocks(advice) and not Policy(fail_on="error").blocks(release)
    assert not Policy(fail_on="never", min_score=100).blocks(release)


def test_only_the_named_dimensions_block():
    release = audit(PRESS_FR)
    assert not Policy(dimensions=("aggressive", "commercial")).blocks(release)
    assert Policy(dimensions=("institutional",)).blocks(release)
    # With a level, only findings of the named dimensions count.
    assert not Policy(fail_on="warning", dimensions=("familiar",)).blocks(release)


def test_a_score_under_the_minimum_blocks():
    story = audit(STORY_WITH_PRICE_FR)
    assert story.score == 100 and not Policy(min_score=100).blocks(story)
    release = audit(PRESS_FR)
    assert Policy(min_score=release.score + 1).reasons(release)[-1] == Reason("score", f"{release.score:g}")
    assert not Policy(fail_on="never", min_score=99).blocks(release)


def test_dimension_names_are_checked():
    assert parse_dimensions("aggressive, commercial,aggressive") == ("aggressive", "commercial")
    with pytest.raises(ValueError, match="did you mean 'aggressive'"):
        parse_dimensions("agressive")
    with pytest.raises(ValueError):
        parse_dimensions(3)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_on_the_test_split_a_draft_blocks_if_and_only_if_a_dimension_is_flagged(lang):
    drafts = [e for e in load_corpus([ROOT / "corpora"]) if e.split == "test" and e.lang == lang]
    reports = audit_many([e.text for e in drafts], lang=lang)
    policy = Policy()
    mismatches = [e.id for e, report in zip(drafts, reports) if policy.blocks(report) != bool(report.flagged)]
    assert not mismatches
    assert sum(map(bool, (report.flagged for report in reports))) > len(drafts) // 4  # the check is not empty


def _check(tmp_path, monkeypatch, text, *options, config=None):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TONEAUDIT_NO_SERVER", "1")
    (tmp_path / "draft.txt").write_text(text, encoding="utf-8")
    if config is not None:
        (tmp_path / ".toneaudit.toml").write_text(config, encoding="utf-8")
    return CliRunner().invoke(cli, ["check", "draft.txt", *options], catch_exceptions=False)


def test_the_default_exit_status_follows_the_verdict(tmp_path, monkeypatch):
    assert _check(tmp_path, monkeypatch, PRESS_FR).exit_code == 1
    advice = _check(tmp_path, monkeypatch, STORY_WITH_PRICE_FR)
    assert advice.exit_code == 0 and "[conseil]" in advice.output and "ne bloque pas" in advice.output
    assert _check(tmp_path, monkeypatch, PRESS_FR, "--fail-on", "error").exit_code == 0
    assert _check(tmp_path, monkeypatch, STORY_WITH_PRICE_FR, "--fail-on", "info").exit_code == 1


def test_options_and_configuration_name_what_blocks(tmp_path, monkeypatch):
    assert _check(tmp_path, monkeypatch, PRESS_FR, "--fail-on-dimension", "aggressive,commercial").exit_code == 0
    assert _check(tmp_path, monkeypatch, PRESS_FR, config='fail-on-dimension = ["aggressive"]\n').exit_code == 0
    # The command line wins over the configuration.
    assert _check(tmp_path, monkeypatch, PRESS_FR, "--fail-on-dimension", "institutional",
                  config='fail-on-dimension = ["aggressive"]\n').exit_code == 1
    assert _check(tmp_path, monkeypatch, STORY_WITH_PRICE_FR, "--min-score", "100").exit_code == 0
    assert _check(tmp_path, monkeypatch, PRESS_FR, config="min-score = 90\nfail-on-dimension = \"familiar\"\n").exit_code == 1
    data = json.loads(_check(tmp_path, monkeypatch, PRESS_FR, "--format", "json").output)
    assert data["files"][0]["blocked"] is True


@pytest.mark.parametrize("options, config, expected", [
    (("--fail-on-dimension", "agressive"), None, "did you mean 'aggressive'"),
    (("--min-score", "120"), None, "--min-score"),
    ((), 'fail-on-dimension = ["commercial", "comercial"]\n', "did you mean 'commercial'"),
    ((), "min-score = true\n", "'min-score' must be a number"),
    ((), 'fail-on = "flaged"\n', "must be one of flagged"),
])
def test_a_wrong_name_or_value_is_one_line_and_exit_2(tmp_path, monkeypatch, options, config, expected):
    result = _check(tmp_path, monkeypatch, PRESS_FR, *options, config=config)
    assert result.exit_code == 2 and expected in result.output
    assert "Traceback" not in result.output
