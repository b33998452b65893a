"""The command line: wires options to the configuration, the engine and a reporter. No analysis here."""
from __future__ import annotations

import dataclasses
import os
import sys

import click

from . import __version__, languages
from .blocking import FAIL_ON_CHOICES, Policy, parse_dimensions
from .config import LANG_CHOICES, ConfigError
from .config import load as load_config
from .messages import Phrase, in_language, locale_language, said_by
from .reporters import FORMATS, FileResult, RenderOptions, one_line, render, shown
from .rules import unknown_rule

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Reader:
    """The language of toneaudit's own errors and notes: --messages, else the configuration's
    `messages`, else the system locale's, else English. `check` sets it as it learns them."""

    def __init__(self):
        self.lang = locale_language(default=languages.default("messages"))


def _reader_language() -> str:
    context = click.get_current_context(silent=True)
    reader = context.find_object(_Reader) if context else None
    return reader.lang if reader else locale_language(default=languages.default("messages"))


def _error_line(message, lang: str | None = None) -> None:
    """One line on standard error, in the reader's language, whatever the names in it hold. When
    standard error cannot take it (a full disk), the exit status still says what happened."""
    try:
        said = in_language(message, lang or _reader_language())
        click.echo(f"toneaudit: {one_line(shown(said))}", err=True)
    except OSError:
        pass


def _echo(text: str = "", nl: bool = True, color: bool | None = None) -> None:
    """Write to standard output, or stop with one line when it cannot take the output (closed, a full
    disk): output lost must not look like a clean run."""
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        raise click.ClickException(Phrase("cannot write to standard output (it is closed)"))
    try:
        click.echo(text, nl=nl, color=color)
    except BrokenPipeError:
        raise  # the reader went away on purpose (`| head`): see _Toneaudit.main
    except OSError as error:
        _stdout_to_devnull()
        raise click.ClickException(Phrase("cannot write to standard output ({reason})",
                                          reason=error.strerror or str(error))) from None


def _stdout_to_devnull() -> None:
    # What could not be written stays buffered: without this, Python's own flush at exit fails again
    # and prints a traceback. Not under the server, whose standard output is a string buffer.
    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)


