"""What every command prints, and how: one line on standard error per error, in the reader's language;
standard output that fails loudly; click's errors as the contract's exit codes (2, 130); and the
configuration with the command line's overrides, loaded once for a command."""
from __future__ import annotations

import dataclasses
import os
import sys

import click

from .config import ConfigError
from .config import load as load_config
from .messages import Phrase, in_language, locale_language, said_by
from .reporters import one_line, shown

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class Reader:
    """The language of toneaudit's own errors and notes: --messages, else the configuration's
    `messages`, else the system locale's, else English. `check` sets it as it learns them."""

    def __init__(self):
        self.lang = locale_language()


def reader_language() -> str:
    context = click.get_current_context(silent=True)
    reader = context.find_object(Reader) if context else None
    return reader.lang if reader else locale_language()


def error_line(message, lang: str | None = None) -> None:
    """One line on standard error, in the reader's language, whatever the names in it hold. When
    standard error cannot take it (a full disk), the exit status still says what happened."""
    try:
        said = in_language(message, lang or reader_language())
        click.echo(f"toneaudit: {one_line(shown(said))}", err=True)
    except OSError:
        pass


def echo(text: str = "", nl: bool = True, color: bool | None = None) -> None:
    """Write to standard output, or stop with one line when it cannot take the output (closed, a full
    disk): output lost must not look like a clean run."""
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        raise click.ClickException(Phrase("cannot write to standard output (it is closed)"))
    try:
        click.echo(text, nl=nl, color=color)
    except BrokenPipeError:
        raise  # the reader went away on purpose (`| head`): see run()
    except OSError as error:
        stdout_to_devnull()
        raise click.ClickException(Phrase("cannot write to standard output ({reason})",
                                          reason=error.strerror or str(error))) from None


def stdout_to_devnull() -> None:
    # What could not be written stays buffered: without this, Python's own flush at exit fails again
    # and prints a traceback. Not under the server, whose standard output is a string buffer.
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


def said(error: click.ClickException):
    """What a click error says: our own sentence (a Phrase, said in the reader's language) or click's."""
    if not isinstance(error.message, Phrase):
        return error.format_message().replace("\n", " ")  # click's own parser errors stay in English
    if isinstance(error, click.BadParameter) and error.param_hint:
        return Phrase("Invalid value for {option}: {problem}", option=error.param_hint, problem=error.message)
    return error.message


def require_working_directory() -> None:
    # Relative names and the configuration search start there: without it, nothing can be checked.
    try:
        os.getcwd()
    except OSError as error:
        raise click.ClickException(Phrase("the working directory is gone or unreadable ({reason}); cd into an existing "
                                          "folder and run again", reason=error.strerror)) from None


def configuration(config_path, no_classifier: bool, model_path):
    """The configuration with the command-line overrides, or None after printing why it is broken.
    `model_path` is --model, or TONEAUDIT_MODEL (which entry.py turns into --model)."""
    try:
        config = load_config(config_path, model=model_path or None)
    except ConfigError as error:
        error_line(error)
        return None
    for note in config.notes:
        error_line(Phrase("note: {note}", note=note))
    if no_classifier:
        config = dataclasses.replace(config, classifier=False)
    if config.model and config.classifier:
        from .classifier import ModelError, load

        try:
            model = load(config.model, config.model_sha256)
        except (ModelError, OSError) as error:
            error_line(said_by(error) if isinstance(error, ModelError) else
                        Phrase("{path}: cannot read the model ({reason})", path=config.model, reason=error.strerror))
            return None
        # A model is data and never runs code, but it decides the verdicts: say which file that is.
        error_line(Phrase("using the model {path} (SHA-256 {sha256})", path=config.model, sha256=model.sha256))
    return config


def run(invoke, reader: Reader) -> int:
    """`invoke()`'s exit status, with every click error as one line on stderr in the reader's language
    and the exit codes of the contract; the one way the command line and `run_check` report errors."""
    try:
        status = invoke()
    except click.exceptions.Exit as done:  # --help, --version
        status = done.exit_code
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help() if error.ctx else str(error))
        status = EXIT_ERROR
    except click.UsageError as error:
        # The command's whole path: `toneaudit rules explain --help`, not `toneaudit explain --help`.
        where = error.ctx.command_path if error.ctx and error.ctx.parent else "toneaudit"
        error_line(Phrase("{problem} (see '{where} --help')", problem=said(error), where=where), reader.lang)
        status = EXIT_ERROR
    except click.ClickException as error:
        error_line(said(error), reader.lang)
        status = EXIT_ERROR
    except click.exceptions.Abort:
        error_line(Phrase("interrupted"), reader.lang)
        status = 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`).
        stdout_to_devnull()
        status = EXIT_FINDINGS
    return status if isinstance(status, int) else EXIT_OK
