"""The warm server under load and faults, on the Unix socket only, bounded in count and time.

8 clients x 500 requests in parallel with malformed and oversized requests mixed in, a client killed
mid-request, the server killed and restarted: every well-formed request gets exactly the answer that
`toneaudit.server.answer` gives in this process, and `toneaudit check` falls back silently when
the server is gone. Run with `pytest -s` to see the counts and timings.
"""
from __future__ import annotations

import base64
import collections
import concurrent.futures
import dataclasses
import json
import os
import random
import select
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import time

import pytest

from toneaudit.client import MAX_REQUEST, PROTOCOL, receive_line, send_lines
from toneaudit.server import answer as run_check

pytestmark = pytest.mark.slow  # end-to-end: real servers under load

LOAD_CLIENTS = 8
LOAD_REQUESTS = 500            # per client: 4000 requests in all
MALFORMED_EVERY = 10           # about one request in ten is malformed (or oversized)
OVERSIZED_TOTAL = 4            # each one sends 17 MB: a few are enough
OVERSIZED_BYTES = MAX_REQUEST + (1 << 20)  # well past the limit (just past it is tested at the end)
LOAD_TIME_LIMIT = 900          # seconds for the whole load part
SOCKET_TIMEOUT = 120           # seconds for any single request, so that no client waits forever
SERVER_START_TIMEOUT = 240     # loading spaCy and the model can be slow on a cold machine
SUBPROCESS_TIMEOUT = 300

MALFORMED_STDERR_PREFIX = "toneaudit: server:"

DRAFTS = {
    "promo_fr.txt": "ACHETEZ MAINTENANT !!! Dernière chance, -50% avec le code PROMO50\n",
    "vente_flash_fr.txt": "VENTE FLASH : profitez-en vite, stock limité, commandez dès aujourd'hui !!!\n",
    "atelier_fr.txt": "J'ai passé la matinée à l'atelier avec Claire, et je vous montre bientôt nos nouvelles tasses.\n",
    "recette_fr.txt": "Ce week-end, j'ai enfin réussi la tarte aux prunes de ma grand-mère. Je vous raconte ?\n",
    "merci_fr.txt": "Merci à toutes celles et ceux qui sont passés au marché samedi, j'étais ravie de vous voir.\n",
    "sale_en.txt": "BUY NOW!!! Last chance, 50% off with code SAVE50, hurry before it's gone\n",
    "launch_en.txt": "Don't miss out: limited offer, order today and get a FREE gift!!!\n",
    "morning_en.txt": "I spent the morning in the workshop with Claire, and I'll show you our new mugs soon.\n",
    "garden_en.txt": "We finally planted the tomatoes this weekend. I'm curious to see how they do this summer.\n",
    "notes_en.txt": "I wrote down a few thoughts about slow mornings and good coffee.\nMore soon, I promise.\n",
}
STDIN_PUSHY = DRAFTS["promo_fr.txt"].encode("utf-8")
STDIN_CALM = DRAFTS["garden_en.txt"].encode("utf-8")

# name -> (check arguments, standard input or None)
VARIANTS = {
    "fr_pushy": (["promo_fr.txt"], None),
    "fr_flash_sale": (["vente_flash_fr.txt"], None),
    "fr_calm": (["atelier_fr.txt"], None),
    "fr_recipe": (["recette_fr.txt"], None),
    "fr_thanks_en_messages": (["merci_fr.txt", "--messages", "en"], None),
    "en_pushy": (["sale_en.txt"], None),
    "en_launch_rules_only": (["launch_en.txt", "--no-classifier"], None),
    "en_calm": (["morning_en.txt"], None),
    "several_files": (["promo_fr.txt", "atelier_fr.txt", "sale_en.txt", "notes_en.txt"], None),
    "missing_file": (["missing.txt", "garden_en.txt"], None),
    "json_format": (["promo_fr.txt", "--format", "json"], None),
    "github_format_fail_on_error": (["sale_en.txt", "--format", "github", "--fail-on", "error"], None),
    "unknown_lang_error": (["atelier_fr.txt", "--lang", "de"], None),
    "stdin_pushy": (["-"], STDIN_PUSHY),
    "stdin_calm_lang_en": (["-", "--lang", "en"], STDIN_CALM),
}


