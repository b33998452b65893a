"""`toneaudit hook install`: a plain git pre-commit hook, and commits made through it."""
import os
import subprocess
import sys

import pytest

from tests.conftest import git
from tests.test_gitdiff import PUSHY

pytestmark = pytest.mark.slow  # end-to-end: real git commits through the installed hook

GOOD = "J'ai refait la vitrine ce matin avec Léa, et je suis fière du résultat.\n"


def toneaudit(*arguments):
    env = {**os.environ, "TONEAUDIT_NO_SERVER": "1", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "toneaudit", *arguments], capture_output=True, text=True, env=env,
                          timeout=300)


def commit(message):
    env = {**os.environ, "TONEAUDIT_NO_SERVER": "1", "NO_COLOR": "1"}
    return subprocess.run(["git", "commit", "-qm", message], capture_output=True, text=True, env=env, timeout=300)


def test_commits_go_through_the_installed_hook(repo):
    installed = toneaudit("hook", "install")
    assert installed.returncode == 0, installed.stderr
    hook = repo / ".git" / "hooks" / "pre-commit"
    assert hook.exists() and os.access(hook, os.X_OK)
    assert installed.stdout.strip() == f"installed {hook}"

    (repo / "promo.md").write_text(PUSHY, encoding="utf-8")
    git("add", "promo.md")
    blocked = commit("a pushy post")
    assert blocked.returncode == 1
    assert "promo.md:1:1: error aggressive.call-to-action" in blocked.stdout + blocked.stderr
    assert "promo.md" not in git("log", "--name-only", "--format=")  # nothing was committed

    (repo / "promo.md").write_text(GOOD, encoding="utf-8")
    git("add", "promo.md")
    passed = commit("a good post")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "promo.md" in git("log", "-1", "--name-only", "--format=")


def test_fail_on_and_diff_reach_the_hook(repo):
    assert toneaudit("hook", "install", "--fail-on", "never", "--diff").returncode == 0
    assert "check --staged --fail-on never --diff" in (repo / ".git" / "hooks" / "pre-commit").read_text()
    (repo / "promo.md").write_text(PUSHY, encoding="utf-8")
    git("add", "promo.md")
    assert commit("allowed by --fail-on never").returncode == 0


def test_an_existing_hook_is_never_overwritten_or_removed_without_force(repo):
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text("#!/bin/sh\necho mine\n")
    refused = toneaudit("hook", "install")
    assert refused.returncode == 2 and "already exists" in refused.stderr and refused.stderr.count("\n") == 1
    assert hook.read_text() == "#!/bin/sh\necho mine\n"
    assert toneaudit("hook", "uninstall").returncode == 2 and hook.exists()
    assert toneaudit("hook", "install", "--force").returncode == 0
    assert toneaudit("hook", "uninstall").returncode == 0 and not hook.exists()
    assert toneaudit("hook", "uninstall").stdout.strip() == "no pre-commit hook to remove"


def test_outside_a_repository(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    done = toneaudit("hook", "install")
    assert done.returncode == 2 and done.stderr == "toneaudit: not inside a git repository\n"


def test_a_commit_of_a_name_with_a_space_goes_through_the_hook(repo):
    assert toneaudit("hook", "install").returncode == 0
    (repo / "mon post.md").write_text(PUSHY, encoding="utf-8")
    git("add", "mon post.md")
    blocked = commit("a pushy post with a space in its name")
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "mon post.md:1:1: error aggressive.call-to-action" in blocked.stdout + blocked.stderr
    assert "mon post.md" not in git("log", "--name-only", "--format=")


@pytest.mark.parametrize("modules", [("json.py", "click.py", "re.py", "sitecustomize.py"),
                                     ("toneaudit/__init__.py", "toneaudit/__main__.py")], ids=["modules", "package"])
def test_the_hook_never_imports_the_repositorys_own_modules(repo, modules):
    """`python -m` puts the working directory (the repository, in a hook) first on sys.path: a json.py,
    click.py or toneaudit/ in a repository would be imported in place of ours. The hook's Python is
    isolated (-I), so none of them runs, and the commit is still checked."""
    assert toneaudit("hook", "install").returncode == 0  # before the modules: this runs python -m here
    marker = repo.parent / f"{repo.name}-code-ran"
    payload = f"open({str(marker)!r}, 'a').write(__name__ + '\\n')\n"
    (repo / "toneaudit").mkdir()
    for name in modules:
        (repo / name).write_text(payload, encoding="utf-8")
    git("add", ".")
    git("commit", "-qm", "modules of the repository's own", "--no-verify")

    (repo / "promo.md").write_text(PUSHY, encoding="utf-8")
    git("add", "promo.md")
    blocked = commit("a pushy post")
    assert not marker.exists(), marker.read_text()
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "promo.md:1:1: error aggressive.call-to-action" in blocked.stdout + blocked.stderr


def test_a_python_that_cannot_import_toneaudit_isolated_gets_no_hook(repo, monkeypatch):
    """A hook that could not start would block every commit with a Python traceback: refuse at install
    time instead (here, the interpreter the virtual environment was made from, which lacks toneaudit)."""
    from toneaudit.githook import HookError, install

    base = sys._base_executable
    if subprocess.run([base, "-I", "-c", "import toneaudit"], capture_output=True).returncode == 0:
        pytest.skip("toneaudit is installed for the base interpreter too (no virtual environment)")
    monkeypatch.setattr(sys, "executable", base)
    with pytest.raises(HookError, match="cannot import toneaudit") as error:
        install("warning")
    assert "\n" not in str(error.value)
    assert not (repo / ".git" / "hooks" / "pre-commit").exists()
