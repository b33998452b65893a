"""The process-wide switches, in one place: what the environment or the program that owns this
process asks of every module. Read where they act; set only by the console script and the tests."""
from __future__ import annotations

import os

# Set by the console script, which owns its process: what a pipeline load builds lives as long as the
# process and is moved out of the garbage collector's reach (gc.freeze). A library call leaves the
# garbage collector of its host alone.
FREEZE_AFTER_LOAD = False


def own_process() -> None:
    """Called by the console script: this process is toneaudit's alone."""
    global FREEZE_AFTER_LOAD
    FREEZE_AFTER_LOAD = True


def standard_loading() -> bool:
    """TONEAUDIT_STANDARD_LOADING=1 loads spaCy the ordinary way (no placeholder CLI, the original
    token_match): slower, and used by the tests to prove both ways give the same findings."""
    return os.environ.get("TONEAUDIT_STANDARD_LOADING") == "1"


def plain_regex() -> bool:
    """TONEAUDIT_PLAIN_REGEX=1 turns off every shortcut that reads parsed patterns (see regex/)."""
    return os.environ.get("TONEAUDIT_PLAIN_REGEX") == "1"
