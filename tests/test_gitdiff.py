"""`check --diff [REV]` and `check --staged`: only what changed in a git repository is judged."""
import json

import pytest

from toneaudit.gitdiff import GitError, _unquote, changes
from tests.conftest import REPO_POST, git
from tests.test_cli import run

PUSHY = "ACHETEZ MAINTENANT !!! Dernière chance, -50% avec le code PROMO50.\n"


def _findings(result):
    return [(entry["path"], finding["line"], finding["rule"])
            for entry in json.loads(result.output)["files"] for finding in entry["findings"]]


def test_only_added_lines_are_reported(repo):
    with open("post.md", "a", encoding="utf-8") as handle:
        handle.write(PUSHY)
    assert changes("HEAD") and changes("HEAD")[0].added_lines == frozenset({4})
    result = run(["check", "--diff", "--format", "json"])
    assert result.exit_code == 1
    found = _findings(result)
    assert found and {path for path, _, _ in found} == {"post.md"} and {line for _, line, _ in found} == {4}
    assert ("post.md", 4, "aggressive.call-to-action") in found
    # The archive's old shouting is not reported: it did not change.
    assert not any(path == "archive.md" for path, _, _ in found)


def test_nothing_added_nothing_reported(repo):
    result = run(["check", "--diff"])
    assert result.exit_code == 0 and result.output == ""


def test_diff_against_a_named_revision_and_restricted_to_paths(repo):
    first = git("rev-parse", "HEAD").strip()
    (repo / "new-post.md").write_text(PUSHY, encoding="utf-8")
    (repo / "other.txt").write_text("FOLIE DES PRIX !!! Commandez vite.\n", encoding="utf-8")
    git("add", ".")
    git("commit", "-qm", "two more")
    result = run(["check", f"--diff={first}", "--format", "json", "new-post.md"])
    assert {path for path, _, _ in _findings(result)} == {"new-post.md"}
    result = run(["check", f"--diff={first}", "--format", "json"])
    assert {path for path, _, _ in _findings(result)} == {"new-post.md", "other.txt"}  # not notes.py


def test_staged_checks_what_the_commit_records(repo):
    (repo / "post.md").write_text(REPO_POST + PUSHY, encoding="utf-8")
    git("add", "post.md")
    (repo / "post.md").write_text(REPO_POST, encoding="utf-8")  # unstaged: the shouting is still staged
    assert run(["check", "--staged"]).exit_code == 1
    assert run(["check", "--diff"]).exit_code == 0  # the working tree adds nothing
    git("reset", "-q", "post.md")
    assert run(["check", "--staged"]).exit_code == 0


def test_staged_in_a_repository_without_commits(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    git("init", "-q")
    (tmp_path / "promo.txt").write_text(PUSHY, encoding="utf-8")
    git("add", "promo.txt")
    result = run(["check", "--staged", "--diff"])
    assert result.exit_code == 1 and "promo.txt:1:1:" in result.output


def test_outside_a_repository_and_bad_revision_are_one_line_errors(tmp_path, monkeypatch, repo):
    result = run(["check", "--diff=no-such-revision"])
    assert result.exit_code == 2
    assert result.output == "toneaudit: unknown revision 'no-such-revision'\n"
    result = run(["check", "--diff", "post.md"])  # the path is read as the revision: say how to write it
    assert result.exit_code == 2 and "'post.md' is a file, not a revision" in result.output
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = run(["check", "--staged"])
    assert result.exit_code == 2 and result.output.startswith("toneaudit: git ")
    with pytest.raises(GitError):
        changes("HEAD")


def test_usage_errors():
    assert run(["check"]).exit_code == 2
    assert run(["check", "--jsonl", "--diff", "x.jsonl"]).exit_code == 2


def test_quoted_paths_are_unquoted():
    assert _unquote('"b/caf\\303\\251 \\"x\\".md"') == 'b/café "x".md'
    assert _unquote("b/plain.md") == "b/plain.md"
