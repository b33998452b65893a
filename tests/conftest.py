import subprocess
from pathlib import Path

import pytest

from toneaudit import audit

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def audit_fr():
    return lambda text, **kwargs: audit(text, lang="fr", **kwargs)


@pytest.fixture(scope="session")
def audit_en():
    return lambda text, **kwargs: audit(text, lang="en", **kwargs)


def rules_of(report):
    return {finding.rule for finding in report.findings}


def context_of(text: str, lang: str):
    """The Context the rules read for this draft, through the real pipeline."""
    from toneaudit import engine
    from toneaudit.config import Config
    from toneaudit.context import Context
    from toneaudit.draft import prepare

    draft = prepare(text)
    _, nlp = engine._pipeline(lang, Config())
    return Context(draft, nlp(draft.nlp_text), lang, trained=True)


# A git repository with a first commit, for --diff, --staged and the hooks.
REPO_POST = "Bonjour à toutes et à tous.\n\nJe vous présente l'atelier de poterie que j'ouvre à Nantes.\n"
REPO_ARCHIVE = "# Archives\n\nPROMO FLASH !!! Commandez vite.\n"


def git(*arguments, cwd=None):
    return subprocess.run(["git", *arguments], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repository in the working directory with a first commit: a post and an archive."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-global-config"))
    for name, value in (("GIT_AUTHOR_NAME", "Test"), ("GIT_AUTHOR_EMAIL", "t@example.org"),
                        ("GIT_COMMITTER_NAME", "Test"), ("GIT_COMMITTER_EMAIL", "t@example.org")):
        monkeypatch.setenv(name, value)
    git("init", "-q")
    (tmp_path / "post.md").write_text(REPO_POST, encoding="utf-8")
    (tmp_path / "archive.md").write_text(REPO_ARCHIVE, encoding="utf-8")
    (tmp_path / "notes.py").write_text("print('ACHETEZ !!!')\n", encoding="utf-8")
    git("add", ".")
    git("commit", "-qm", "first posts")
    return tmp_path


@pytest.fixture
def package_copy(tmp_path):
    """A copy of the toneaudit package in a temporary folder, and a function that runs Python with that
    copy first on the path: to add a module or a data folder as a contributor would, without touching
    the installed package."""
    import shutil
    import sys

    import toneaudit
    from toneaudit.classifier import _shipped_folder

    shutil.copytree(Path(toneaudit.__file__).parent, tmp_path / "toneaudit",
                    ignore=shutil.ignore_patterns("__pycache__"))
    # The shipped model, where the copy looks for it (`models/` beside the package, as in a checkout).
    shutil.copytree(_shipped_folder(), tmp_path / "models", ignore=shutil.ignore_patterns("__pycache__"))

    def run(*arguments, input=None):
        import os

        env = {**os.environ, "PYTHONPATH": str(tmp_path), "TONEAUDIT_NO_SERVER": "1"}
        return subprocess.run([sys.executable, *arguments], cwd=tmp_path, env=env, input=input, capture_output=True,
                              text=True, timeout=600)

    run.root = tmp_path / "toneaudit"
    return run
