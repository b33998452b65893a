"""`check --diff [REV]` and `check --staged`: only what changed in a git repository is judged."""
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO_POST, git
from tests.test_cli import run
from toneaudit.gitdiff import Change, GitError, _unquote, changes

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
    assert _unquote(b'"b/caf\\303\\251 \\"x\\"\\t.md"') == 'b/café "x"\t.md'.encode()
    assert _unquote(b"b/plain.md") == b"b/plain.md" and _unquote(b'"') == b'"'


# Names git quotes, or follows with a TAB on its `+++` lines, or prints as raw bytes: each one must be
# judged under its own name, whatever core.quotePath says.
ODD_NAMES = ["mon post.md", " leading space.md", "dossier /post.md", "tab\there.md", "new\nline.md", 'say "hi".md',
             "back\\slash.md", "café.md", os.fsdecode(b"caf\xe9 latin-1.md")]


def _is_utf8(name):
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.slow
@pytest.mark.parametrize("quote_path", ["true", "false"])
@pytest.mark.parametrize("name", ODD_NAMES, ids=repr)
def test_odd_names_are_checked_under_their_own_name(repo, name, quote_path):
    git("config", "core.quotePath", quote_path)
    (repo / name).parent.mkdir(exist_ok=True)
    (repo / name).write_text(PUSHY, encoding="utf-8")
    git("add", "--", name)
    assert changes("HEAD", staged=True) == [Change(name, frozenset({1}))]
    assert changes("HEAD") == [Change(name, frozenset({1}))]
    for options in (["--staged"], ["--diff"], ["--staged", "--diff"], ["--staged", "--", name]):
        if _is_utf8(name):
            result = run(["check", "--no-color", *options])
            status, output = result.exit_code, result.output
        else:  # printing a name that is not UTF-8 is the real command's own business: run it
            done = subprocess.run([sys.executable, "-m", "toneaudit", "check", "--no-color", *options],
                                  capture_output=True, env={**os.environ, "TONEAUDIT_NO_SERVER": "1"}, timeout=300)
            status, output = done.returncode, os.fsdecode(done.stdout + done.stderr)
        assert status == 1, (options, output)
        assert "error aggressive.call-to-action" in output and "Traceback" not in output


