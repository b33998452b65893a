"""`--format text`: one line per finding (`path:line:col: severity rule message`), a suggestion line
under it, one summary line per file that says whether it would block and why, then a total line.
Colours only when asked (the CLI asks on a terminal)."""
from __future__ import annotations

from .. import languages
from ..findings import Severity
from ..messages import counted, decimal, interface
from . import blocking_reasons, findings_shown, one_line, shown

_COLORS = {Severity.INFO: "36", Severity.WARNING: "33", Severity.ERROR: "31"}


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def render(results, options) -> str:
    lines = []
    totals = {"files": 0, "unreadable": 0, "findings": 0, "advices": 0, "blocked": 0}
    total_lang = options.messages_lang
    for result in results:
        if result.report is None:
            totals["unreadable"] += 1
            continue  # input errors go to stderr, from the CLI
        report, path = result.report, one_line(shown(result.path))
        lang = options.messages_lang or report.lang
        total_lang = total_lang or lang
        words = interface(lang)
        colon = words["colon"]
        for note in result.notes + report.notes:
            lines.append(f"{path}: {words['note']}{colon} {note}")
        for finding in findings_shown(report, options):
            advice = finding.advice
            severity = _paint(str(finding.severity), _COLORS[finding.severity], options.color)
            marker = f" [{words['advice']}]" if advice else ""
            lines.append(f"{path}:{finding.line}:{finding.column}: {severity} {finding.rule}{marker} {finding.message}")
            if finding.suggestion:
                lines.append(f"    {words['try']}{colon} {finding.suggestion}")
            totals["findings"] += 1
            totals["advices"] += advice
        names = [words["dimensions"].get(name, name) for name in report.flagged]
        verdict = f"{words['flagged']}{colon} {', '.join(names)}" if names else words["ok"]
        reasons = options.policy.reasons(report)
        block = f"{words['blocks']}{colon} {blocking_reasons(reasons, options.policy, lang)}" if reasons else words["passes"]
        summary = (f"{path}: {words['score']} {decimal(report.score, lang)}/100 [{report.lang}] {verdict}"
                   f"{words['semicolon']} {block}")
        lines.append(_paint(summary, "1", options.color))
        totals["files"] += 1
        totals["blocked"] += bool(reasons)
    if totals["files"]:
        lines.append(_total(totals, total_lang or languages.default("messages")))
    return "\n".join(lines) + ("\n" if lines else "")


def _total(totals: dict, lang: str) -> str:
    files = counted(lang, "files", totals["files"])
    if totals["unreadable"]:
        files += ", " + counted(lang, "unreadable", totals["unreadable"])
    findings = counted(lang, "findings", totals["findings"])
    if totals["advices"]:
        findings += f" ({counted(lang, 'advices', totals['advices'])})"
    return interface(lang)["total"].format(files=files, findings=findings,
                                           blocked=counted(lang, "blocked", totals["blocked"]))
