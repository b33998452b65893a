"""`check --fix`: safe literal replacements, applied once and for all, never in front matter, code or
quotes, and never trading one finding for another."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from toneaudit import audit
from toneaudit.cli import cli
from toneaudit.fix import _already_said, fix
from toneaudit.training.corpus import load_corpus, split_of

POST = ("---\ntitle: KIFFEZ NOTRE MENU\n---\n# Menu\n\nVous allez kiffer ce menu !!! On a bossé DUR POUR VOUS.\n\n"
        "```\nkiffer !!!\n```\n\nIl a dit « on kiffe grave !!! ».\n")
FIXED_LINE = "Vous allez adorer ce menu ! On a travaillé dur pour vous."


def run(args, input=None):
    return CliRunner().invoke(cli, args, input=input, catch_exceptions=False, prog_name="toneaudit")


@pytest.fixture
def post(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TONEAUDIT_NO_SERVER", "1")
    path = tmp_path / "post.md"
    path.write_text(POST, encoding="utf-8")
    return path


def test_fix_writes_the_safe_replacements_and_says_what_changed(post):
    result = run(["check", "--fix", "post.md"])
    text = post.read_text(encoding="utf-8")
    assert FIXED_LINE in text
    assert text.startswith("---\ntitle: KIFFEZ NOTRE MENU\n---\n")  # front matter untouched
    assert "```\nkiffer !!!\n```" in text  # code untouched
    assert "« on kiffe grave !!! »" in text  # quoted words untouched
    assert "post.md:6:12: corrigé familiar.slang «\u202fkiffer\u202f» → «\u202fadorer\u202f»" in result.output
    assert result.exit_code == 1  # the fixed post still speaks as nobody: the verdict of what is left


def test_fix_is_idempotent(post):
    run(["check", "--fix", "post.md"])
    once = post.read_bytes()
    again = run(["check", "--fix", "post.md"])
    assert post.read_bytes() == once
    assert "corrigé" not in again.output


def test_fix_diff_prints_the_patch_and_writes_nothing(post):
    result = run(["check", "--fix", "--diff", "post.md"])
    assert post.read_text(encoding="utf-8") == POST
    assert result.output.startswith("--- a/post.md\n+++ b/post.md\n")
    assert "-Vous allez kiffer ce menu !!! On a bossé DUR POUR VOUS.\n+" + FIXED_LINE + "\n" in result.output
    assert "score" not in result.output  # the patch alone, for `git apply`


def test_fix_refuses_standard_input_without_an_output_file(post, tmp_path):
    refused = run(["check", "--fix", "-"], input="Vous allez kiffer !!!\n")
    assert refused.exit_code == 2 and "-o FILE" in refused.output
    done = run(["check", "--fix", "-", "-o", "out.txt"], input="Je pense que vous allez kiffer !!!\n")
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "Je pense que vous allez adorer !\n"
    assert done.exit_code in (0, 1)


def test_fix_keeps_the_permissions_and_refuses_a_file_that_is_not_utf8(post, tmp_path):
    post.chmod(0o640)
    run(["check", "--fix", "post.md"])
    assert post.stat().st_mode & 0o777 == 0o640
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Vous allez kiffer ce caf\xe9 !!!\n".encode("latin-1"))
    result = run(["check", "--fix", "latin.txt"])
    assert latin.read_bytes() == "Vous allez kiffer ce caf\xe9 !!!\n".encode("latin-1")
    assert result.exit_code == 2 and "not fixed" in result.output


def test_options_that_belong_to_fix(post):
    assert run(["check", "-o", "x.txt", "post.md"]).exit_code == 2
    assert run(["check", "--fix", "--staged"]).exit_code == 2


def test_one_output_file_is_refused_for_a_folder_of_drafts(post, tmp_path):
    # A folder is one PATH but many drafts: their fixed texts cannot all be one file.
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "a.md").write_text("Vous allez kiffer !!!\n", encoding="utf-8")
    refused = run(["check", "--fix", "-o", "out.md", "posts"])
    assert refused.exit_code == 2 and "exactly one PATH" in refused.output
    assert not (tmp_path / "out.md").exists()
    assert (tmp_path / "posts" / "a.md").read_text(encoding="utf-8") == "Vous allez kiffer !!!\n"


def _fixable_test_drafts():
    return [example for example in load_corpus([Path("corpora")]) if split_of(example.text) == "test"
            and any(finding.replacement for finding in audit(example.text, lang=example.lang).findings)]


@pytest.mark.slow
def test_on_the_test_split_fixes_are_idempotent_and_say_nothing_new():
    """Every test-split draft with a replacement: the fixed text's findings are the original's (the same
    rule, or the same words in the same dimension, or the verdict the original already gave), no
    dimension is newly flagged, and a second fix changes nothing."""
    drafts = _fixable_test_drafts()
    assert len(drafts) >= 50
    fixed_some = 0
    for example in drafts:
        judge = lambda text, lang=example.lang: audit(text, lang=lang)  # noqa: E731
        original = judge(example.text)
        fixed = fix(example.text, original, judge)
        fixed_some += bool(fixed.applied)
        report = judge(fixed.text)
        assert all(_already_said(finding, original) for finding in report.findings), example.text
        assert not any(report.dimensions[name].flagged and not original.dimensions[name].flagged
                       for name in report.dimensions), example.text
        assert not fix(fixed.text, report, judge).applied, example.text
    assert fixed_some >= 0.8 * len(drafts)


def test_fix_never_goes_to_a_server(monkeypatch):
    """The files are written by the user's own process, never by a warm server."""
    from toneaudit.client import wants_server

    monkeypatch.delenv("TONEAUDIT_NO_SERVER", raising=False)
    assert wants_server(["post.md"])
    assert not wants_server(["--fix", "post.md"])
