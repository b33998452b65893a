"""`--format sarif`: SARIF 2.1.0, the format code-scanning services read (GitHub, GitLab, Azure DevOps).

One run; the driver lists every rule (both languages, the classifier's per-dimension rules) with its
help text, and each finding is a result whose region gives lines, columns and character offsets.
Columns count Unicode code points, as toneaudit's offsets do (`columnKind`).
"""
from __future__ import annotations

import json
from urllib.parse import quote

from .. import __version__, languages
from ..findings import Severity
from . import findings_shown

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.INFO: "note", Severity.WARNING: "warning", Severity.ERROR: "error"}


def render(results, options) -> str:
    rules = _rule_descriptors(options.messages_lang or languages.default("messages"))
    index = {rule["id"]: number for number, rule in enumerate(rules)}
    sarif_results, notifications = [], []
    for result in results:
        if result.report is None:
            notifications.append({"level": "error", "message": {"text": result.error},
                                  "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(result.path)}}}]})
            continue
        for finding in findings_shown(result.report, options):
            if finding.rule not in index:  # a rule the catalogue does not list (should not happen): add it
                index[finding.rule] = len(rules)
                rules.append({"id": finding.rule, "shortDescription": {"text": finding.rule}})
            entry = {
                "ruleId": finding.rule,
                "ruleIndex": index[finding.rule],
                # Advice is a note, whatever the rule's severity: the draft's tone is not this.
                "level": "note" if finding.advice else _LEVELS[finding.severity],
                "message": {"text": finding.message + (f" ({finding.suggestion})" if finding.suggestion else "")},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": _uri(result.path)},
                    "region": {
                        "startLine": finding.line, "startColumn": finding.column,
                        "endLine": finding.end_line, "endColumn": finding.end_column,
                        "charOffset": finding.start, "charLength": finding.end - finding.start,
                        "snippet": {"text": finding.text},
                    },
                }}],
                "properties": {"dimension": finding.dimension, "lang": result.report.lang,
                               "advice": finding.advice},
            }
            if finding.suggestion:
                entry["properties"]["suggestion"] = finding.suggestion
            sarif_results.append(entry)
    run = {
        "tool": {"driver": {"name": "toneaudit", "version": __version__, "semanticVersion": __version__,
                            "informationUri": "https://pypi.org/project/toneaudit/", "rules": rules}},
        "columnKind": "unicodeCodePoints",
        "results": sarif_results,
        "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=2) + "\n"


def _uri(path: str) -> str:
    # SARIF wants URIs: forward slashes, relative to the repository when the path was given so. The
    # name's bytes (as the file system has them, undecodable ones included) are percent-encoded, all
    # but "/": ":" too, so that no first segment ("c:", "x:y") reads as a scheme.
    if path == "-":
        return "stdin"
    return quote(path.replace("\\", "/").encode("utf-8", "surrogateescape"), safe="/")


def _rule_descriptors(lang: str) -> list[dict]:
    """Every rule the catalogue knows, with its help text (the text of `toneaudit rules explain`)."""
    from ..messages import entry
    from ..rules import DIMENSIONS, load_rules

    rules: dict[str, dict] = {}
    for language in sorted(languages.codes(), key=lambda code: code != lang):
        for rule in load_rules(language):
            if rule.id in rules:
                continue
            info = entry(rule.id, lang)
            rules[rule.id] = _descriptor(rule.id, rule.dimension, rule.severity, info, info.get("suggestion"))
    for dimension in DIMENSIONS:
        rule_id = f"{dimension}.classifier"
        rules[rule_id] = _descriptor(rule_id, dimension, Severity.WARNING, entry(rule_id, lang), None)
    return [rules[rule_id] for rule_id in sorted(rules)]


def _descriptor(rule_id: str, dimension: str, severity: Severity, info: dict, suggestion: str | None) -> dict:
    explain = info.get("explain") or rule_id
    help_text = explain + (f"\n\nInstead: {suggestion}" if suggestion else "")
    return {
        "id": rule_id,
        "name": rule_id.replace(".", "/"),
        "shortDescription": {"text": explain.split(". ")[0].rstrip(".") + "."},
        "fullDescription": {"text": explain},
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": _LEVELS[severity]},
        "properties": {"tags": ["tone", dimension]},
    }
