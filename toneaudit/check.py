"""`toneaudit check`: its options, and `run_check`, the one function between them and the engine that
both the command line and the server call (argv, working directory, environment and standard input
in; exit status, standard output and standard error out)."""
from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import sys
import threading
from dataclasses import dataclass

import click

from . import languages
from .blocking import FAIL_ON_CHOICES, Policy, parse_dimensions
from .config import LANG_CHOICES
from .console import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, Reader, configuration, echo, error_line, reader_language, require_working_directory, run
from .messages import Phrase, in_language, said_by
from .reporters import FORMATS, FileResult, RenderOptions, render
from .rules import unknown_rule


@click.command("check", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1)
@click.option("--lang", type=click.Choice(LANG_CHOICES), default=None, help="Language of the drafts (default: auto).")
@click.option("--format", "format_name", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--fail-on", type=click.Choice(FAIL_ON_CHOICES), default=None,
              help="What makes the exit status 1: 'flagged' (the default) a flagged dimension; a level, any "
                   "finding at or above it; 'never', nothing.")
@click.option("--min-score", type=click.FloatRange(0, 100), default=None, metavar="N",
              help="Also exit 1 when a draft scores under N (0-100).")
@click.option("--fail-on-dimension", "fail_on_dimension", default=None, metavar="NAMES",
              help="Only these dimensions block, e.g. aggressive,commercial (default: all five).")
@click.option("-q", "--quiet", is_flag=True, help="Hide advice: findings on dimensions that are not flagged.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Configuration file (default: .toneaudit.toml or [tool.toneaudit] in pyproject.toml, searched upward "
                   "to the top of the repository).")
@click.option("--messages", type=click.Choice(languages.codes()), default=None,
              help="Language of the messages (default: the draft's).")
@click.option("--select", multiple=True, metavar="PREFIX", help="Run only rules under this id prefix (repeatable).")
@click.option("--ignore", multiple=True, metavar="PREFIX", help="Skip rules under this id prefix (repeatable).")
@click.option("--color/--no-color", default=None, help="Colours (default: on a terminal, unless NO_COLOR is set).")
@click.option("--no-classifier", is_flag=True, help="Rules alone, without the trained classifier.")
@click.option("--model", "model_path", type=click.Path(dir_okay=False), default=None,
              help="Your own model file instead of the shipped one (its SHA-256 is printed; also TONEAUDIT_MODEL).")
@click.option("--no-server", is_flag=True, help="Run in this process even if `toneaudit serve` runs (also TONEAUDIT_NO_SERVER=1).")
@click.option("--socket", "socket_path", default=None, metavar="PATH", help="The server's socket (default: in the user's runtime directory).")
@click.option("--jsonl", is_flag=True, help='Each PATH is a JSONL file of drafts: {"text": ..., "lang": ..., "id": ...} per line.')
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True, help="Processes to use.")
@click.option("--diff", "diff_revision", is_flag=False, flag_value="HEAD", default=None, metavar="[REV]",
              help="Only the lines added since REV (default HEAD) in tracked text and Markdown files "
                   "(all of them, or those among PATHS). Write --diff=REV to name one.")
@click.option("--staged", is_flag=True,
              help="The staged versions of staged text and Markdown files (what `git commit` records); "
                   "with --diff, only their added lines.")
@click.option("--fix", is_flag=True,
              help="Apply the safe replacements (damaged characters, \"!!!\", capitals, slang) and write the "
                   "files back; with --diff, print the patch instead.")