# ---------------------------------------------------------------------------------------------------
# Helpers


def _command(*args):
    return [sys.executable, "-m", "toneaudit", *args]


def _clean_env(socket_path=None):
    """The caller's environment without anything that would choose the server or colours for us."""
    env = {k: v for k, v in os.environ.items() if k not in ("TONEAUDIT_SOCKET", "TONEAUDIT_NO_SERVER", "NO_COLOR")}
    if socket_path:
        env["TONEAUDIT_SOCKET"] = socket_path
    return env


def _request(folder, argv, stdin):
    """What toneaudit.client sends for `toneaudit check ARGV` run in FOLDER, its output not a terminal."""
    return {
        "protocol": PROTOCOL, "argv": list(argv), "cwd": str(folder),
        "stdin": base64.b64encode(stdin).decode("ascii") if stdin is not None else None,
        "tty": False, "no_color": True, "git_env": {},
    }


def _connect(path, retries=None) -> socket.socket:
    """A connection with a timeout, like the real client's. With a timeout set, the socket is non-blocking,
    and connect() on a Unix socket whose accept backlog is full fails at once with EAGAIN
    (BlockingIOError) instead of waiting; like the real client, we retry for a bounded time, counting
    the retries in RETRIES (the server's backlog of 128 makes them rare)."""
    deadline = time.monotonic() + SOCKET_TIMEOUT
    while True:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(SOCKET_TIMEOUT)
        try:
            connection.connect(path)
            return connection
        except BlockingIOError:
            connection.close()
            if time.monotonic() > deadline:
                raise
            if retries is not None:
                retries["connect_retries"] += 1
            time.sleep(0.005)
        except BaseException:
            connection.close()
            raise


def _ask(path, request: dict, retries=None) -> dict:
    """One well-formed request, sent exactly like the real client does (no half-close)."""
    with _connect(path, retries) as connection:
        send_lines(connection, request)
        raw = receive_line(connection)
    assert raw is not None, "the server closed the connection without an answer"
    return json.loads(raw)


def _ask_raw(path, payload: bytes, retries=None) -> dict | None:
    """Arbitrary bytes, then a half-close; the decoded answer, or None if the server sent none."""
    with _connect(path, retries) as connection:
        connection.sendall(payload)
        connection.shutdown(socket.SHUT_WR)
        raw = receive_line(connection)
    return json.loads(raw) if raw is not None else None


@dataclasses.dataclass
class RunningServer:
    path: str
    process: subprocess.Popen
    log: str  # the server's standard error: a file, so that a chatty server can never block on a full pipe

    def log_text(self) -> str:
        with open(self.log, encoding="utf-8", errors="replace") as handle:
            return handle.read()


def _start_server(path, log) -> RunningServer:
    """Start `toneaudit serve` and wait for its "serving on" line. Waiting for the socket file is not
    enough once a stale socket file is left at that path by a killed server."""
    with open(log, "w", encoding="utf-8") as handle:
        process = subprocess.Popen(_command("serve", "--socket", path), stdout=subprocess.DEVNULL, stderr=handle,
                                   env=_clean_env())
    server = RunningServer(path, process, log)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while "serving on" not in server.log_text():
        assert process.poll() is None, f"the server exited during start-up:\n{server.log_text()}"
        assert time.monotonic() < deadline, "the server did not start in time"
        time.sleep(0.1)
    return server


def _stop_server(server: RunningServer) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=30)


def _assert_log_clean(server: RunningServer) -> None:
    """Nothing but the start-up line: a traceback means a request escaped the handler's error handling."""
    lines = [line for line in server.log_text().splitlines() if line.strip()]
    assert len(lines) == 1 and "serving on" in lines[0], "the server logged:\n" + server.log_text()


def _check_cli(folder, argv, stdin=None, socket_path=None):
    """`toneaudit check ARGV` as a user runs it: (exit status, stdout, stderr)."""
    result = subprocess.run(_command("check", *argv), cwd=folder, env=_clean_env(socket_path), input=stdin,
                            capture_output=True, timeout=SUBPROCESS_TIMEOUT)
    return result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")


