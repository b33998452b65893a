import json
import os
import re
import urllib.parse

import pytest

from toneaudit import __version__, audit
from toneaudit.reporters import FileResult, RenderOptions, render
from toneaudit.rules import DIMENSIONS, load_rules

TEXT = "Ligne un, je vous écris.\nACHETEZ MAINTENANT !!!\n"


def _document(results, messages_lang="en"):
    return json.loads(render("sarif", results, RenderOptions(messages_lang=messages_lang)))


def test_sarif_2_1_0_structure():
    report = audit(TEXT, lang="fr")
    document = _document([FileResult("posts/promo.md", report), FileResult("gone.md", error="file not found")])
    assert document["version"] == "2.1.0" and document["$schema"].endswith("sarif-2.1.0.json")
    (run,) = document["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "toneaudit" and driver["version"] == __version__
    assert run["columnKind"] == "unicodeCodePoints"
    # One rule entry per rule (both languages' rules and the classifier's), each with its help text.
    rule_ids = [rule["id"] for rule in driver["rules"]]
    expected = {rule.id for lang in ("fr", "en") for rule in load_rules(lang)} | {f"{d}.classifier" for d in DIMENSIONS}
    assert sorted(rule_ids) == rule_ids and set(rule_ids) == expected and len(rule_ids) == len(expected)
    for rule in driver["rules"]:
        assert rule["help"]["text"] and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("note", "warning", "error")
    # Results point into the rules and carry regions that agree with the finding's offsets.
    assert len(run["results"]) == len(report.findings) > 0
    for result, finding in zip(run["results"], report.findings):
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"] == finding.rule
        expected = "note" if finding.advice else {"info": "note", "warning": "warning", "error": "error"}[str(finding.severity)]
        assert result["level"] == expected and result["properties"]["advice"] == finding.advice
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "posts/promo.md"
        region = location["region"]
        assert (region["startLine"], region["startColumn"]) == (finding.line, finding.column)
        assert TEXT[region["charOffset"]:region["charOffset"] + region["charLength"]] == region["snippet"]["text"]
        lines = TEXT.split("\n")
        if region["startLine"] == region["endLine"]:
            line = lines[region["startLine"] - 1]
            assert line[region["startColumn"] - 1:region["endColumn"] - 1] == finding.text
    capitals = next(r for r in run["results"] if r["ruleId"] == "aggressive.call-to-action")
    assert capitals["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    # The unreadable file is a notification, and the run says it did not fully succeed.
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"] == "file not found"


def test_sarif_help_follows_the_message_language():
    english = _document([], "en")["runs"][0]["tool"]["driver"]["rules"]
    french = _document([], "fr")["runs"][0]["tool"]["driver"]["rules"]
    urgency_en = next(rule for rule in english if rule["id"] == "aggressive.urgency")
    urgency_fr = next(rule for rule in french if rule["id"] == "aggressive.urgency")
    assert urgency_en["help"]["text"] != urgency_fr["help"]["text"]
    assert not _document([], "en")["runs"][0]["results"]


@pytest.mark.parametrize("name", ["mon post.md", "notes#1.md", "100%.md", "c:/posts/été.md", "c:post.md",
                                  "a?b.md", "posts/café 2024.md", "x:y/z.md", os.fsdecode(b"caf\xe9.md")])
def test_artifact_uris_are_relative_references_that_give_back_the_name(name):
    report = audit(TEXT, lang="fr")
    document = _document([FileResult(name, report), FileResult(name, error="empty file")])
    (run,) = document["runs"]
    uris = {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in run["results"]}
    uris |= {notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
             for notification in run["invocations"][0]["toolExecutionNotifications"]}
    (uri,) = uris
    # RFC 3986: only unreserved characters, sub-delimiters, ":", "@", "/" and %XX escapes.
    assert re.fullmatch(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*", uri), uri
    parts = urllib.parse.urlsplit(uri)
    assert (parts.scheme, parts.netloc, parts.query, parts.fragment) == ("", "", "", ""), uri
    assert urllib.parse.unquote_to_bytes(parts.path) == os.fsencode(name)
