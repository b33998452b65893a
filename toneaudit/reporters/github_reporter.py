"""`--format github`: GitHub Actions workflow commands, one per finding, so that findings show as
annotations on the pull request's lines: `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::…`.
A file that could not be read is an `::error` on that file."""
from __future__ import annotations

from ..findings import Severity
from . import findings_shown, shown

_COMMANDS = {Severity.INFO: "notice", Severity.WARNING: "warning", Severity.ERROR: "error"}


def render(results, options) -> str:
    lines = []
    for result in results:
        path = _property(shown(result.path))
        if result.report is None:
            lines.append(f"::error file={path},title=toneaudit::{_data(result.error)}")
            continue
        for finding in findings_shown(result.report, options):
            properties = ",".join([
                f"file={path}", f"line={finding.line}", f"col={finding.column}",
                f"endLine={finding.end_line}", f"endColumn={finding.end_column}",
                f"title={_property('toneaudit ' + finding.rule)}",
            ])
            message = finding.message + (f"\n{finding.suggestion}" if finding.suggestion else "")
            # Advice is a notice: an annotation, not a warning on the pull request.
            command = "notice" if finding.advice else _COMMANDS[finding.severity]
            lines.append(f"::{command} {properties}::{_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")


def _data(text: str) -> str:
    # The escaping of GitHub's toolkit (issueCommand): % first, then line breaks.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