def _as_cli(answer: dict):
    return answer["status"], answer["stdout"], answer["stderr"]


# ---------------------------------------------------------------------------------------------------
# Fixtures


@dataclasses.dataclass
class Workload:
    folder: str
    requests: dict      # variant name -> the request dict
    expected: dict      # variant name -> the answer run_check gives in-process


@pytest.fixture(scope="module")
def workload(tmp_path_factory) -> Workload:
    folder = tmp_path_factory.mktemp("drafts")
    for name, text in DRAFTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    requests = {name: _request(folder, argv, stdin) for name, (argv, stdin) in VARIANTS.items()}
    # Computed once, in this process, with exactly the function the server runs.
    expected = {name: run_check(request) for name, request in requests.items()}
    return Workload(str(folder), requests, expected)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("load-server")
    running = _start_server(str(folder / "toneaudit.sock"), str(folder / "server.log"))
    yield running
    _stop_server(running)


@pytest.fixture
def servers_to_stop():
    """Servers a test starts itself (and may kill); whatever is still running is stopped at the end."""
    started: list[RunningServer] = []
    yield started
    for running in started:
        _stop_server(running)


# ---------------------------------------------------------------------------------------------------
# The expected answers


def test_expected_answers_are_deterministic_and_varied(workload):
    # Comparing thousands of answers to these is only meaningful if run_check is repeatable...
    for name, request in workload.requests.items():
        assert run_check(request) == workload.expected[name], name
    # ...and if the variants cover clean drafts, findings and errors.
    statuses = {name: answer["status"] for name, answer in workload.expected.items()}
    assert statuses["fr_calm"] == 0 and statuses["en_calm"] == 0
    assert statuses["fr_pushy"] == 1 and statuses["en_pushy"] == 1 and statuses["stdin_pushy"] == 1
    assert statuses["unknown_lang_error"] == 2
    assert workload.expected["unknown_lang_error"]["stderr"].startswith("toneaudit: ")
    assert "missing.txt" in workload.expected["missing_file"]["stderr"]
    assert json.loads(workload.expected["json_format"]["stdout"])["files"][0]["path"] == "promo_fr.txt"
    assert workload.expected["stdin_pushy"]["stdout"].startswith("-:1:1:")


@pytest.mark.parametrize("name", ["fr_pushy", "fr_calm", "json_format", "unknown_lang_error", "stdin_pushy",
                                  "missing_file"])
def test_run_check_prints_what_the_command_line_prints(workload, name):
    # Ties the in-process expectation to the real command, run in its own process without any server.
    argv, stdin = VARIANTS[name]
    assert _check_cli(workload.folder, [*argv, "--no-server"], stdin) == _as_cli(workload.expected[name])


# ---------------------------------------------------------------------------------------------------
# Load


def _malformed_payloads(folder):
    """Kinds of bad request lines, each answered 'toneaudit: server: malformed request' by the server."""
    good = _request(folder, ["promo_fr.txt"], None)
    without_cwd = {key: value for key, value in good.items() if key != "cwd"}

    def line(message) -> bytes:
        return json.dumps(message).encode("utf-8") + b"\n"

    return [
        ("random_bytes", None),  # generated per request: see _random_line
        ("json_array", b"[1, 2, 3]\n"),
        ("json_string", b'"check promo_fr.txt"\n'),
        ("json_null", b"null\n"),
        ("empty_line", b"\n"),
        ("wrong_protocol", line({**good, "protocol": PROTOCOL + 1})),
        ("no_protocol", line({key: value for key, value in good.items() if key != "protocol"})),
        ("argv_is_a_string", line({**good, "argv": "promo_fr.txt"})),
        ("argv_has_numbers", line({**good, "argv": ["promo_fr.txt", 3]})),
        ("argv_has_null", line({**good, "argv": [None]})),
        ("cwd_missing", line(without_cwd)),
        ("cwd_not_a_string", line({**good, "cwd": 42})),
        ("stdin_not_base64", line({**good, "argv": ["-"], "stdin": "***not base64***"})),
        ("stdin_not_a_string", line({**good, "argv": ["-"], "stdin": [1, 2]})),
        ("git_env_not_git", line({**good, "git_env": {"PATH": "/tmp"}})),
    ]


