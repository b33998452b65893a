"""The console script. `toneaudit check` goes to a warm server when one runs, before anything heavy
(click, the engine, spaCy) is imported, and otherwise to `run_check` in this process; everything else
goes to the click application in cli.py."""
import os
import sys


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    model = os.environ.get("TONEAUDIT_MODEL")
    if model and argv[:1] in (["check"], ["evaluate"]):
        # The same as --model, and given first: a --model on the command line comes later, and wins. Here
        # rather than in cli.py, so that a check sent to the server carries it in its arguments.
        argv = [argv[0], "--model", model, *argv[1:]]
    if argv[:1] == ["check"]:
        from .client import run_through_server

        status = run_through_server(argv[1:])
        if status is not None:
            _exit(status)
    from . import runtime

    runtime.own_process()  # what a load builds lives as long as this process: see pipelines.frozen_after_load
    # A batch allocates and frees millions of small objects: at the default threshold (700) the young
    # generation is scanned ~150 times per 2,000 drafts, at 10,000 ~10 times.
    import gc

    gc.set_threshold(10_000, 20, 10)
    if argv[:1] == ["check"]:
        from .check import run_check

        _exit(run_check(argv[1:], capture=False).status)
    from .cli import cli

    try:
        cli.main(args=argv, prog_name="toneaudit")
    except SystemExit as done:
        status = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        _exit(status)


def _exit(status: int) -> None:
    """Flush and leave without the interpreter's teardown: freeing the loaded pipelines and model
    object by object takes about 0.2 s for a single check (0.7 s after a batch) and achieves nothing."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None: started with that stream closed
                stream.flush()
        except OSError:
            pass  # the reader went away, or the disk is full: the command has said what it could not write
    os._exit(status)
