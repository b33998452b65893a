"""The command line: the group and the commands besides `check` (check.py), wired to the configuration,
the engine, training and the server. No analysis here."""
from __future__ import annotations

import os
import sys

import click

from . import __version__, languages
from .blocking import FAIL_ON_CHOICES
from .check import check
from .console import EXIT_ERROR, EXIT_OK, Reader, configuration, echo, error_line, require_working_directory, run
from .messages import Phrase, locale_language
from .reporters import shown
from .rules import unknown_rule


class _Toneaudit(click.Group):
    """Click's group, with every error turned into one line on stderr and the exit codes of the contract."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        reader = Reader()

        def invoke():
            return super(_Toneaudit, self).main(args=args, prog_name=prog_name, complete_var=complete_var,
                                                standalone_mode=False, obj=reader, **extra)

        status = run(invoke, reader)
        if standalone_mode:
            sys.exit(status)
        return status


@click.group(cls=_Toneaudit, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="toneaudit", message="%(prog)s %(version)s")
def cli():
    """Audit social-media post drafts for tone before they go out."""


cli.add_command(check)


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
        echo(f"{lang}: {entry['train']} train / {entry['dev']} dev drafts, {entry['features']} features; {choices}")
    echo(f"wrote {shown(record['path'])} ({record['bytes']} bytes, SHA-256 {record['sha256']})")
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
    echo(f"wrote {shown(card)}")


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
    require_working_directory()  # the configuration search starts there
    config = configuration(config_path, False, model_path)
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
        echo(json.dumps({lang: {mode: scores.to_dict() for mode, scores in by_mode.items()}
                          for lang, by_mode in results.items()}, indent=2))
    else:
        for lang, by_mode in results.items():
            for mode, scores in by_mode.items():
                echo(render_text(f"[{lang}] {mode}", scores))
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
                   ready=lambda where: error_line(f"serving on {where} (Ctrl-C stops)"))
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
    echo(f"installed {path}")
    return EXIT_OK


@hook.command("uninstall")
def uninstall_hook():
    """Remove the hook that `toneaudit hook install` wrote (never someone else's)."""
    from .githook import HookError, uninstall

    try:
        path = uninstall()
    except HookError as error:
        raise click.ClickException(str(error)) from None
    echo(f"removed {path}" if path else "no pre-commit hook to remove")
    return EXIT_OK


@cli.group()
def rules():
    """List the rules, or explain one."""


@rules.command("list")
@click.option("--lang", type=click.Choice(languages.codes()), default=None, help="Only this language's rules.")
def list_rules(lang):
    """Every rule id with its dimension, default severity and languages."""
    from .rules import Rule, load_rules

    table: dict[str, tuple[Rule, list[str]]] = {}
    for language in [lang] if lang else languages.codes():
        for rule in load_rules(language):
            table.setdefault(rule.id, (rule, []))[1].append(language)
    for rule_id, (rule, codes) in sorted(table.items()):
        echo(f"{rule_id:34} {rule.dimension:14} {str(rule.severity):8} {','.join(codes)}")
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
    reader = click.get_current_context().find_object(Reader)
    if reader:
        reader.lang = messages
    found = [rule for language in languages.codes() for rule in load_rules(language) if rule.id == rule_id]
    if not found and rule_id not in known_rule_ids():
        raise click.ClickException(unknown_rule(rule_id) or Phrase("{rule!r} is a prefix of rule ids, not one rule; see "
                                                                   "'toneaudit rules list'", rule=rule_id))
    info = entry(rule_id, messages)
    if not found:  # an id the engine prints without a rule of its own: X.classifier, X.custom, toneaudit.*
        dimension = rule_id.split(".")[0]
        echo(f"{rule_id} ({dimension if dimension in DIMENSIONS else 'toneaudit'}, warning)")
        echo(info.get("explain", ""))
        return EXIT_OK
    echo(f"{rule_id} ({found[0].dimension}, {found[0].severity})")
    echo(info.get("explain", ""))
    for rule in found:
        echo(f"\n[{rule.lang}]")
        for example in rule.examples_fail:
            echo(f"  flagged:     {example}")
        for example in rule.examples_pass:
            echo(f"  not flagged: {example}")
    if info.get("suggestion"):
        echo(f"\n  instead:     {info['suggestion']}")
    return EXIT_OK
