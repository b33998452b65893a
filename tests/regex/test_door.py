"""The regex shortcuts sit behind one door: toneaudit/regex/ is the only importer of re's private
parser, it refuses internals it was not tested with, and with every shortcut off (the plain paths)
the golden reports are exactly the same."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import toneaudit
from toneaudit import regex
from toneaudit.regex.gate import finditer_from, first_chars, gate_for

pytestmark = pytest.mark.slow  # end-to-end: the golden reports again on the plain paths

ROOT = Path(toneaudit.__file__).parent.parent

SCRIPT = r"""
import json, sys
from tests.snapshots import regenerate
from toneaudit import regex
from toneaudit.regex.gate import gate_for
assert not regex.shortcuts() and gate_for(["mdr"]) is None
changed = {}
for name, entries in regenerate.drafts().items():
    kept = regenerate.FILES[name].read_text(encoding="utf-8").splitlines()
    now = regenerate.reports(entries)
    changed[name] = [json.loads(new)["draft"] for old, new in zip(kept, now) if old != new] + (
        ["(count)"] if len(kept) != len(now) else [])
json.dump(changed, sys.stdout)
"""


def test_only_the_door_imports_the_private_parser():
    importers = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "toneaudit").rglob("*.py")
                       if any(name in path.read_text(encoding="utf-8") for name in ("import _parser", "import _constants",
                                                                                       "sre_parse", "sre_constants")))
    assert importers == ["toneaudit/regex/__init__.py"]


def test_the_plain_paths_give_the_golden_reports():
    env = {**os.environ, "TONEAUDIT_PLAIN_REGEX": "1"}
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout) == {"test-split": [], "examples": []}


def test_an_untested_python_takes_the_plain_paths(monkeypatch):
    assert regex._internals_as_expected() and regex.shortcuts()
    monkeypatch.setattr(sys, "version_info", (3, 14, 0, "final", 0))
    assert not regex._internals_as_expected()


def test_with_the_shortcuts_off_each_one_is_its_plain_path(monkeypatch):
    monkeypatch.setenv("TONEAUDIT_PLAIN_REGEX", "1")
    assert regex.parse("a|b") is None and regex.min_width("ab") is None
    assert gate_for(["mdr", "lol"]) is None and first_chars(r"\d+ ?%") is None
    pattern = __import__("re").compile(r"\d+ ?%")
    assert [m.group() for m in finditer_from(pattern, None, "10 % et 20%")] == ["10 %", "20%"]
