"""`toneaudit check FOLDER`: the text and Markdown files under it, in a fixed order, honouring .gitignore
(read as text: the git program is never run), never following links to folders."""
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from tests.test_server import _run as _run_with_or_without_server
from tests.test_server import server  # noqa: F401 (the fixture: a running `toneaudit serve`)
from toneaudit import walk
from toneaudit.cli import cli
from toneaudit.walk import IGNORE_FILE_LIMIT, NO_DRAFT, expand

GOOD = "J'ai passé la matinée à l'atelier avec Claire, et je vous montre bientôt nos nouvelles tasses.\n"
PUSHY = "ACHETEZ MAINTENANT !!! Dernière chance, -50% avec le code PROMO50 👉 https://shop.example.fr/promo\n"
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


def _tree(root, files):
    """Files under root: name -> text (a str), written in the order given."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _drafts(paths):
    """The names expand() gives to read, after checking it reported no problem."""
    entries = expand(paths)
    assert all(problem is None for _, problem in entries), entries
    return [name for name, _ in entries]


def run(args, input=None):
    return CliRunner().invoke(cli, args, input=input, catch_exceptions=False, prog_name="toneaudit")


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # relative names, as people type them; no configuration above but ours
    return tmp_path


def test_nested_folders_in_a_fixed_order_whatever_the_creation_order(here):
    # Written in reverse: the order must come from sorting, not from the file system.
    _tree(here, {"posts/z.md": GOOD, "posts/b/d/e.txt": GOOD, "posts/b/c.md": GOOD, "posts/b.md": GOOD,
                 "posts/a.markdown": GOOD, "posts/A.TXT": GOOD, "posts/notes.py": GOOD, "posts/image.png": GOOD})
    expected = ["posts/A.TXT", "posts/a.markdown", "posts/b/c.md", "posts/b/d/e.txt", "posts/b.md", "posts/z.md"]
    assert _drafts(["posts"]) == expected
    assert _drafts(["posts"]) == expected  # the same on every run
    # Joined to the argument as given.
    assert _drafts(["posts/"]) == expected
    assert _drafts(["./posts"])[0] == "./posts/A.TXT"


def test_every_text_suffix_counts_and_only_those(here):
    names = [f"posts/draft{suffix}" for suffix in walk.TEXT_SUFFIXES]
    _tree(here, {name: GOOD for name in names} | {"posts/draft.rst": GOOD, "posts/draft.html": GOOD, "posts/md": GOOD})
    assert sorted(_drafts(["posts"])) == sorted(names)


def test_files_and_stdin_named_are_passed_on_unchanged_in_order(here):
    _tree(here, {"posts/a.md": GOOD, "one.py": GOOD})
    assert expand(["one.py", "-", "posts", "missing.md"]) == [
        ("one.py", None), ("-", None), ("posts/a.md", None), ("missing.md", None)]


def test_gitignore_at_the_root_and_in_a_subfolder_with_negation(here):
    _tree(here, {
        "posts/.gitignore": "# drafts in progress\nbuild/\nnotes.md/\n*.tmp.md\n**/private/**\n/top-only.md\n",
        "posts/a.md": GOOD, "posts/x.tmp.md": GOOD, "posts/top-only.md": GOOD,
        "posts/build/out.md": GOOD, "posts/sub/notes.md": GOOD,  # `notes.md/` is for folders only
        "posts/sub/top-only.md": GOOD,  # `/top-only.md` is anchored to the folder of its .gitignore
        "posts/sub/deep/private/secret.md": GOOD,
        "posts/sub/.gitignore": "*.txt\n!keep.txt\n",
        "posts/sub/notes.txt": GOOD, "posts/sub/keep.txt": GOOD, "posts/sub/deeper/other.txt": GOOD,
        "posts/sub/deeper/kept.md": GOOD,
        "posts/other/notes.txt": GOOD,  # the subfolder's *.txt does not reach its sibling
    })
    assert _drafts(["posts"]) == ["posts/a.md", "posts/other/notes.txt", "posts/sub/deeper/kept.md",
                                  "posts/sub/keep.txt", "posts/sub/notes.md", "posts/sub/top-only.md"]


def test_a_deeper_gitignore_overrides_a_shallower_one_but_cannot_reopen_an_ignored_folder(here):
    _tree(here, {"posts/.gitignore": "*.md\nold/\n", "posts/sub/.gitignore": "!*.md\n",
                 "posts/a.md": GOOD, "posts/sub/b.md": GOOD,
                 "posts/old/.gitignore": "!*.md\n", "posts/old/c.md": GOOD})
    assert _drafts(["posts"]) == ["posts/sub/b.md"]


def test_hidden_files_and_folders_are_left_out_but_a_hidden_folder_named_is_walked(here):
    _tree(here, {"posts/a.md": GOOD, "posts/.hidden.md": GOOD, "posts/.drafts/b.md": GOOD,
                 "posts/.git/info/c.md": GOOD, "posts/sub/.git/d.md": GOOD, "posts/sub/e.md": GOOD})
    assert _drafts(["posts"]) == ["posts/a.md", "posts/sub/e.md"]
    assert _drafts(["posts/.drafts"]) == ["posts/.drafts/b.md"]


def test_node_modules_is_walked_unless_a_gitignore_says_so(here):
    _tree(here, {"posts/node_modules/pkg/README.md": GOOD})
    assert _drafts(["posts"]) == ["posts/node_modules/pkg/README.md"]
    _tree(here, {"posts/.gitignore": "node_modules/\n"})
    assert expand(["posts"]) == [("posts", NO_DRAFT)]


def test_links_to_folders_are_never_followed_even_in_a_loop(here):
    _tree(here, {"posts/a.md": GOOD, "elsewhere/outside.md": GOOD})
    os.symlink("..", here / "posts" / "up.md")      # a loop, with a draft's suffix
    os.symlink(here / "posts", here / "posts" / "again")
    os.symlink("/", here / "posts" / "root")
    os.symlink(here / "elsewhere", here / "posts" / "linked")
    assert _drafts(["posts"]) == ["posts/a.md"]


def test_a_link_to_a_file_counts_only_for_a_regular_file_inside_the_folder(here):
    _tree(here, {"posts/a.md": GOOD, "elsewhere/secret.md": GOOD})
    os.symlink("a.md", here / "posts" / "b.md")
    os.symlink(here / "elsewhere" / "secret.md", here / "posts" / "c.md")  # leads out of the folder named
    os.mkfifo(here / "posts" / "pipe")
    os.symlink("pipe", here / "posts" / "d.md")
    os.mkfifo(here / "posts" / "fifo.md")  # not a regular file
    os.symlink("missing.md", here / "posts" / "e.md")
    assert _drafts(["posts"]) == ["posts/a.md", "posts/b.md"]


def test_a_folder_named_through_a_link_is_walked(here):
    _tree(here, {"real/a.md": GOOD})
    os.symlink("real", here / "posts")
    assert _drafts(["posts"]) == ["posts/a.md"]


def test_a_very_deep_tree_needs_no_recursion(here):
    depth = sys.getrecursionlimit() + 200
    relative = "posts"
    os.mkdir(relative)
    for _ in range(depth):  # pathlib's and os.makedirs' own recursion would not go this deep
        relative += "/d"
        os.mkdir(relative)
    (here / relative / "deep.md").write_text(GOOD, encoding="utf-8")
    try:
        assert _drafts(["posts"]) == [relative + "/deep.md"]
    finally:  # pytest's clean-up of tmp_path recurses: take the tree down from the bottom first
        os.remove(relative + "/deep.md")
        while relative:
            os.rmdir(relative)
            relative = os.path.dirname(relative)


def test_a_folder_that_cannot_be_listed_is_one_error_and_the_walk_goes_on(here, monkeypatch):
    _tree(here, {"posts/a/one.md": GOOD, "posts/b/two.md": GOOD, "posts/c/three.md": GOOD})
    real = os.scandir

    def scandir(path):
        if os.path.basename(os.fspath(path)) == "b":
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(walk.os, "scandir", scandir)
    assert expand(["posts"]) == [
        ("posts/a/one.md", None),
        ("posts/b", "cannot list this folder (permission denied); the drafts in it are not checked"),
        ("posts/c/three.md", None)]


@pytest.mark.skipif(ROOT_USER, reason="root lists every folder: the test above simulates the refusal instead")
def test_a_folder_without_read_permission_is_one_error(here):
    _tree(here, {"posts/a/one.md": GOOD, "posts/b/two.md": GOOD})
    (here / "posts/b").chmod(0)
    try:
        assert expand(["posts"]) == [
            ("posts/a/one.md", None),
            ("posts/b", "cannot list this folder (permission denied); the drafts in it are not checked")]
    finally:
        (here / "posts/b").chmod(0o755)


def test_a_gitignore_that_is_a_fifo_or_a_folder_is_skipped_without_blocking(here):
    _tree(here, {"posts/a.md": GOOD, "posts/sub/b.md": GOOD, "posts/other/c.md": GOOD})
    os.mkfifo(here / "posts" / ".gitignore")  # no writer: a blocking open would wait for ever
    (here / "posts/sub/.gitignore").mkdir()
    os.symlink("/dev/zero", here / "posts" / "other" / ".gitignore")
    code = "import json, sys; from toneaudit.walk import expand; print(json.dumps(expand(['posts'])))"
    done = subprocess.run([sys.executable, "-c", code], cwd=here, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [["posts/a.md", None], ["posts/other/c.md", None], ["posts/sub/b.md", None]]


def test_a_gitignore_too_large_or_not_utf8_is_one_error_and_is_not_applied(here):
    _tree(here, {"big/a.md": GOOD, "latin/b.md": GOOD, "fine/c.md": GOOD, "fine/.gitignore": "c.md\n"})
    (here / "big/.gitignore").write_bytes(b"a.md\n" + b"#" * IGNORE_FILE_LIMIT + b"\n")
    (here / "latin/.gitignore").write_bytes("b.md\n# café\n".encode("latin-1"))
    big, latin, fine = expand(["big"]), expand(["latin"]), expand(["fine"])
    assert big[0][0] == "big/.gitignore" and "larger than 1048576 bytes" in big[0][1]
    assert big[1:] == [("big/a.md", None)]
    assert latin[0][0] == "latin/.gitignore" and "not UTF-8" in latin[0][1]
    assert latin[1:] == [("latin/b.md", None)]
    assert fine == [("fine", NO_DRAFT)]


def test_invalid_patterns_are_skipped_as_git_skips_them(here):
    _tree(here, {"posts/.gitignore": "[z-a]\n\\\nb.md\n", "posts/a.md": GOOD, "posts/b.md": GOOD})
    assert _drafts(["posts"]) == ["posts/a.md"]


def test_git_info_exclude_of_a_repository_met_on_the_way(here):
    # A repository is recognised by its .git folder; git itself is never run.
    _tree(here, {"site/repo/.git/info/exclude": "*.wip.md\n", "site/repo/a.md": GOOD, "site/repo/b.wip.md": GOOD,
                 "site/repo/.gitignore": "!keep.wip.md\n", "site/repo/keep.wip.md": GOOD,
                 "site/c.wip.md": GOOD})
    assert _drafts(["site"]) == ["site/c.wip.md", "site/repo/a.md", "site/repo/keep.wip.md"]


def test_ignore_files_above_the_folder_count_inside_a_repository(here):
    _tree(here, {"repo/.git/info/exclude": "*.wip.md\n", "repo/.gitignore": "posts/private/\n",
                 "repo/posts/a.md": GOOD, "repo/posts/b.wip.md": GOOD, "repo/posts/private/c.md": GOOD,
                 "repo/content/.gitignore": "*.txt\n", "repo/content/posts/d.txt": GOOD,
                 "repo/content/posts/e.md": GOOD})
    assert _drafts(["repo/posts"]) == ["repo/posts/a.md"]
    assert _drafts(["repo/content/posts"]) == ["repo/content/posts/e.md"]
    os.chdir(here / "repo" / "posts")
    assert _drafts(["."]) == ["./a.md"]
    # Named, an ignored folder is walked (as a file named is read).
    assert _drafts(["private"]) == ["private/c.md"]


def test_ignore_files_above_the_folder_do_not_count_outside_a_repository(here):
    _tree(here, {".gitignore": "posts/\n*.md\n", "posts/a.md": GOOD})
    assert _drafts(["posts"]) == ["posts/a.md"]


# Through the command line.

def test_check_folder_reports_exactly_as_check_of_its_files(here):
    _tree(here, {"posts/a.md": PUSHY, "posts/sub/b.txt": GOOD, "posts/sub/c.md": PUSHY, "posts/ignored.md": PUSHY,
                 "posts/.gitignore": "ignored.md\n", "posts/script.py": PUSHY})
    files = ["posts/a.md", "posts/sub/b.txt", "posts/sub/c.md"]
    for options in ([], ["--format", "json"], ["--no-color", "--messages", "en"]):
        walked, named = run(["check", "posts", *options]), run(["check", *files, *options])
        assert (walked.exit_code, walked.stdout, walked.stderr) == (named.exit_code, named.stdout, named.stderr)
    assert walked.exit_code == 1
    assert [entry["path"] for entry in json.loads(run(["check", "posts", "--format", "json"]).stdout)["files"]] == files


def test_a_file_named_is_read_even_when_ignored_or_with_another_suffix(here):
    _tree(here, {"posts/.gitignore": "*.md\n", "posts/ignored.md": PUSHY, "posts/post.rst": PUSHY})
    result = run(["check", "posts/ignored.md", "posts/post.rst", "--format", "json"])
    assert result.exit_code == 1, result.output
    assert [entry["path"] for entry in json.loads(result.stdout)["files"]] == ["posts/ignored.md", "posts/post.rst"]


def test_a_folder_without_drafts_is_one_error_and_the_others_are_still_checked(here):
    _tree(here, {"posts/a.md": PUSHY, "code/main.py": PUSHY, "good.txt": GOOD})
    (here / "empty").mkdir()
    result = run(["check", "empty", "posts", "code", "good.txt", "--format", "json"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert [entry["path"] for entry in data["files"]] == ["posts/a.md", "good.txt"]
    assert [error["path"] for error in data["errors"]] == ["empty", "code"]
    lines = result.stderr.splitlines()
    assert lines == [f"toneaudit: empty: {NO_DRAFT}", f"toneaudit: code: {NO_DRAFT}"]
    assert ".md" in NO_DRAFT and ".txt" in NO_DRAFT and "folder" in NO_DRAFT


def test_with_jsonl_a_folder_is_still_an_error(here):
    _tree(here, {"posts/a.md": PUSHY})
    result = run(["check", "--jsonl", "posts"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "toneaudit: posts: is a directory, not a file"


@pytest.mark.slow
def test_the_server_walks_a_folder_exactly_as_in_process(server, here):  # noqa: F811
    _tree(here, {"posts/a.md": PUSHY, "posts/sub/b.txt": GOOD, "posts/.gitignore": "skip/\n", "posts/skip/c.md": PUSHY})
    (here / "empty").mkdir()
    for args in (["check", "posts"], ["check", "posts", "empty", "--format", "json"]):
        through = _run_with_or_without_server(args, here, socket_path=server)
        alone = _run_with_or_without_server(args, here, no_server=True)
        assert (through.returncode, through.stdout, through.stderr) == (alone.returncode, alone.stdout, alone.stderr)
        assert "posts/a.md" in through.stdout and "posts/skip" not in through.stdout
