"""The real pre-commit framework (from PyPI) runs the hook declared in this repository's
.pre-commit-hooks.yaml: a repository of posts names a snapshot of this tree in its
.pre-commit-config.yaml (the README's configuration), and `pre-commit run` installs toneaudit from it
into its own virtual environment, once for the module (one PRE_COMMIT_HOME), and runs it on drafts.
(`pre-commit try-repo` would install it again for every run: its store is a temporary folder.)"""
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # end-to-end: the real pre-commit framework installs toneaudit in its own environment

PUSHY = "ACHETEZ MAINTENANT !!! Dernière chance, -50% avec le code PROMO50.\n"
GOOD = ("Samedi, j'ai refait la vitrine de la boutique avec les premières tulipes.\n\n"
        "Merci à Léa pour son aide, et à vous pour vos messages : ça me touche beaucoup.\n")
SUPPRESSED = ("<!-- toneaudit: disable=aggressive -->\n"
              "Je vous préviens : dernière chance pour mon atelier de samedi !!!\n\n"
              "J'ai hâte de vous y retrouver, on fera des bouquets de saison.\n")
WARNING_ONLY = ("J'ai encore deux places pour l'atelier de samedi : dernière chance avant l'été, "
                "et je serai ravie de vous y voir.\n")
# A press release: warnings only, no error, and its dimensions are flagged.
PRESS = ("Notre société a le plaisir de vous annoncer le lancement de sa nouvelle offre de solutions innovantes "
         "à destination des collectivités territoriales, dans le cadre de sa stratégie de transformation.\n")
_NOT_SOURCES = shutil.ignore_patterns(".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__",
                                      ".pytest_cache", ".benchmarks", ".hypothesis", "*.pyc")


def _git(*arguments, cwd):
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *arguments], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory):
    """This tree, committed in a repository of its own: a fixed revision, so that pre-commit installs
    its environment once for all the tests here."""
    source = tmp_path_factory.mktemp("hook-repository") / "toneaudit"
    shutil.copytree(ROOT, source, ignore=_NOT_SOURCES)
    _git("init", "-q", cwd=source)
    _git("add", "-A", cwd=source)
    _git("commit", "-qm", "snapshot", cwd=source)
    return source, _git("rev-parse", "HEAD", cwd=source).strip()


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    return {**os.environ, "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
            "TONEAUDIT_NO_SERVER": "1", "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never"}


@pytest.fixture
def posts(tmp_path):
    _git("init", "-q", cwd=tmp_path)
    for name, text in (("promo.md", PUSHY), ("good.md", GOOD), ("suppressed.md", SUPPRESSED),
                       ("warning.md", WARNING_ONLY), ("press.md", PRESS)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    _git("add", "-A", cwd=tmp_path)
    return tmp_path


def run_hook(hook_repository, environment, posts, *files, args: str = ""):
    """`pre-commit run --files FILES` in the posts' repository, with the README's configuration (and
    `args`, when given, as the hook's args)."""
    source, revision = hook_repository
    config = f"repos:\n  - repo: {source}\n    rev: {revision}\n    hooks:\n      - id: toneaudit\n"
    if args:
        config += f"        args: {args}\n"
    (posts / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--files", *files], cwd=posts, env=environment,
                          capture_output=True, text=True, timeout=1800)


def test_an_aggressive_draft_is_blocked_with_its_findings(hook_repository, environment, posts):
    done = run_hook(hook_repository, environment, posts, "promo.md")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "toneaudit (tone of social-media drafts)" in done.stdout and "Failed" in done.stdout
    assert "promo.md:1:1: error aggressive.call-to-action" in done.stdout
    assert "promo.md: score" in done.stdout


def test_a_good_draft_passes(hook_repository, environment, posts):
    done = run_hook(hook_repository, environment, posts, "good.md")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout


def test_a_draft_with_an_inline_suppression_passes(hook_repository, environment, posts):
    done = run_hook(hook_repository, environment, posts, "suppressed.md")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout


def test_options_pass_as_args_from_the_configuration(hook_repository, environment, posts):
    relaxed = run_hook(hook_repository, environment, posts, "warning.md", args="[--fail-on, error]")
    assert relaxed.returncode == 0, relaxed.stdout + relaxed.stderr
    assert "aggressive.urgency" not in relaxed.stdout  # a passing hook's output is not shown
    blocked = run_hook(hook_repository, environment, posts, "promo.md", args="[--fail-on, error]")
    assert blocked.returncode == 1 and "aggressive.punctuation-run" in blocked.stdout


def test_the_readme_example_blocks_a_flagged_draft_that_has_no_error(hook_repository, environment, posts):
    # The README's configuration, without its optional args: the default `--fail-on flagged`.
    blocked = run_hook(hook_repository, environment, posts, "press.md")
    assert blocked.returncode == 1, blocked.stdout + blocked.stderr
    assert "press.md: score" in blocked.stdout and "bloque\u202f: institutionnel" in blocked.stdout
    assert " error " not in blocked.stdout  # blocked for its verdict, not for a finding's severity
    passed = run_hook(hook_repository, environment, posts, "good.md")
    assert passed.returncode == 0, passed.stdout + passed.stderr
