"""The plain git pre-commit hook, for people without the pre-commit framework: `toneaudit hook install`
writes `.git/hooks/pre-commit` (where git looks, `core.hooksPath` included), `uninstall` removes it.

The hook checks what the commit records (`check --staged`), with the Python that installed it, so it
works from a shell where toneaudit's virtual environment is not active. That Python runs isolated
(`-I`): a hook runs in the repository, and `python -m` alone would put it first on `sys.path`, so a
`json.py` or a `toneaudit/` folder of the repository would be imported in place of ours.
"""
from __future__ import annotations

import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path

MARKER = "# toneaudit-hook"


class HookError(RuntimeError):
    """Not a repository, a foreign hook in the way, or a file that cannot be written; one line."""


def hook_path() -> Path:
    try:
        done = subprocess.run(["git", "rev-parse", "--git-path", "hooks/pre-commit"], capture_output=True, text=True)
    except FileNotFoundError:
        raise HookError("git is not installed") from None
    if done.returncode != 0:
        raise HookError("not inside a git repository")
    return Path(done.stdout.strip()).resolve()


def script(fail_on: str, diff: bool) -> str:
    arguments = ["check", "--staged", "--fail-on", fail_on] + (["--diff"] if diff else [])
    command = " ".join(shlex.quote(argument) for argument in arguments)
    python = shlex.quote(sys.executable)
    return f"""#!/bin/sh
{MARKER}: checks the tone of the staged text and Markdown files before each commit.
# Written by `toneaudit hook install`; remove it with `toneaudit hook uninstall`.
# Skip it once with `git commit --no-verify`.
# Python runs isolated (-I), so that no module of this repository is imported in place of toneaudit's.
if [ -x {python} ]; then
    exec {python} -I -m toneaudit {command}
fi
exec toneaudit {command}
"""


def install(fail_on: str, diff: bool = False, force: bool = False) -> Path:
    path = hook_path()
    if path.exists() and not force and MARKER not in _read(path):
        raise HookError(f"{path} already exists and is not toneaudit's; use --force to replace it")
    # Isolated, Python ignores PYTHONPATH and the user's site-packages: a hook that then could not import
    # toneaudit would fail every commit, so say so now.
    try:
        importable = subprocess.run([sys.executable, "-I", "-c", "import toneaudit"], capture_output=True).returncode == 0
    except OSError:
        importable = False
    if not importable:
        raise HookError(f"{sys.executable} -I cannot import toneaudit (installed with --user or through PYTHONPATH?); "
                        "install it in a virtual environment, or with pipx")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(script(fail_on, diff), encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    except OSError as error:
        raise HookError(f"cannot write {path} ({error.strerror})") from None
    return path


def uninstall() -> Path | None:
    """The removed hook's path, or None when there was none."""
    path = hook_path()
    if not path.exists():
        return None
    if MARKER not in _read(path):
        raise HookError(f"{path} is not toneaudit's hook; leaving it alone")
    try:
        os.remove(path)
    except OSError as error:
        raise HookError(f"cannot remove {path} ({error.strerror})") from None
    return path


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