def _random_line(rng: random.Random) -> bytes:
    # Random bytes cannot form a JSON object with "protocol": 1 by accident; no newline inside.
    return rng.randbytes(rng.randint(0, 300)).replace(b"\n", b"?") + b"\n"


def _schedule(client: int):
    """What client number CLIENT sends, in order: ("good", variant) | ("malformed", kind number) |
    ("oversized", None). Each client starts its rotations at a different place, so that all variants and
    all kinds of malformed lines are sent at the same time by different clients."""
    variants = list(VARIANTS)
    plan, good_sent, bad_sent = [], 0, 0
    for index in range(LOAD_REQUESTS):
        if (client * LOAD_REQUESTS + index) % MALFORMED_EVERY == MALFORMED_EVERY // 2:
            # The first bad slot of the first OVERSIZED_TOTAL clients is oversized: spread over clients, early.
            if bad_sent == 0 and client < OVERSIZED_TOTAL:
                plan.append(("oversized", None))
            else:
                plan.append(("malformed", client + bad_sent))
            bad_sent += 1
        else:
            plan.append(("good", variants[(client + good_sent) % len(variants)]))
            good_sent += 1
    return plan


def _load_client(client, path, workload, deadline):
    """Send this client's schedule, one connection per request; count outcomes, never raise."""
    rng = random.Random(client)  # reproducible random bytes
    malformed = _malformed_payloads(workload.folder)
    counts = collections.Counter()
    failures = []
    for kind, detail in _schedule(client):
        if time.monotonic() > deadline:
            failures.append(f"client {client}: stopped, the load exceeded {LOAD_TIME_LIMIT} s")
            break
        try:
            if kind == "good":
                answer = _ask(path, workload.requests[detail], counts)
                if answer == workload.expected[detail]:
                    counts["good"] += 1
                else:
                    failures.append(f"client {client}: {detail}: got {answer!r}, expected {workload.expected[detail]!r}")
            elif kind == "malformed":
                name, payload = malformed[detail % len(malformed)]
                answer = _ask_raw(path, payload if payload is not None else _random_line(rng), counts)
                if (answer is not None and answer.get("status") == 2 and answer.get("stdout") == ""
                        and answer.get("stderr", "").startswith(MALFORMED_STDERR_PREFIX)
                        and answer["stderr"].count("\n") == 1 and answer["stderr"].endswith("\n")):
                    counts["malformed"] += 1
                    counts[f"malformed:{name}"] += 1
                else:
                    failures.append(f"client {client}: malformed {name}: got {answer!r}")
            else:
                started = time.monotonic()
                answer = _ask_raw(path, b"x" * OVERSIZED_BYTES + b"\n", counts)
                counts["oversized_seconds"] += time.monotonic() - started
                if answer is not None and answer.get("status") == 2 and "too large" in answer.get("stderr", ""):
                    counts["oversized"] += 1
                else:
                    failures.append(f"client {client}: oversized: got {answer!r}")
        except (OSError, ValueError, AssertionError) as error:  # a reset, a timeout, a broken answer
            failures.append(f"client {client}: {kind} {detail}: {type(error).__name__}: {error}")
    return counts, failures


