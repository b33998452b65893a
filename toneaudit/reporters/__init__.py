"""Reporters turn reports into text for a stream. Each one is a function registered by format name:
`render(results, options) -> str`. They never decide what is wrong, only how it reads."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..report import Report


@dataclass
class FileResult:
    """A report for one input, or the one-line reason it could not be audited."""

    path: str
    report: Report | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class RenderOptions:
    color: bool = False
    messages_lang: str | None = None


def render(format_name: str, results: list[FileResult], options: RenderOptions) -> str:
    from . import github_reporter, json_reporter, sarif_reporter, text_reporter

    renderers = {"text": text_reporter.render, "json": json_reporter.render, "sarif": sarif_reporter.render,
                 "github": github_reporter.render}
    return renderers[format_name](results, options)


FORMATS = ("text", "json", "sarif", "github")
