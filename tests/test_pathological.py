"""Inputs that once hung or ate gigabytes: they must end, with a report, offsets intact."""
import subprocess
import sys

from toneaudit import audit
from toneaudit.draft import _breakable, prepare
from toneaudit.engine import _PIECE, _parse
from toneaudit.pipelines import load


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