@click.option("-o", "--output", "output_path", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="With --fix: write the fixed text to FILE (required for standard input).")
def check(paths, lang, format_name, fail_on, min_score, fail_on_dimension, quiet, config_path, messages, select, ignore, color, no_classifier, model_path,
          no_server, socket_path, jsonl, jobs, diff_revision, staged, fix, output_path):
    """Check drafts (files, or - for standard input) and report tone problems."""
    reader = click.get_current_context().find_object(Reader)
    if messages and reader:
        reader.lang = messages
    require_working_directory()
    patch = False
    if fix:
        if diff_revision not in (None, "HEAD") and os.path.exists(diff_revision):
            paths, diff_revision = (diff_revision, *paths), "HEAD"  # `--fix --diff post.md`: the patch of post.md
        patch = _fix_usage(paths, jsonl, diff_revision, staged, output_path)
        diff_revision = None
    elif output_path is not None:
        raise click.UsageError(Phrase("-o/--output goes with --fix"))
    if not paths and diff_revision is None and not staged:
        raise click.UsageError(Phrase("name the drafts to check (PATH..., or - for standard input), or use --diff or --staged"))
    if jsonl and (diff_revision is not None or staged):
        raise click.UsageError(Phrase("--jsonl cannot be combined with --diff or --staged"))
    config = configuration(config_path, no_classifier, model_path)
    if config is None:
        return EXIT_ERROR
    if reader and not messages and config.messages:
        reader.lang = config.messages
    for option, names in (("--select", select), ("--ignore", ignore)):
        for name in names:
            problem = unknown_rule(name)
            if problem:
                raise click.BadParameter(problem, param_hint=f"'{option}'")
    config = dataclasses.replace(config, select=tuple(select) or config.select, disable=config.disable + tuple(ignore))
    lang = lang or config.lang
    policy = _policy(config.policy, fail_on, min_score, fail_on_dimension)
    messages = messages or config.messages

    if diff_revision is not None or staged:
        from .gitdiff import GitError

        try:
            results, sources = _read_changes(paths, diff_revision, staged, config.max_bytes)
        except GitError as error:
            raise click.ClickException(said_by(error)) from None
    else:
        results, sources = _read_inputs(paths, config.max_bytes, jsonl)
    _audit_sources(results, sources, lang, config, messages, max(1, jobs))
    if fix:
        _fix_sources(results, sources, lang, config, messages, patch, output_path, format_name)

    said_in = reader_language()
    for result in results:  # errors and notes in the reader's language, on stderr and in the report
        result.error = in_language(result.error, said_in) if result.error else result.error
        result.notes = [in_language(note, said_in) for note in result.notes]
        if result.error:
            error_line(f"{result.path}: {result.error}")
    if color is None:
        color = _stdout_is_terminal() and "NO_COLOR" not in os.environ
    output = render(format_name, results, RenderOptions(color=color, messages_lang=messages, policy=policy,
                                                        quiet=quiet))
    if output and not patch:  # `--fix --diff` prints the patch alone, for `git apply` or `patch -p1`
        echo(output, nl=False, color=color)
    return exit_status(results, policy)


def _fix_usage(paths, jsonl: bool, diff_revision, staged: bool, output_path) -> bool:
    """Whether --fix prints a patch (--diff) rather than writing; refuses what it cannot do safely."""
    if jsonl or staged:
        raise click.UsageError(Phrase("--fix works on files, not with --jsonl or --staged"))
    if diff_revision not in (None, "HEAD"):
        raise click.UsageError(Phrase("with --fix, --diff prints the patch and takes no revision"))
    if output_path is not None and (len(paths) != 1 or os.path.isdir(paths[0])):  # a folder holds many drafts
        raise click.UsageError(Phrase("-o/--output names the fixed text of one draft: give exactly one PATH"))
    if "-" in paths and output_path is None and diff_revision is None:
        raise click.UsageError(Phrase("--fix on standard input needs -o FILE for the fixed text (or --diff for the patch)"))
    return diff_revision is not None


def _fix_sources(results, sources, lang, config, messages, patch: bool, output_path, format_name) -> None:
    """Apply each report's literal replacements, judge the fixed text again, and write it (or its patch).
    The reports shown, and the exit status, are those of the fixed text."""
    from .batch import audit_all
    from .fix import fix, unified_diff

    said = []
    for index, source, draft_lang, _ in sources:
        result = results[index]
        if result.report is None:
            continue
        judged_as = draft_lang if draft_lang and lang == "auto" else lang

        def judge(text, judged_as=judged_as, markdown=source.markdown):
            outcome = audit_all([text], [judged_as], [markdown], config, messages, 1, None, [None])[0]
            if isinstance(outcome, Exception):
                raise _Unjudged(said_by(outcome))
            return outcome

        try:
            fixed = fix(source.text, result.report, judge)
        except _Unjudged as error:  # an AuditError on a fixed text: the same one-line answer as for a draft
            result.error = said_by(error)
            continue
        text, result.report = fixed.text, fixed.report
        applied = [_change_line(source.path, finding, messages or result.report.lang) for finding in fixed.applied]
        if not applied and (output_path is None or patch):
            continue  # nothing to change; with -o, the file is still written, as asked
        if patch:
            echo(unified_diff(source.path, source.text, text), nl=False)
            continue
        problem = _write_fixed(output_path or source.path, source, text)
        if problem:
            result.error = problem
            continue
        said.extend(applied)
    for line in said:
        (echo if format_name == "text" else error_line)(line)


