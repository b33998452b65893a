"""The warm server: same output as in-process, silent fallback, private socket, bad requests answered."""
import json
import os
import socket
import stat
import subprocess
import sys
import time

import pytest

from toneaudit.client import PROTOCOL, receive_line, send_lines

PUSHY = "ACHETEZ MAINTENANT !!! Dernière chance, -50% avec le code PROMO50\n"
GOOD = "J'ai passé la matinée à l'atelier avec Claire, et je vous montre bientôt nos nouvelles tasses.\n"


def _command(*args):
    return [sys.executable, "-m", "toneaudit", *args]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("server")
    path = str(folder / "toneaudit.sock")
    process = subprocess.Popen(_command("serve", "--socket", path), stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 240
    while not os.path.exists(path):
        assert process.poll() is None, process.stderr.read()
        assert time.time() < deadline, "the server did not start"
        time.sleep(0.2)
    yield path
    process.terminate()
    process.wait(timeout=30)
    assert not os.path.exists(path), "the socket file is removed on exit"


@pytest.fixture
def drafts(tmp_path):
    (tmp_path / "pushy.txt").write_text(PUSHY, encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    return tmp_path


def _run(args, cwd, socket_path=None, stdin=None, no_server=False):
    env = {k: v for k, v in os.environ.items() if k not in ("TONEAUDIT_SOCKET", "TONEAUDIT_NO_SERVER", "NO_COLOR")}
    if socket_path:
        env["TONEAUDIT_SOCKET"] = socket_path
    if no_server:
        env["TONEAUDIT_NO_SERVER"] = "1"
    return subprocess.run(_command(*args), cwd=cwd, env=env, input=stdin, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("args", [
    ["check", "pushy.txt", "good.txt"],
    ["check", "pushy.txt", "--format", "json"],
    ["check", "pushy.txt", "--messages", "en", "--fail-on", "error"],
    ["check", "missing.txt", "good.txt"],
    ["check", "good.txt", "--lang", "de"],
])
def test_server_answers_exactly_as_in_process(server, drafts, args):
    through = _run(args, drafts, socket_path=server)
    alone = _run(args, drafts, no_server=True)
    assert (through.returncode, through.stdout, through.stderr) == (alone.returncode, alone.stdout, alone.stderr)


def test_standard_input_goes_through_the_server(server, drafts):
    through = _run(["check", "-"], drafts, socket_path=server, stdin=PUSHY)
    assert through.returncode == 1 and through.stdout.startswith("-:1:1:")


def test_the_server_uses_the_clients_working_directory_and_config(server, drafts):
    (drafts / ".toneaudit.toml").write_text('disable = ["aggressive", "commercial", "impersonal"]\n')
    assert _run(["check", "pushy.txt"], drafts, socket_path=server).returncode == 0


def test_socket_is_private(server):
    mode = stat.S_IMODE(os.stat(server).st_mode)
    assert mode == 0o600


def test_missing_or_stale_socket_falls_back_silently(drafts, tmp_path):
    missing = _run(["check", "pushy.txt"], drafts, socket_path=str(tmp_path / "nothing.sock"))
    stale_path = str(tmp_path / "stale.sock")
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(stale_path)
    stale.close()  # a socket file nobody listens on
    stale_run = _run(["check", "pushy.txt"], drafts, socket_path=stale_path)
    alone = _run(["check", "pushy.txt"], drafts, no_server=True)
    for result in (missing, stale_run):
        assert (result.returncode, result.stdout, result.stderr) == (alone.returncode, alone.stdout, alone.stderr)


def _raw(server, payload: bytes) -> dict:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(60)
        connection.connect(server)
        connection.sendall(payload)
        connection.shutdown(socket.SHUT_WR)
        return json.loads(receive_line(connection))


@pytest.mark.parametrize("payload", [
    b"not json\n",
    b'{"protocol": 1, "argv": "check"}\n',
    b'{"protocol": 99, "argv": [], "cwd": "/"}\n',
    b'{"protocol": 1, "argv": ["x"], "cwd": "/", "stdin": "***"}\n',
    b"[1, 2, 3]\n",
    b'{"protocol": 1, "argv": ["pushy.txt"], "cwd": "/no/such/dir"}\n',
    b"{unfinished",
])
def test_malformed_requests_get_an_error_answer(server, payload):
    answer = _raw(server, payload)
    assert answer["status"] == 2 and answer["stderr"].startswith("toneaudit: server:")


def test_oversized_request_gets_an_error_answer_and_the_server_survives(server, drafts):
    answer = _raw(server, b"x" * (17 * 1024 * 1024))
    assert answer["status"] == 2 and "too large" in answer["stderr"]
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(server)
        send_lines(connection, {"protocol": PROTOCOL, "argv": ["good.txt"], "cwd": str(drafts), "stdin": None})
        assert json.loads(receive_line(connection))["status"] == 0


def test_a_second_server_on_the_same_socket_is_refused(server):
    result = subprocess.run(_command("serve", "--socket", server), capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and "already listens" in result.stderr
