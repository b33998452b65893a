"""The console script. `toneaudit check` goes to a warm server when one runs, before anything heavy
(click, the engine, spaCy) is imported; everything else goes to the click application in cli.py."""
import os
import sys


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["check"]:
        from .client import run_through_server

        status = run_through_server(argv[1:])
        if status is not None:
            _exit(status)
    from . import pipelines
    from .cli import cli

    pipelines.FREEZE_AFTER_LOAD = True  # this process is ours: what a load builds lives as long as it
    # A batch allocates and frees millions of small objects: at the default threshold (700) the young
    # generation is scanned ~150 times per 2,000 drafts (0.027 ms a draft), at 10,000 ~10 times (0.014).
    # A check makes no reference cycles to collect (after 2,000 drafts `gc.collect()` finds none) and
    # ends when its input does, so it runs without the collector (0.012 ms a draft); the server keeps it.
    import gc

    gc.set_threshold(10_000, 20, 10)
    if argv[:1] == ["check"]:
        gc.disable()
    try:
        cli.main(args=argv, prog_name="toneaudit")
    except SystemExit as done:
        status = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        _exit(status)


def _exit(status: int) -> None:
    """Flush and leave without the interpreter's teardown: freeing the loaded pipelines and model
    object by object takes about 0.2 s for a single check (0.7 s after a batch) and achieves nothing."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass  # the reader went away: nothing more to deliver
    os._exit(status)
