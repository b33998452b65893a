"""Batches: JSONL input, the same reports as one at a time, and in several processes."""
import json

from click.testing import CliRunner

from toneaudit import audit, audit_many
from toneaudit.cli import cli

DRAFTS = [
    ("a", "ACHETEZ MAINTENANT !!! Dernière chance, -50% avec le code PROMO50", "fr"),
    ("b", "J'ai passé la matinée à l'atelier avec Claire, et je vous montre bientôt nos tasses.", None),
    ("c", "Acme Corp is pleased to announce a strategic partnership to leverage synergies.", None),
    ("d", "omg u guys this new drop is lit af lol", "en"),
]


def test_audit_many_matches_audit_one_by_one():
    texts = [text for _, text, _ in DRAFTS] * 5
    many = audit_many(texts, batch_size=3)
    assert [report.to_dict() for report in many] == [audit(text).to_dict() for text in texts]


def test_a_long_draft_in_a_batch_keeps_every_report_in_its_place():
    from toneaudit.engine import _PIECE

    long = "Nous sommes ravis de vous annoncer notre offre exceptionnelle.\n" * (_PIECE // 40)
    assert len(long) > _PIECE
    texts = [DRAFTS[1][1], long, DRAFTS[0][1], long + "Je vous attends à l'atelier.", DRAFTS[1][1]]
    many = audit_many(texts, lang="fr", batch_size=2)
    assert [report.to_dict() for report in many] == [audit(text, "fr").to_dict() for text in texts]


def test_audit_many_returns_errors_in_place():
    results = audit_many(["Bonjour à tous, je suis ravie.", "Bonjour"], lang=["fr", "de"])
    assert results[0].lang == "fr" and isinstance(results[1], Exception)


def _jsonl(tmp_path, lines):
    path = tmp_path / "drafts.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_jsonl_input_and_jobs_give_the_same_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lines = [json.dumps({"id": f"{name}{copy}", "text": text, **({"lang": lang} if lang else {})}) + "\n"
             for copy in range(6) for name, text, lang in DRAFTS]
    path = _jsonl(tmp_path, lines + ["not json\n", json.dumps({"text": "   "}) + "\n"])
    runner = CliRunner()
    one = runner.invoke(cli, ["check", "--jsonl", str(path), "--format", "json"])
    two = runner.invoke(cli, ["check", "--jsonl", str(path), "--format", "json", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 2  # two bad lines are input errors
    assert one.stdout == two.stdout
    data = json.loads(one.stdout)
    assert [entry["path"] for entry in data["files"][:4]] == ["a0", "b0", "c0", "d0"]
    assert {entry["path"] for entry in data["errors"]} == {f"{path}:25", f"{path}:26"}
    assert "not a draft line" in one.stderr and "empty draft" in one.stderr
    assert "aggressive" in [name for name, verdict in data["files"][0]["dimensions"].items() if verdict["flagged"]]


_WORKERS_THAT_DIE = """
import sys
from toneaudit.batch import audit_all
from toneaudit.config import Config

sys.stdin = object()  # multiprocessing closes standard input in each new worker: this one cannot be closed
texts = ["Bonjour, je vous présente mon atelier."] * 40
outcomes = audit_all(texts, ["fr"] * 40, [False] * 40, Config(), None, jobs=2)
print(len(outcomes), sorted({type(outcome).__name__ for outcome in outcomes}), outcomes[0])
"""


def test_workers_that_die_are_an_error_for_their_drafts_not_a_hang():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _WORKERS_THAT_DIE], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    count, kinds, first = done.stdout.split(" ", 2)
    assert count == "40" and "RuntimeError" in kinds, done.stdout
    assert "worker" in first