def test_server_under_parallel_load_with_bad_requests_mixed_in(server, workload):
    total = LOAD_CLIENTS * LOAD_REQUESTS
    plans = [_schedule(client) for client in range(LOAD_CLIENTS)]
    planned = collections.Counter(kind for plan in plans for kind, _ in plan)
    assert planned["oversized"] == OVERSIZED_TOTAL and planned["malformed"] > 0 and sum(planned.values()) == total

    started = time.monotonic()
    deadline = started + LOAD_TIME_LIMIT  # each client stops by itself past it: no thread is left behind
    counts, failures = collections.Counter(), []
    with concurrent.futures.ThreadPoolExecutor(max_workers=LOAD_CLIENTS) as pool:
        futures = [pool.submit(_load_client, client, server.path, workload, deadline) for client in range(LOAD_CLIENTS)]
        # Backstop on top of the clients' own check: one more request's worth of socket timeouts.
        done, not_done = concurrent.futures.wait(futures, timeout=LOAD_TIME_LIMIT + 3 * SOCKET_TIMEOUT)
        assert not not_done, f"{len(not_done)} load clients still running after the time bound"
        for future in done:
            client_counts, client_failures = future.result()
            counts.update(client_counts)
            failures.extend(client_failures)
    elapsed = time.monotonic() - started

    kinds = {key.split(":", 1)[1]: value for key, value in counts.items() if key.startswith("malformed:")}
    print(f"\nload: {LOAD_CLIENTS} clients x {LOAD_REQUESTS} requests = {total} in {elapsed:.1f} s "
          f"({total / elapsed:.0f} requests/s)\n"
          f"  well-formed answered exactly as in-process: {counts['good']} of {planned['good']}\n"
          f"  malformed answered with status 2: {counts['malformed']} of {planned['malformed']} {dict(sorted(kinds.items()))}\n"
          f"  oversized ({OVERSIZED_BYTES} bytes) answered with status 2: {counts['oversized']} of "
          f"{planned['oversized']} ({counts['oversized_seconds']:.1f} s in all)\n"
          f"  connect() retried after EAGAIN (accept backlog full): {counts['connect_retries']} times\n"
          f"  failures: {len(failures)}")
    assert not failures, "\n".join(failures[:10])
    assert counts["good"] == planned["good"]
    assert counts["malformed"] == planned["malformed"]
    assert counts["oversized"] == planned["oversized"]
    assert elapsed < LOAD_TIME_LIMIT
    assert server.process.poll() is None, "the server died under load"
    _assert_log_clean(server)


# ---------------------------------------------------------------------------------------------------
# A client killed mid-request

_HALF_REQUEST_CLIENT = textwrap.dedent("""
    import socket, sys, time
    path, half = sys.argv[1], sys.argv[2].encode("utf-8")
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.connect(path)
    connection.sendall(half)  # no newline: the server is left waiting for the rest
    print("sent", flush=True)
    time.sleep(600)
""")


