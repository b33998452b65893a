"""The console script. `toneaudit check` goes to a warm server when one runs, before anything heavy
(click, the engine, spaCy) is imported; everything else goes to the click application in cli.py."""
import sys


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["check"]:
        from .client import run_through_server

        status = run_through_server(argv[1:])
        if status is not None:
            sys.exit(status)
    from .cli import cli

    cli.main(args=argv, prog_name="toneaudit")