class _Unjudged(Exception):
    """A fixed text the engine could not audit."""


def _change_line(path: str, finding, messages_lang: str) -> str:
    """`post.md:6:12: corrigé familiar.slang « kiffer » → « adorer »`, at its place in the text it changed."""
    from .messages import interface, rewrite

    change = rewrite(messages_lang, finding.text, finding.replacement)
    return f"{path}:{finding.line}:{finding.column}: {interface(messages_lang)['fixed']} {finding.rule} {change}"


def _write_fixed(path: str, source, text: str) -> str | None:
    """Write `text` to `path` in place of its content, atomically and with its permissions; None, or
    why it was not written (the draft changed meanwhile, was not UTF-8, or cannot be replaced)."""
    import stat
    import tempfile

    if path == source.path and source.path != "-":
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
        except OSError as error:
            return Phrase("not fixed: cannot read it again ({reason})", reason=error.strerror)
        bom = raw.startswith(b"\xef\xbb\xbf")
        try:
            current = raw[3 if bom else 0:].decode("utf-8")
        except UnicodeDecodeError:
            return Phrase("not fixed: it is not UTF-8 text (save it as UTF-8 first)")
        if current != source.text:
            return Phrase("not fixed: it changed while it was being checked")
        data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    else:
        data = text.encode("utf-8")
    folder = os.path.dirname(os.path.abspath(path))
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode) if os.path.exists(path) else None
        if os.path.exists(path) and not os.path.isfile(path):
            return Phrase("not fixed: the output is not a regular file")
        written = tempfile.NamedTemporaryFile("wb", dir=folder, prefix=".toneaudit-", delete=False)
        try:
            with written:
                written.write(data)
            if mode is not None:
                os.chmod(written.name, mode)
            os.replace(written.name, path)  # a link named as the output is replaced, never followed
        except BaseException:
            os.unlink(written.name)
            raise
    except OSError as error:
        return Phrase("not fixed: cannot write {path} ({reason})", path=path, reason=error.strerror or str(error))
    return None


def _policy(configured: Policy, fail_on, min_score, fail_on_dimension) -> Policy:
    """The configuration's blocking policy, with what the command line says instead."""
    dimensions = configured.dimensions
    if fail_on_dimension is not None:
        try:
            dimensions = parse_dimensions(fail_on_dimension)
        except ValueError as error:
            raise click.BadParameter(said_by(error), param_hint="'--fail-on-dimension'") from None
    return Policy(fail_on=fail_on or configured.fail_on,
                  min_score=min_score if min_score is not None else configured.min_score, dimensions=dimensions)


def _read_inputs(paths, max_bytes: int, jsonl: bool):
    """A FileResult per input, in order, and the drafts still to audit: (index, source, language)."""
    from .sources import InputError, Source, read, read_jsonl
    from .walk import expand

    results, sources = [], []
    for path, problem in ([(path, None) for path in paths] if jsonl else expand(paths)):  # folders: their drafts
        try:
            if problem is not None:
                raise InputError(problem)
            entries: list[tuple[str, Source | InputError, str | None]] = (
                read_jsonl(path, max_bytes) if jsonl else [(path, read(path, max_bytes), None)])
        except InputError as error:
            entries = [(path, error, None)]
        for label, source, draft_lang in entries:
            if isinstance(source, InputError):
                results.append(FileResult(label, error=said_by(source)))
            else:
                sources.append((len(results), source, draft_lang, None))
                results.append(FileResult(source.path, notes=source.notes, text=source.text))
    return results, sources


def _read_changes(paths, revision: str | None, staged: bool, max_bytes: int):
    """Like _read_inputs, for the files git says changed: each source comes with the lines to judge
    (the added ones with --diff, all with --staged alone); staged versions are read from the index."""
    from .gitdiff import changes, staged_content
    from .sources import InputError, from_bytes, read

    found = changes(revision or "HEAD", staged=staged, paths=tuple(path for path in paths if path != "-"))
    results, sources = [], []
    for change in found:
        try:
            if staged:
                source = from_bytes(change.path, staged_content(change.path), max_bytes)
            else:
                source = read(change.path, max_bytes)
        except InputError as error:
            results.append(FileResult(change.path, error=said_by(error)))
            continue
        sources.append((len(results), source, None, change.added_lines if revision is not None else None))
        results.append(FileResult(source.path, notes=source.notes, text=source.text))
    return results, sources