def test_a_name_with_a_space_in_a_repository_without_commits(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    git("init", "-q")
    (tmp_path / "mon post.md").write_text(PUSHY, encoding="utf-8")
    git("add", "mon post.md")
    assert run(["check", "--staged"]).exit_code == 1
    assert run(["check", "--staged", "--diff"]).exit_code == 1


def test_paths_stay_relative_to_the_working_directory(repo):
    (repo / "mes brouillons").mkdir()
    (repo / "mes brouillons" / "mon post.md").write_text(PUSHY, encoding="utf-8")
    (repo / "en haut.md").write_text(PUSHY, encoding="utf-8")
    git("add", ".")
    os.chdir(repo / "mes brouillons")  # the repo fixture's monkeypatch.chdir puts it back
    assert changes("HEAD", staged=True) == [Change("mon post.md", frozenset({1}))]
    assert {path for path, _, _ in _findings(run(["check", "--staged", "--format", "json"]))} == {"mon post.md"}


def test_paths_on_the_command_line_are_names_not_patterns(repo):
    (repo / "x.md").write_text(PUSHY, encoding="utf-8")
    (repo / "[x].md").write_text("Je vous montre la vitrine refaite ce matin.\n", encoding="utf-8")
    git("add", ".")
    assert [change.path for change in changes("HEAD", staged=True, paths=("[x].md",))] == ["[x].md"]
    assert run(["check", "--staged", "[x].md"]).exit_code == 0
    assert run(["check", "--staged", "x.md"]).exit_code == 1


# Added lines that begin like the headers of a diff (`++ b/x` is printed `+++ b/x`), and removed ones
# (`-- a/x` is printed `--- a/x`): content, to be counted by the hunk, never a new file.
BEFORE = "Bonjour.\n-- a\n--- a/x\nMerci.\n"
AFTER = "++ b/ghost.txt\nBonjour.\n+++ b/ghost.md\n++ \nMerci.\n-- \n--- a/notes.md\n" + PUSHY


def test_added_lines_like_headers_name_no_file(repo):
    (repo / "thread.md").write_text(BEFORE, encoding="utf-8")
    git("add", "thread.md")
    git("commit", "-qm", "a thread")
    (repo / "thread.md").write_text(AFTER, encoding="utf-8")
    git("add", "thread.md")
    expected = [Change("thread.md", frozenset({1, 3, 4, 6, 7, 8}))]
    assert changes("HEAD", staged=True) == expected and changes("HEAD") == expected
    for options in (["--staged", "--diff"], ["--staged"], ["--diff"]):
        result = run(["check", "--format", "json", *options])
        assert result.exit_code == 1, (options, result.output)
        found = _findings(result)
        assert {path for path, _, _ in found} == {"thread.md"} and ("thread.md", 8, "aggressive.call-to-action") in found


def test_later_hunks_are_read_after_lines_like_headers(repo):
    (repo / "post.md").write_text("++ \n-- \n" + REPO_POST + "\n" + PUSHY, encoding="utf-8")
    assert changes("HEAD") == [Change("post.md", frozenset({1, 2, 6, 7}))]
    found = _findings(run(["check", "--diff", "--format", "json"]))
    assert found and {(path, line) for path, line, _ in found} == {("post.md", 7)}


def test_context_lines_are_not_added_lines(repo, monkeypatch):
    monkeypatch.setenv("GIT_DIFF_OPTS", "--unified=3")  # git's own override of --unified=0
    with open("post.md", "a", encoding="utf-8") as handle:
        handle.write(PUSHY)
    assert changes("HEAD") == [Change("post.md", frozenset({4}))]


@pytest.mark.parametrize("submodule_format", ["short", "log"])  # diff.submodule=log prints no patch section
def test_a_staged_submodule_is_not_a_draft(repo, tmp_path, submodule_format):
    git("config", "diff.submodule", submodule_format)
    other = tmp_path / "other"
    other.mkdir()
    git("init", "-q", cwd=other)
    (other / "README.md").write_text(PUSHY, encoding="utf-8")
    git("add", ".", cwd=other)
    git("commit", "-qm", "other", cwd=other)
    git("-c", "protocol.file.allow=always", "submodule", "add", "-q", str(other), "x.md")
    (repo / "promo.md").write_text(PUSHY, encoding="utf-8")
    git("add", "promo.md")
    assert changes("HEAD", staged=True) == [Change("promo.md", frozenset({1}))]
    assert changes("HEAD") == [Change("promo.md", frozenset({1}))]
    for options in (["--staged"], ["--diff"], ["--staged", "--diff"]):
        result = run(["check", "--format", "json", *options])
        assert result.exit_code == 1, (options, result.output)
        assert {path for path, _, _ in _findings(result)} == {"promo.md"}


def test_a_gitlink_in_the_index_alone(repo):
    commit = git("rev-parse", "HEAD").strip()
    git("update-index", "--add", "--cacheinfo", f"160000,{commit},y.md")
    assert changes("HEAD", staged=True) == []
    result = run(["check", "--staged"])
    assert result.exit_code == 0, result.output


def test_deletions_are_not_judged(repo):
    (repo / "vieux post.md").write_text(PUSHY, encoding="utf-8")
    git("add", ".")
    git("commit", "-qm", "an old post")
    git("rm", "-q", "vieux post.md", "archive.md")
    (repo / "post.md").write_text("Bonjour à toutes et à tous.\n", encoding="utf-8")  # only deletes lines
    git("add", "post.md")
    assert changes("HEAD", staged=True) == [] and changes("HEAD") == []
    assert run(["check", "--staged"]).exit_code == 0
    assert run(["check", "--diff"]).exit_code == 0


def test_renames_are_judged_under_the_new_name(repo):
    git("mv", "post.md", "nouveau post.md")
    with open("nouveau post.md", "a", encoding="utf-8") as handle:
        handle.write(PUSHY)
    git("mv", "archive.md", "archives 2020.md")  # renamed, unchanged: nothing added
    git("add", ".")
    expected = [Change("nouveau post.md", frozenset({4}))]
    assert changes("HEAD", staged=True) == expected and changes("HEAD") == expected
    result = run(["check", "--staged", "--diff", "--format", "json"])
    assert result.exit_code == 1
    assert {(path, line) for path, line, _ in _findings(result)} == {("nouveau post.md", 4)}


def test_a_file_that_stops_being_a_symbolic_link_is_judged(repo):
    os.symlink("post.md", repo / "lien.md")
    git("add", "lien.md")
    git("commit", "-qm", "a link")
    os.remove(repo / "lien.md")
    (repo / "lien.md").write_text(PUSHY, encoding="utf-8")
    git("add", "lien.md")
    assert changes("HEAD", staged=True) == [Change("lien.md", frozenset({1}))]
    assert run(["check", "--staged"]).exit_code == 1


def test_symbolic_links_are_not_drafts(repo, tmp_path):
    secret = tmp_path.parent / f"{tmp_path.name}-secret.txt"
    secret.write_text(PUSHY, encoding="utf-8")  # outside the repository: never read, never printed
    os.symlink(secret, repo / "leak.md")
    git("add", "leak.md")
    assert changes("HEAD", staged=True) == [] and changes("HEAD") == []
    assert run(["check", "--diff"]).exit_code == 0


@pytest.mark.parametrize("attributes", ["*.md -diff\n", "*.md binary\n"])
def test_attributes_cannot_hide_a_draft(repo, attributes):
    (repo / ".gitattributes").write_text(attributes, encoding="utf-8")
    (repo / "promo.md").write_text(PUSHY, encoding="utf-8")
    git("add", ".")
    assert changes("HEAD", staged=True) == [Change("promo.md", frozenset({1}))]
    assert run(["check", "--staged", "--diff"]).exit_code == 1
