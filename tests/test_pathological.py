"""Inputs that once hung or ate gigabytes: they must end, with a report, offsets intact."""
import json
import subprocess
import sys
import unicodedata

import pytest

from toneaudit import audit
from toneaudit.draft import _breakable, prepare
from toneaudit.engine import _PIECE, _parse
from toneaudit.pipelines import load

pytestmark = pytest.mark.slow  # end-to-end: a megabyte of each pathological family


def test_long_punctuation_runs_are_broken_for_spacy_only():
    text = "Génial " + "!" * 500 + " fin"
    broken = _breakable(text)
    assert len(broken) == len(text) and broken.count("!") < 500 and "  " not in broken[:7]
    draft = prepare(text)
    assert draft.analysis_text == text  # the rules still read the real run


def test_long_drafts_are_parsed_in_pieces_that_join_to_the_same_text():
    text = ("Je vends des fleurs au marché.\n" * 1200)[: 3 * _PIECE]
    doc = _parse(load("fr"), text)
    assert doc.text == text
    assert all(text[token.idx:token.idx + len(token.text)] == token.text for token in doc)


def test_offsets_hold_in_a_long_draft():
    text = "mot " * 8000 + "\nACHETEZ MAINTENANT !!!\n" + "encore " * 3000
    report = audit(text, lang="fr")
    assert report.findings
    for finding in report.findings:
        assert text[finding.start:finding.end] == finding.text


def test_two_hundred_thousand_exclamation_marks_end_with_a_report(tmp_path):
    path = tmp_path / "bang.txt"
    path.write_text("!" * 200_000)
    done = subprocess.run([sys.executable, "-m", "toneaudit", "check", "--no-server", "--lang", "fr", str(path)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    assert "aggressive.punctuation-run" in done.stdout


# Drafts of about 1 MB (the default max-bytes) that once took minutes: each hit scanned every suppression,
# every URL, every quotation or every allowed word, and each next-line directive walked the blank lines
# after it. Each must give a report within 30 s through the real command (a timeout, not a benchmark).
LIMIT = 999_000


def _filled(unit: str) -> str:
    return unit * (LIMIT // len(unit.encode()))


PATHOLOGICAL = {
    # name: (draft, a rule its report must hold, a rule it must not hold)
    # 15,000 suppressions of another rule, 105,000 hits between them.
    "suppressions": (("<!--toneaudit:disable=x-->\n" + "mdr " * 7 + "\n") * 15_000, "familiar.sms", None),
    # 15,000 next-line directives whose next non-empty line is 400,000 lines below: that line is silenced.
    "next-line directives": ("<!--toneaudit:disable-next-line=all-->" * 15_000 + "\n" * 400_001 + "ACHETEZ MAINTENANT !!!\n",
                             None, "aggressive.capitals"),
    "quoted calls to action": (_filled("« Achetez » "), None, "aggressive.call-to-action"),
    "urls among hits": (_filled("https://ex.fr/p ACHETEZ !! "), "aggressive.capitals", None),
    # An allowed word (in the configuration) between hits.
    "allowed words": (_filled("Achetez mdr "), "familiar.sms", "aggressive.call-to-action"),
    # Accents written as combining marks (NFD), and marks piled on one letter in no canonical order
    # (normalising that pile takes CPython minutes: it is kept as written).
    "decomposed accents": (_filled(unicodedata.normalize("NFD", "Dernière chance, notre société a réduit ses prix ! ")),
                           "aggressive.urgency", None),
    "combining marks": ("ACHETEZ MAINTENANT a" + "\u0301\u0323" * 249_000 + "\n", "aggressive.call-to-action", None),
    # About a million one-character tokens: the trained components would read them for over 30 s (a
    # draft this long is read by the tokenizer and a rule-based sentencizer only).
    "a million exclamation marks": ("!" * LIMIT, "aggressive.punctuation-run", None),
    "a million one-character lines": (_filled("=\n"), None, None),
    "a million symbol tokens": (_filled("*_"), None, None),
    "a million short words": (_filled("Achetez vite ! "), "aggressive.call-to-action", None),
    # All of them at once, with enables.
    "mixed": (_filled("<!--toneaudit:disable=x-->« Achetez » https://ex.fr/p mdr !!\n<!--toneaudit:disable-next-line=y-->"
                      "\n\n<!--toneaudit:enable=x-->Achetez mdr\n"), "familiar.sms", "aggressive.call-to-action"),
}
ALLOWED = 'allow = { fr = ["achetez"] }\n'


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_a_megabyte_of_a_pathological_family_gets_a_report_in_time(name, tmp_path):
    text, present, absent = PATHOLOGICAL[name]
    assert 800_000 < len(text.encode()) <= 1_000_000
    (tmp_path / "draft.txt").write_text(text, encoding="utf-8")
    (tmp_path / "config.toml").write_text(ALLOWED if name in ("allowed words", "mixed") else "", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "toneaudit", "check", "--no-server", "--format", "json", "--lang", "fr",
                           "--config", "config.toml", "draft.txt"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    assert done.returncode in (0, 1), done.stderr
    rules = {finding["rule"] for finding in json.loads(done.stdout)["files"][0]["findings"]}
    assert present is None or present in rules
    assert absent not in rules
