"""The command line, through click's runner and once through the real installed command."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.test_server import _run as _run_with_or_without_server
from tests.test_server import server  # noqa: F401 (the fixture: a running `toneaudit serve`)
from toneaudit import __version__
from toneaudit.cli import cli

GOOD = "J'ai passé la matinée à l'atelier avec Claire, et je vous montre bientôt nos nouvelles tasses.\n"
PUSHY = "ACHETEZ MAINTENANT !!! Dernière chance, -50% avec le code PROMO50 👉 https://shop.example.fr/promo\n"


@pytest.fixture
def drafts(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no configuration file above us but our own
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "pushy.txt").write_text(PUSHY, encoding="utf-8")
    return tmp_path


def run(args, input=None):
    """Run main() as the console script does, capturing exit status and both streams."""
    runner = CliRunner()
    result = runner.invoke(cli, args, input=input, catch_exceptions=False, prog_name="toneaudit")
    return result


def test_good_draft_exits_0(drafts):
    result = run(["check", "good.txt"])
    assert result.exit_code == 0, result.output
    summary, total = result.output.strip().splitlines()[-2:]
    assert summary.endswith("aucun problème de ton\u202f; ne bloque pas")
    assert total == "1 fichier\u202f; 0 constat\u202f; 0 bloqué"


def test_pushy_draft_exits_1_with_findings_in_linter_format(drafts):
    result = run(["check", "pushy.txt", "--no-color"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith("pushy.txt:1:1: error aggressive.call-to-action ") for line in lines)
    # One finding per fact: the shouted call to buy is not reported again as capitals.
    assert not any(line.startswith("pushy.txt:1:1: warning aggressive.capitals ") for line in lines)
    assert "\x1b[" not in result.stdout
    assert "à revoir\u202f: commercial, agressif, impersonnel\u202f; bloque\u202f: commercial, agressif, impersonnel" in lines[-2]


def test_fail_on_levels(drafts):
    assert run(["check", "pushy.txt", "--fail-on", "never"]).exit_code == 0
    assert run(["check", "pushy.txt", "--fail-on", "error"]).exit_code == 1
    assert run(["check", "good.txt", "--fail-on", "info"]).exit_code == 0


def test_json_matches_the_contract(drafts):
    result = run(["check", "pushy.txt", "good.txt", "--format", "json"])
    data = json.loads(result.stdout)
    assert data["version"] == __version__
    assert [entry["path"] for entry in data["files"]] == ["pushy.txt", "good.txt"]
    content = PUSHY
    for finding in data["files"][0]["findings"]:
        assert content[finding["start"]:finding["end"]] == finding["text"]
    dims = data["files"][0]["dimensions"]
    assert set(dims) == {"institutional", "commercial", "aggressive", "impersonal", "familiar"}
    assert dims["aggressive"]["flagged"] is True and 0 <= dims["aggressive"]["score"] <= 1
    assert 0 <= data["files"][0]["score"] <= 100


def test_stdin_and_messages_switch(drafts):
    result = run(["check", "-", "--messages", "en", "--no-color"], input=PUSHY)
    assert result.exit_code == 1
    assert "Pushy call to action " in result.stdout
    assert result.stdout.startswith("-:1:1:")


def test_lang_option_forces_the_language(drafts):
    result = run(["check", "good.txt", "--lang", "en", "--format", "json"])
    assert json.loads(result.stdout)["files"][0]["lang"] == "en"


@pytest.mark.parametrize("args,message", [
    (["check", "missing.txt"], "missing.txt: no such file"),
    (["check", "--jsonl", "."], ".: is a directory"),  # a folder is walked (tests/test_walk.py), not with --jsonl
    (["check", "good.txt", "--lang", "de"], "Invalid value for '--lang'"),
    (["check", "good.txt", "--config", "nope.toml"], "configuration file not found"),
    (["check"], "name the drafts to check"),
])
def test_bad_input_is_one_line_on_stderr_and_exit_2(drafts, args, message):
    result = run(args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr + result.stdout


def test_other_files_are_still_checked_after_an_error(drafts):
    (drafts / "empty.txt").write_bytes(b"")
    (drafts / "binary.bin").write_bytes(b"\x00\x01\x02\xff" * 50)
    result = run(["check", "empty.txt", "binary.bin", "pushy.txt", "--format", "json"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert [entry["path"] for entry in data["files"]] == ["pushy.txt"]
    assert {error["path"] for error in data["errors"]} == {"empty.txt", "binary.bin"}
    assert "empty.txt: empty file" in result.stderr and "binary.bin: binary file" in result.stderr


def test_broken_config_is_exit_2(drafts):
    (drafts / ".toneaudit.toml").write_text("disable = [")
    result = run(["check", "good.txt"])
    assert result.exit_code == 2 and "invalid TOML" in result.stderr


def test_config_file_is_found_and_applied(drafts):
    (drafts / ".toneaudit.toml").write_text('disable = ["aggressive", "commercial", "impersonal"]\n')
    assert run(["check", "pushy.txt"]).exit_code == 0


def test_select_and_ignore(drafts):
    result = run(["check", "pushy.txt", "--select", "aggressive.capitals", "--format", "json"])
    rules = {f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]}
    assert rules == {"aggressive.capitals"}
    result = run(["check", "pushy.txt", "--ignore", "aggressive", "--format", "json"])
    assert not any(f["dimension"] == "aggressive" for f in json.loads(result.stdout)["files"][0]["findings"])


def test_input_file_is_never_changed(drafts):
    before = (drafts / "pushy.txt").read_bytes()
    run(["check", "pushy.txt"])
    assert (drafts / "pushy.txt").read_bytes() == before


def test_version_and_rules_commands():
    assert run(["--version"]).stdout.strip() == f"toneaudit {__version__}"
    listing = run(["rules", "list"]).stdout
    assert "aggressive.urgency" in listing and "impersonal.no-first-person" in listing
    explained = run(["rules", "explain", "familiar.sms", "--messages", "fr"])
    assert explained.exit_code == 0 and "mdr" in explained.stdout
    assert run(["rules", "explain", "nope"]).exit_code == 2


def test_colors_only_when_asked(drafts):
    assert "\x1b[" in run(["check", "pushy.txt", "--color"]).stdout


def _installed_command():
    found = shutil.which("toneaudit")
    if found:
        return [found]
    candidate = Path(sys.executable).with_name("toneaudit")
    return [str(candidate)] if candidate.exists() else [sys.executable, "-m", "toneaudit"]


@pytest.mark.slow
def test_real_installed_command_in_a_subprocess(drafts):
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(_installed_command() + ["check", "pushy.txt", "good.txt"], capture_output=True,
                          text=True, env=env, timeout=300)
    assert done.returncode == 1, done.stderr
    assert "pushy.txt:1:1: error aggressive.call-to-action" in done.stdout
    assert any(line.startswith("good.txt: score ") and "[fr] aucun problème de ton" in line
               for line in done.stdout.splitlines())
    assert done.stderr == ""
    missing = subprocess.run(_installed_command() + ["check", "nope.txt"], capture_output=True, text=True, env=env, timeout=300)
    assert missing.returncode == 2
    assert missing.stderr == "toneaudit: nope.txt: no such file\n"


def _command(*args, **options):
    """The real command in a subprocess, without a server; the streams are bytes, left undecoded."""
    env = {**os.environ, "TONEAUDIT_NO_SERVER": "1", "NO_COLOR": "1"}
    options.setdefault("stdout", subprocess.PIPE)
    options.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "toneaudit", *args], env=env, timeout=300, **options)


@pytest.mark.slow
def test_a_file_name_that_is_not_utf8_is_shown_escaped_in_every_output(drafts):
    name = os.fsdecode(b"caf\xe9.txt")  # the bytes a Latin-1 system would have written
    (drafts / name).write_text(PUSHY, encoding="utf-8")
    missing = os.fsdecode(b"absent\xff.txt")
    for format_name in ("text", "json", "github", "sarif"):
        done = _command("check", "--format", format_name, name, missing, cwd=drafts)
        stdout, stderr = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")  # strict: valid UTF-8 only
        assert done.returncode == 2 and "Traceback" not in stderr
        assert stderr == "toneaudit: absent\\xff.txt: no such file\n"
        if format_name == "json":
            assert [entry["path"] for entry in json.loads(stdout)["files"]] == ["caf\\xe9.txt"]
        elif format_name == "sarif":
            uris = {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    for result in json.loads(stdout)["runs"][0]["results"]}
            assert uris == {"caf%E9.txt"}  # the file's own bytes, percent-encoded
        elif format_name == "github":
            assert "::warning file=caf\\xe9.txt,line=1,col=1," in stdout
        else:
            assert "caf\\xe9.txt:1:1:" in stdout


@pytest.mark.slow
@pytest.mark.parametrize("args", [["check", "good.txt"], ["rules", "list"], ["check", "good.txt", "--format", "json"]])
def test_standard_output_full_or_closed_is_one_line_and_exit_2(drafts, args):
    with open("/dev/full", "wb") as full:
        done = _command(*args, cwd=drafts, stdout=full)
    assert (done.returncode, done.stderr) == (2, b"toneaudit: cannot write to standard output (No space left on device)\n")
    done = _command(*args, cwd=drafts, stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(1))
    assert (done.returncode, done.stderr) == (2, b"toneaudit: cannot write to standard output (it is closed)\n")


@pytest.mark.slow
def test_standard_error_closed_keeps_the_exit_status(drafts):
    assert _command("check", "good.txt", cwd=drafts, stderr=subprocess.DEVNULL,
                    preexec_fn=lambda: os.close(2)).returncode == 0
    assert _command("check", "missing.txt", cwd=drafts, stderr=subprocess.DEVNULL,
                    preexec_fn=lambda: os.close(2)).returncode == 2


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("bash"), reason="needs bash")
def test_a_draft_from_bash_process_substitution_is_read(drafts):
    script = f'exec {sys.executable} -m toneaudit check --format json <(printf "%s" "$DRAFT")'
    env = {**os.environ, "TONEAUDIT_NO_SERVER": "1", "DRAFT": PUSHY}
    done = subprocess.run(["bash", "-c", script], cwd=drafts, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    (entry,) = json.loads(done.stdout)["files"]
    assert entry["path"].startswith("/dev/fd/") and "aggressive.call-to-action" in {f["rule"] for f in entry["findings"]}


@pytest.mark.slow
@pytest.mark.parametrize("format_name", ["text", "json"])
def test_jsonl_faults_answer_the_same_through_the_server(server, drafts, format_name):  # noqa: F811
    lines = ['{"text": "\\ud800 ACHETEZ MAINTENANT"}', "[" * 100_000 + "]" * 100_000,
             '{"text": "ACHETEZ\u2028MAINTENANT !!!"}', json.dumps({"text": GOOD})]
    (drafts / "drafts.jsonl").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    args = ["check", "--jsonl", "drafts.jsonl", "--lang", "fr", "--format", format_name]
    alone = _run_with_or_without_server(args, drafts, no_server=True)
    assert alone.returncode == 2 and "Traceback" not in alone.stderr
    assert alone.stderr.splitlines() == [
        "toneaudit: drafts.jsonl:1: not a draft line (its text holds \\ud800, half of a UTF-16 surrogate pair, which is not text)",
        "toneaudit: drafts.jsonl:2: not a draft line (nested too deeply)"]
    assert "drafts.jsonl:3" in alone.stdout and "drafts.jsonl:4" in alone.stdout
    through = _run_with_or_without_server(args, drafts, socket_path=server)
    assert (through.returncode, through.stdout, through.stderr) == (alone.returncode, alone.stdout, alone.stderr)


# Red team (issue 13): standard error full, names that would break a line, commands from a removed folder.

@pytest.mark.parametrize("args,status", [(["check", "missing.txt"], 2), (["check", "good.txt"], 0),
                                         (["check", "--no-such-option"], 2), (["check", "good.txt", "--model", "x"], 2)])
@pytest.mark.slow
def test_standard_error_full_keeps_the_exit_status(drafts, args, status):
    """The error cannot be said, but the status must still be the contract's (it was 120: Python's own
    failure to flush at exit)."""
    with open("/dev/full", "wb") as full:
        assert _command(*args, cwd=drafts, stderr=full).returncode == status


def test_standard_error_full_keeps_the_exit_status_through_the_server(server, drafts):  # noqa: F811
    env = {k: v for k, v in os.environ.items() if k not in ("TONEAUDIT_NO_SERVER", "NO_COLOR")}
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "toneaudit", "check", "missing.txt", "good.txt"], cwd=drafts,
                              env={**env, "TONEAUDIT_SOCKET": server}, stdout=subprocess.PIPE, stderr=full, timeout=300)
    assert done.returncode == 2 and b"good.txt: score" in done.stdout


NAME_WITH_CONTROLS = "tab\tescape\x1b[2Jnew\nline\r.txt"
SHOWN_WITH_CONTROLS = "tab\\tescape\\x1b[2Jnew\\nline\\r.txt"


def test_a_name_holding_line_breaks_or_escapes_is_one_line_on_standard_error(drafts):
    """A repository may name a file "x.md\\ntoneaudit: ..." to forge lines: every message is one line."""
    done = _command("check", NAME_WITH_CONTROLS, cwd=drafts)
    assert done.returncode == 2
    assert done.stderr.decode() == f"toneaudit: {SHOWN_WITH_CONTROLS}: no such file\n"


@pytest.mark.slow
def test_a_name_holding_line_breaks_or_escapes_stays_on_its_lines_in_the_text_report(drafts):
    (drafts / NAME_WITH_CONTROLS).write_text(PUSHY, encoding="utf-8")
    done = _command("check", NAME_WITH_CONTROLS, cwd=drafts)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.decode().splitlines()
    assert lines and all(line.startswith((SHOWN_WITH_CONTROLS + ":", "    ")) for line in lines[:-1]), lines
    assert lines[-1].startswith("1 fichier")
    done = _command("check", "--format", "json", NAME_WITH_CONTROLS, cwd=drafts)
    assert json.loads(done.stdout)["files"][0]["path"] == NAME_WITH_CONTROLS  # JSON keeps the exact name


@pytest.mark.parametrize("args", [["evaluate", "corpus.jsonl"], ["train", "--corpus", "corpus.jsonl", "--out", "m.joblib"]])
def test_commands_from_a_removed_working_directory_are_one_line(drafts, tmp_path, args):
    (drafts / "corpus.jsonl").write_text(json.dumps({"text": GOOD, "lang": "fr", "labels": []}) + "\n")
    gone = tmp_path / "gone"
    gone.mkdir()

    def enter_and_remove():
        os.chdir(gone)
        os.rmdir(gone)

    args = [str(drafts / arg) if arg.endswith((".jsonl", ".joblib")) else arg for arg in args]
    done = _command(*args, preexec_fn=enter_and_remove)
    stderr = done.stderr.decode()
    assert done.returncode == 2 and "Traceback" not in stderr and stderr.count("\n") == 1, stderr
    assert not (drafts / "m.joblib").exists()


@pytest.mark.slow
def test_standard_error_full_keeps_the_exit_status_after_a_note_of_the_client(drafts, tmp_path):
    """The client's own note (here: an unsafe default socket folder) must not fail either."""
    os.mkdir(tmp_path / f"toneaudit-{os.getuid()}", 0o777)
    os.chmod(tmp_path / f"toneaudit-{os.getuid()}", 0o777)
    env = {k: v for k, v in os.environ.items() if k not in ("TONEAUDIT_NO_SERVER", "TONEAUDIT_SOCKET", "XDG_RUNTIME_DIR")}
    command = [sys.executable, "-m", "toneaudit", "check", "good.txt"]
    done = subprocess.run(command, cwd=drafts, env={**env, "TMPDIR": str(tmp_path)}, capture_output=True, timeout=300)
    assert done.returncode == 0 and b"not a safe folder" in done.stderr  # the control: a note is written
    with open("/dev/full", "wb") as full:
        done = subprocess.run(command, cwd=drafts, env={**env, "TMPDIR": str(tmp_path)}, stdout=subprocess.PIPE,
                              stderr=full, timeout=300)
    assert done.returncode == 0 and b"good.txt: score" in done.stdout
