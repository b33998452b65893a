"""`--format text`: one line per finding (`path:line:col: severity rule message`), a suggestion line
under it, then one summary line per file. Colours only when asked (the CLI asks on a terminal)."""
from __future__ import annotations

from ..findings import Severity
from . import one_line, shown

_COLORS = {Severity.INFO: "36", Severity.WARNING: "33", Severity.ERROR: "31"}
_LABELS = {
    "fr": {"score": "score", "ok": "aucun problème de ton", "flagged": "à revoir", "try": "suggestion", "note": "note"},
    "en": {"score": "score", "ok": "no tone problem", "flagged": "flagged", "try": "try", "note": "note"},
}


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def render(results, options) -> str:
    lines = []
    for result in results:
        if result.report is None:
            continue  # input errors go to stderr, from the CLI
        report, path = result.report, one_line(shown(result.path))
        labels = _LABELS.get(options.messages_lang or report.lang, _LABELS["en"])
        for note in result.notes + report.notes:
            lines.append(f"{path}: {labels['note']}: {note}")
        for finding in report.findings:
            severity = _paint(str(finding.severity), _COLORS[finding.severity], options.color)
            lines.append(f"{path}:{finding.line}:{finding.column}: {severity} {finding.rule} {finding.message}")
            if finding.suggestion:
                lines.append(f"    {labels['try']}: {finding.suggestion}")
        flagged = report.flagged
        verdict = f"{labels['flagged']}: {', '.join(flagged)}" if flagged else labels["ok"]
        summary = f"{path}: {labels['score']} {report.score:g}/100 [{report.lang}] {verdict}"
        lines.append(_paint(summary, "1", options.color))
    return "\n".join(lines) + ("\n" if lines else "")
