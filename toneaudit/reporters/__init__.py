"""Reporters turn reports into text for a stream. Each one is a function registered by format name:
`render(results, options) -> str`. They never decide what is wrong, only how it reads."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..blocking import Policy
from ..messages import decimal, interface
from ..report import Report


@dataclass
class FileResult:
    """A report for one input, or the one-line reason it could not be audited."""

    path: str
    report: Report | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    # The draft as written, for a format that shows it (html).
    text: str | None = None


@dataclass
class RenderOptions:
    color: bool = False
    messages_lang: str | None = None
    # What blocks (the exit status's policy): summaries say whether each draft would block.
    policy: Policy = field(default_factory=Policy)
    # Leave out advice (findings on dimensions that are not flagged).
    quiet: bool = False


def findings_shown(report: Report, options: RenderOptions) -> list:
    return [finding for finding in report.findings if not (options.quiet and finding.advice)]


def shown(name: str) -> str:
    """A file name as every output can print it. Bytes that are not UTF-8 in a name reach Python as lone
    surrogates (surrogateescape), which no UTF-8 output can hold: they are shown as `\\xe9` escapes,
    visible and naming the byte, in every format and on standard error."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no file name decodes to: shown as its code point
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


# Characters that break or rewrite a line on a terminal: C0 and C1 controls, DEL, line and paragraph separators.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """Text for a line of its own (a message on standard error, a name in the text report): a file may be
    named "x.md\\ntoneaudit: ..." or hold terminal escapes, so these are shown escaped (`\\n`, `\\x1b`)."""
    return _CONTROLS.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def blocking_reasons(reasons, policy, lang: str) -> str:
    """Why a draft blocks, in `lang`: its blocking dimensions, the rules at or above the level, the score."""
    words = interface(lang)
    parts, rules = [], []
    for reason in reasons:
        if reason.kind == "dimension":
            parts.append(words["dimensions"].get(reason.name, reason.name))
        elif reason.kind == "finding":
            rules.append(reason.name)
        elif reason.kind == "score":
            parts.append(words["reason-score"].format(score=decimal(float(reason.name), lang),
                                                      minimum=decimal(policy.min_score, lang)))
        elif reason.kind == "encoding":
            parts.append(words["reason-encoding"])
    if rules:
        shown_rules = ", ".join(rules[:3]) + (", …" if len(rules) > 3 else "")
        parts.insert(0, words["reason-finding"].format(level=policy.fail_on, rules=shown_rules))
    return ", ".join(dict.fromkeys(parts))


def render(format_name: str, results: list[FileResult], options: RenderOptions) -> str:
    """The output of the reporter named `format_name`: the module `<name>_reporter` of this package."""
    from importlib import import_module

    if format_name not in FORMATS:
        raise ValueError(f"unknown format {format_name!r} (known: {', '.join(FORMATS)})")
    return import_module(f"{__name__}.{format_name}_reporter").render(results, options)


def _formats() -> tuple[str, ...]:
    """The formats are the reporter modules found (`sarif_reporter.py` is `--format sarif`): adding a
    format is adding a module with a `render(results, options)` function. Text first, the default."""
    from pkgutil import iter_modules

    names = sorted(module.name.removesuffix("_reporter") for module in iter_modules(__path__)
                   if module.name.endswith("_reporter") and not module.ispkg)
    return tuple(sorted(names, key=lambda name: name != "text"))


FORMATS = _formats()