def test_a_client_killed_mid_request_does_not_disturb_the_server(server, workload):
    line = json.dumps(workload.requests["fr_pushy"])
    client = subprocess.Popen([sys.executable, "-c", _HALF_REQUEST_CLIENT, server.path, line[: len(line) // 2]],
                              stdout=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([client.stdout], [], [], 60)
        assert ready and client.stdout.readline().strip() == "sent", "the half-request client did not start"
        # While it stalls, its handler thread waits for the rest; other clients are still answered.
        assert _ask(server.path, workload.requests["fr_calm"]) == workload.expected["fr_calm"]
        client.send_signal(signal.SIGKILL)
        assert client.wait(timeout=30) == -signal.SIGKILL
    finally:
        if client.poll() is None:
            client.kill()
            client.wait(timeout=30)
    for name in ("fr_pushy", "stdin_pushy", "unknown_lang_error"):
        assert _ask(server.path, workload.requests[name]) == workload.expected[name], name
    assert server.process.poll() is None, "the server died when a client was killed"
    _assert_log_clean(server)


# ---------------------------------------------------------------------------------------------------
# The server killed and restarted


def test_check_falls_back_when_the_server_is_killed_and_a_new_server_replaces_the_stale_socket(
        workload, servers_to_stop, tmp_path):
    path, folder = str(tmp_path / "toneaudit.sock"), workload.folder
    first = _start_server(path, str(tmp_path / "first.log"))
    servers_to_stop.append(first)
    assert _ask(path, workload.requests["fr_pushy"]) == workload.expected["fr_pushy"]

    first.process.send_signal(signal.SIGKILL)
    assert first.process.wait(timeout=30) == -signal.SIGKILL
    assert os.path.exists(path), "a killed server leaves its socket file behind"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe, pytest.raises(ConnectionRefusedError):
        probe.connect(path)

    # The client sees the socket file, fails to connect, and runs the check in-process, silently.
    for name in ("fr_calm", "fr_pushy", "stdin_pushy", "json_format", "unknown_lang_error"):
        argv, stdin = VARIANTS[name]
        assert _check_cli(folder, argv, stdin, socket_path=path) == _as_cli(workload.expected[name]), name
    assert _check_cli(folder, ["atelier_fr.txt"], socket_path=path) == (0, workload.expected["fr_calm"]["stdout"], "")

    second = _start_server(path, str(tmp_path / "second.log"))
    servers_to_stop.append(second)
    # The stale file refused connections above; this one is the new server's (an inode number cannot tell:
    # the file system reuses the freed one at once).
    assert os.path.exists(path) and stat.S_ISSOCK(os.stat(path).st_mode)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    for name in ("fr_pushy", "stdin_pushy", "missing_file"):
        assert _ask(path, workload.requests[name]) == workload.expected[name], name
        argv, stdin = VARIANTS[name]
        assert _check_cli(folder, argv, stdin, socket_path=path) == _as_cli(workload.expected[name]), name
    assert second.process.poll() is None
    _assert_log_clean(second)



def test_check_falls_back_when_the_servers_accept_backlog_is_full(workload, servers_to_stop, tmp_path):
    """When the server's accept backlog is full, connect() fails at once with EAGAIN; the client retries
    for a while, then `check` runs in-process. Freezing the server makes that deterministic."""
    running = _start_server(str(tmp_path / "toneaudit.sock"), str(tmp_path / "server.log"))
    servers_to_stop.append(running)
    held = []
    running.process.send_signal(signal.SIGSTOP)
    try:
        for _ in range(1000):
            connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            connection.settimeout(5)
            try:
                connection.connect(running.path)
            except BlockingIOError:
                connection.close()
                break
            held.append(connection)
        else:
            pytest.fail("1000 connections fit in the accept backlog of a frozen server")
        assert len(held) >= 100, "the server's accept backlog is too small for bursts of hooks"
        argv, stdin = VARIANTS["stdin_pushy"]
        assert _check_cli(workload.folder, argv, stdin, socket_path=running.path) == _as_cli(workload.expected["stdin_pushy"])
    finally:
        for connection in held:
            connection.close()
        running.process.send_signal(signal.SIGCONT)
    print(f"\nbacklog: {len(held)} connections queued on the frozen server before connect() failed with EAGAIN")
    assert _ask(running.path, workload.requests["fr_pushy"]) == workload.expected["fr_pushy"]
    _assert_log_clean(running)

# ---------------------------------------------------------------------------------------------------
# Requests that once made the server raise (deep JSON nesting, NUL bytes in the working directory or in
# git's variables) and a line just over the size limit: each must get an error answer.


@pytest.mark.parametrize("payload", [
    b"[" * 100_000 + b"\n",
    b'{"protocol": 1, "argv": ["x.txt"], "cwd": "/tmp\\u0000x"}\n',
    b'{"protocol": 1, "argv": ["x.txt"], "cwd": "/", "git_env": {"GIT_X": "a\\u0000b"}}\n',
], ids=["deeply_nested_json", "nul_in_cwd", "nul_in_git_env"])
def test_requests_that_raise_inside_the_server_still_get_an_error_answer(servers_to_stop, tmp_path, payload):
    # Its own server: the traceback these provoke would fail the clean-log checks of the shared one.
    running = _start_server(str(tmp_path / "toneaudit.sock"), str(tmp_path / "server.log"))
    servers_to_stop.append(running)
    answer = _ask_raw(running.path, payload)
    assert answer is not None and answer["status"] == 2 and answer["stderr"].startswith(MALFORMED_STDERR_PREFIX)


class _ChunkedConnection:
    """Stands in for a socket whose recv returns these chunks, in order."""

    def __init__(self, chunks):
        self.chunks = list(chunks)

    def recv(self, size):
        return self.chunks.pop(0) if self.chunks else b""


def test_receive_line_refuses_a_line_just_over_its_limit():
    connection = _ChunkedConnection([b"x" * 10, b"y" * 50 + b"\n"])
    assert receive_line(connection, limit=10) is None