def _audit_sources(results, sources, lang, config, messages, jobs: int) -> None:
    """Fill in the reports, with a progress line on a terminal for long runs."""
    from .batch import audit_all

    if not sources:
        return
    on_terminal = sys.stderr is not None and sys.stderr.isatty()  # None: started with standard error closed
    progress = _Progress(len(sources)) if on_terminal and len(sources) >= 100 else None
    outcomes = audit_all(
        [source.text for _, source, _, _ in sources],
        [draft_lang if draft_lang and lang == "auto" else lang for _, _, draft_lang, _ in sources],
        [source.markdown for _, source, _, _ in sources], config, messages, jobs,
        progress.update if progress else None,
        [lines for _, _, _, lines in sources],
    )
    if progress:
        progress.close()
    for (index, _, _, _), outcome in zip(sources, outcomes):
        if isinstance(outcome, Exception):
            results[index].error = said_by(outcome)
        else:
            results[index].report = outcome


class _Progress:
    """`toneaudit: 1200/2000 drafts` on standard error, rewritten in place."""

    def __init__(self, total: int):
        self.total, self.shown = total, -1

    def update(self, done: int) -> None:
        if done == self.total or done - self.shown >= max(1, self.total // 100):
            self.shown = done
            click.echo(f"\rtoneaudit: {done}/{self.total} drafts", nl=False, err=True)

    def close(self) -> None:
        click.echo("", err=True)


def _stdout_is_terminal() -> bool:
    # Under `toneaudit serve`, stdout is captured: the client says whether its own stdout is a terminal.
    told = os.environ.get("TONEAUDIT_STDOUT_TTY")
    return told == "1" if told is not None else sys.stdout is not None and sys.stdout.isatty()


def exit_status(results: list[FileResult], policy: Policy) -> int:
    if any(result.error for result in results):
        return EXIT_ERROR
    return EXIT_FINDINGS if any(policy.blocks(result.report) for result in results) else EXIT_OK


class CheckRefused(RuntimeError):
    """A check that cannot start where it was asked to (its working directory is gone)."""


@dataclass(frozen=True)
class Outcome:
    """What a check answers: its exit status, and what it printed (None where it printed to the
    process's own streams)."""

    status: int
    stdout: str | None = None
    stderr: str | None = None


# One captured check at a time: a check changes the working directory, the environment and the
# standard streams of the process.
_captured = threading.Lock()


def run_check(argv: list[str], cwd: str | None = None, env: dict[str, str] | None = None,
              stdin: bytes | None = None, capture: bool = True) -> Outcome:
    """`toneaudit check ARGV`. With `capture` (the server), it runs in `cwd` with `env` and `stdin`
    and returns what it printed; without (the command line), it runs in this process as it is and
    prints to its streams."""
    if not capture:
        return Outcome(_invoke(argv))
    from .client import replayed_stdin

    out, err = io.StringIO(), io.StringIO()
    with _captured:
        previous_stdin, previous_env, previous_cwd = sys.stdin, dict(os.environ), _working_directory()
        try:
            if cwd is not None:
                try:
                    os.chdir(cwd)
                except OSError as error:
                    raise CheckRefused(f"cannot use the working directory {cwd} ({error.strerror})") from None
            if env is not None:
                os.environ.clear()
                os.environ.update(env)
            sys.stdin = replayed_stdin(stdin or b"")
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = _invoke(argv)
        finally:
            os.chdir(previous_cwd)
            sys.stdin = previous_stdin
            os.environ.clear()
            os.environ.update(previous_env)
    return Outcome(status, out.getvalue(), err.getvalue())


def _working_directory() -> str:
    try:
        return os.getcwd()
    except OSError:
        return "/"  # ours was removed (the server itself works from /)


def _invoke(argv: list[str]) -> int:
    reader = Reader()
    # A parent context named as the program: usage errors say `see 'toneaudit check --help'`.
    root = click.Context(click.Group("toneaudit"), info_name="toneaudit", obj=reader)

    def invoke():
        with check.make_context("check", list(argv), parent=root) as context:
            return check.invoke(context)

    return run(invoke, reader)