class _Toneaudit(click.Group):
    """Click's group, with every error turned into one line on stderr and the exit codes of the contract."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        reader = _Reader()
        try:
            status = super().main(args=args, prog_name=prog_name, complete_var=complete_var, standalone_mode=False,
                                  obj=reader, **extra)
        except click.exceptions.NoArgsIsHelpError as error:
            click.echo(error.ctx.get_help() if error.ctx else str(error))
            status = EXIT_ERROR
        except click.UsageError as error:
            # The command's whole path: `toneaudit rules explain --help`, not `toneaudit explain --help`.
            where = error.ctx.command_path if error.ctx and error.ctx.parent else "toneaudit"
            _error_line(Phrase("{problem} (see '{where} --help')", problem=_said(error), where=where), reader.lang)
            status = EXIT_ERROR
        except click.ClickException as error:
            _error_line(_said(error), reader.lang)
            status = EXIT_ERROR
        except click.exceptions.Abort:
            _error_line(Phrase("interrupted"), reader.lang)
            status = 130
        except BrokenPipeError:
            # The reader went away (e.g. `| head`).
            _stdout_to_devnull()
            status = EXIT_FINDINGS
        status = status if isinstance(status, int) else EXIT_OK
        if standalone_mode:
            sys.exit(status)
        return status


def _said(error: click.ClickException):
    """What a click error says: our own sentence (a Phrase, said in the reader's language) or click's."""
    if not isinstance(error.message, Phrase):
        return error.format_message().replace("\n", " ")  # click's own parser errors stay in English
    if isinstance(error, click.BadParameter) and error.param_hint:
        return Phrase("Invalid value for {option}: {problem}", option=error.param_hint, problem=error.message)
    return error.message


@click.group(cls=_Toneaudit, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="toneaudit", message="%(prog)s %(version)s")
def cli():
    """Audit social-media post drafts for tone before they go out."""


@cli.command()
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
    reader = click.get_current_context().find_object(_Reader)
    if messages and reader:
        reader.lang = messages
    _require_working_directory()
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
    config = _configuration(config_path, no_classifier, model_path)
    if config is None:
        return EXIT_ERROR
    if reader and not messages and config.messages:
        reader.lang = config.messages
    for option, names in (("--select", select), ("--ignore", ignore)):
        for name in names:
            if unknown_rule(name):
                raise click.BadParameter(unknown_rule(name), param_hint=f"'{option}'")
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

    for result in results:  # errors and notes in the reader's language, on stderr and in the report
        result.error = in_language(result.error, reader.lang if reader else languages.default("messages")) if result.error else result.error
        result.notes = [in_language(note, reader.lang if reader else languages.default("messages")) for note in result.notes]
        if result.error:
            _error_line(f"{result.path}: {result.error}")
    if color is None:
        color = _stdout_is_terminal() and "NO_COLOR" not in os.environ
    output = render(format_name, results, RenderOptions(color=color, messages_lang=messages, policy=policy,
                                                        quiet=quiet))
    if output and not patch:  # `--fix --diff` prints the patch alone, for `git apply` or `patch -p1`
        _echo(output, nl=False, color=color)
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
            _echo(unified_diff(source.path, source.text, text), nl=False)
            continue
        problem = _write_fixed(output_path or source.path, source, text)
        if problem:
            result.error = problem
            continue
        said.extend(applied)
    for line in said:
        (_echo if format_name == "text" else _error_line)(line)


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
        handle = tempfile.NamedTemporaryFile("wb", dir=folder, prefix=".toneaudit-", delete=False)
        try:
            with handle:
                handle.write(data)
            if mode is not None:
                os.chmod(handle.name, mode)
            os.replace(handle.name, path)  # a link named as the output is replaced, never followed
        except BaseException:
            os.unlink(handle.name)
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


def _require_working_directory() -> None:
    # Relative names and the configuration search start there: without it, nothing can be checked.
    try:
        os.getcwd()
    except OSError as error:
        raise click.ClickException(Phrase("the working directory is gone or unreadable ({reason}); cd into an existing "
                                          "folder and run again", reason=error.strerror)) from None


def _read_inputs(paths, max_bytes: int, jsonl: bool):
    """A FileResult per input, in order, and the drafts still to audit: (index, source, language)."""
    from .sources import InputError, read, read_jsonl
    from .walk import expand

    results, sources = [], []
    for path, problem in ([(path, None) for path in paths] if jsonl else expand(paths)):  # folders: their drafts
        try:
            if problem is not None:
                raise InputError(problem)
            entries = read_jsonl(path, max_bytes) if jsonl else [(path, read(path, max_bytes), None)]
        except InputError as error:
            entries = [(path, error, None)]
        for label, source, draft_lang in entries:
            if isinstance(source, InputError):
                results.append(FileResult(label, error=said_by(source)))
            else:
                sources.append((len(results), source, draft_lang, None))
                results.append(FileResult(source.path, notes=source.notes))
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
        results.append(FileResult(source.path, notes=source.notes))
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


def _configuration(config_path, no_classifier: bool, model_path):
    """The configuration with the command-line overrides, or None after printing why it is broken.
    `model_path` is --model, or TONEAUDIT_MODEL (which entry.py turns into --model)."""
    try:
        config = load_config(config_path, model=model_path or None)
    except ConfigError as error:
        _error_line(error)
        return None
    for note in config.notes:
        _error_line(Phrase("note: {note}", note=note))
    if no_classifier:
        config = dataclasses.replace(config, classifier=False)
    if config.model and config.classifier:
        from .classifier import ModelError, load

        try:
            model = load(config.model, config.model_sha256)
        except (ModelError, OSError) as error:
            _error_line(said_by(error) if isinstance(error, ModelError) else
                        Phrase("{path}: cannot read the model ({reason})", path=config.model, reason=error.strerror))
            return None
        # A model is data and never runs code, but it decides the verdicts: say which file that is.
        _error_line(Phrase("using the model {path} (SHA-256 {sha256})", path=config.model, sha256=model.sha256))
    return config


def _stdout_is_terminal() -> bool:
    # Under `toneaudit serve`, stdout is captured: the client says whether its own stdout is a terminal.
    told = os.environ.get("TONEAUDIT_STDOUT_TTY")
    return told == "1" if told is not None else sys.stdout is not None and sys.stdout.isatty()


def exit_status(results: list[FileResult], policy: Policy) -> int:
    if any(result.error for result in results):
        return EXIT_ERROR
    return EXIT_FINDINGS if any(policy.blocks(result.report) for result in results) else EXIT_OK


@cli.command()
@click.option("--corpus", "corpus_paths", multiple=True, type=click.Path(exists=True), default=("corpora",),
              show_default=True, help="Corpus folder or JSONL file (repeatable).")
@click.option("--out", type=click.Path(dir_okay=False), default="models/toneaudit-model.joblib", show_default=True)
@click.option("--card", type=click.Path(dir_okay=False), default=None,
              help="Also write the model card here, with figures on the test split (and --bench).")
@click.option("--bench", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Labelled real texts to evaluate on for the card (institutional, commercial, aggressive).")
def train(corpus_paths, out, card, bench):
    """Train the classifier on labelled drafts (train split; choices by cross-validation on train and dev)."""
    from .training.corpus import CorpusError
    from .training.train import train as run_training

    try:
        record = run_training(corpus_paths, out)
    except (CorpusError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    if card:
        _write_card(record, corpus_paths, out, card, bench)
    for lang, entry in record["languages"].items():
        choices = ", ".join(f"{name} C={c['C']} t={c['threshold']} rules≥{c['rule_override']}" for name, c in entry["choices"].items())
        _echo(f"{lang}: {entry['train']} train / {entry['dev']} dev drafts, {entry['features']} features; {choices}")
    _echo(f"wrote {shown(record['path'])} ({record['bytes']} bytes, SHA-256 {record['sha256']})")
    return EXIT_OK


def _write_card(record, corpus_paths, out, card, bench):
    import dataclasses
    from pathlib import Path

    from .config import Config
    from .training import card as model_card
    from .training.corpus import load_corpus
    from .training.evaluate import counterfactuals
    from .training.evaluate import evaluate as run_evaluation

    # Evaluate the model just written, whatever model the configuration names.
    config = dataclasses.replace(Config(), model=str(out), model_sha256=record["sha256"])
    record["version"] = __version__

    def both_modes(examples, dimensions):
        return {lang: {mode: run_evaluation([e for e in examples if e.lang == lang], config, classifier, dimensions)
                       for mode, classifier in (("rules", False), ("rules+classifier", True))}
                for lang in languages.codes() if any(e.lang == lang for e in examples)}

    from .rules import DIMENSIONS

    test_split = [e for e in load_corpus(corpus_paths) if e.split == "test"]
    test = both_modes(test_split, DIMENSIONS)
    bench_scores = both_modes(load_corpus([bench]), ("institutional", "commercial", "aggressive")) if bench else None
    edits = counterfactuals(test_split, config)
    # The card ships: it names the benchmark file, not where it lies on the machine that trained.
    bench_name = Path(bench).name if bench else None
    Path(card).write_text(model_card.render(record, test, bench_scores, bench_name, edits) + "\n", encoding="utf-8")
    _echo(f"wrote {shown(card)}")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--split", type=click.Choice(["train", "dev", "test", "all"]), default="all", show_default=True,
              help="Only the drafts of this split of the hash-based split.")
@click.option("--format", "format_name", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--no-classifier", is_flag=True, help="Rules alone.")
@click.option("--compare", is_flag=True, help="Rules alone and rules with the classifier, side by side.")
@click.option("--dimensions", default=",".join(("institutional", "commercial", "aggressive", "impersonal", "familiar")),
              show_default=True, help="Comma-separated dimensions to score (the others are ignored).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None)
@click.option("--model", "model_path", type=click.Path(dir_okay=False), default=None)
def evaluate(paths, split, format_name, no_classifier, compare, dimensions, config_path, model_path):
    """Precision, recall, F1, macro-F1 and false alarms on labelled JSONL files or folders, per language."""
    import json

    from .rules import DIMENSIONS
    from .training.corpus import CorpusError, load_corpus
    from .training.evaluate import evaluate as run_evaluation
    from .training.evaluate import render_text

    chosen = tuple(name.strip() for name in dimensions.split(",") if name.strip())
    unknown = [name for name in chosen if name not in DIMENSIONS]
    if unknown or not chosen:
        raise click.BadParameter(f"unknown dimension {unknown[0] if unknown else '(none)'}", param_hint="--dimensions")
    _require_working_directory()  # the configuration search starts there
    config = _configuration(config_path, False, model_path)
    if config is None:
        return EXIT_ERROR
    try:
        examples = load_corpus(paths)
    except CorpusError as error:
        raise click.ClickException(str(error)) from None
    if split != "all":
        examples = [example for example in examples if example.split == split]
    modes = [("rules", False), ("rules+classifier", True)] if compare else [("rules", False)] if no_classifier else [("rules+classifier", True)]
    results = {}
    for lang in languages.codes():
        mine = [example for example in examples if example.lang == lang]
        if mine:
            results[lang] = {mode: run_evaluation(mine, config, classifier, chosen) for mode, classifier in modes}
    if format_name == "json":
        _echo(json.dumps({lang: {mode: scores.to_dict() for mode, scores in by_mode.items()}
                          for lang, by_mode in results.items()}, indent=2))
    else:
        for lang, by_mode in results.items():
            for mode, scores in by_mode.items():
                _echo(render_text(f"[{lang}] {mode}", scores))
    return EXIT_OK


@cli.command()
@click.option("--socket", "socket_path", default=None, metavar="PATH",
              help="Where to listen (default: in the user's runtime directory).")
def serve(socket_path):
    """Keep spaCy and the model loaded and answer `toneaudit check` (Ctrl-C stops)."""
    from .server import ServerError
    from .server import serve as run_server

    try:
        run_server(socket_path or os.environ.get("TONEAUDIT_SOCKET") or None,
                   ready=lambda where: _error_line(f"serving on {where} (Ctrl-C stops)"))
    except (ServerError, OSError) as error:
        raise click.ClickException(str(error)) from None
    return EXIT_OK


@cli.group()
def hook():
    """Install or remove a plain git pre-commit hook (without the pre-commit framework)."""


@hook.command("install")
@click.option("--fail-on", type=click.Choice(FAIL_ON_CHOICES), default="flagged", show_default=True,
              help="What blocks the commit: a flagged dimension, or findings at or above a level.")
@click.option("--diff", is_flag=True, help="Judge only the lines a commit adds, not whole files.")
@click.option("--force", is_flag=True, help="Replace an existing pre-commit hook that is not toneaudit's.")
def install_hook(fail_on, diff, force):
    """Write .git/hooks/pre-commit: check the staged text and Markdown files before each commit."""
    from .githook import HookError, install

    try:
        path = install(fail_on, diff=diff, force=force)
    except HookError as error:
        raise click.ClickException(str(error)) from None
    _echo(f"installed {path}")
    return EXIT_OK


@hook.command("uninstall")
def uninstall_hook():
    """Remove the hook that `toneaudit hook install` wrote (never someone else's)."""
    from .githook import HookError, uninstall

    try:
        path = uninstall()
    except HookError as error:
        raise click.ClickException(str(error)) from None
    _echo(f"removed {path}" if path else "no pre-commit hook to remove")
    return EXIT_OK


@cli.group()
def rules():
    """List the rules, or explain one."""


@rules.command("list")
@click.option("--lang", type=click.Choice(languages.codes()), default=None, help="Only this language's rules.")
def list_rules(lang):
    """Every rule id with its dimension, default severity and languages."""
    from .rules import load_rules

    table = {}
    for language in [lang] if lang else languages.codes():
        for rule in load_rules(language):
            table.setdefault(rule.id, (rule, []))[1].append(language)
    for rule_id, (rule, codes) in sorted(table.items()):
        _echo(f"{rule_id:34} {rule.dimension:14} {str(rule.severity):8} {','.join(codes)}")
    return EXIT_OK


@rules.command("explain")
@click.argument("rule_id")
@click.option("--messages", type=click.Choice(languages.codes()), default=None,
              help="Language of the explanation (default: the system locale's, then French).")
def explain_rule(rule_id, messages):
    """What a rule catches, why it hurts a post, examples, and what to write instead."""
    from .messages import entry
    from .rules import DIMENSIONS, known_rule_ids, load_rules

    messages = messages or locale_language(default=languages.default("explain"))
    reader = click.get_current_context().find_object(_Reader)
    if reader:
        reader.lang = messages
    found = [rule for language in languages.codes() for rule in load_rules(language) if rule.id == rule_id]
    if not found and rule_id not in known_rule_ids():
        raise click.ClickException(unknown_rule(rule_id) or Phrase("{rule!r} is a prefix of rule ids, not one rule; see "
                                                                   "'toneaudit rules list'", rule=rule_id))
    info = entry(rule_id, messages)
    if not found:  # an id the engine prints without a rule of its own: X.classifier, X.custom, toneaudit.*
        dimension = rule_id.split(".")[0]
        _echo(f"{rule_id} ({dimension if dimension in DIMENSIONS else 'toneaudit'}, warning)")
        _echo(info.get("explain", ""))
        return EXIT_OK
    _echo(f"{rule_id} ({found[0].dimension}, {found[0].severity})")
    _echo(info.get("explain", ""))
    for rule in found:
        _echo(f"\n[{rule.lang}]")
        for example in rule.examples_fail:
            _echo(f"  flagged:     {example}")
        for example in rule.examples_pass:
            _echo(f"  not flagged: {example}")
    if info.get("suggestion"):
        _echo(f"\n  instead:     {info['suggestion']}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> None:
    """The console script (see entry.py, which the installed command calls)."""
    from .entry import main as entry_main

    entry_main(argv)
