"""The warm server: same output as in-process (bad inputs too), silent fallback, private socket, bad requests
answered; another user's socket or folder is never trusted; --jobs and process-relative names under the server."""
import json
import os
import socket
import stat
import subprocess
import sys
import textwrap
import time

import pytest

from toneaudit.client import PROTOCOL, receive_line, send_lines

pytestmark = pytest.mark.slow  # end-to-end: real servers and the installed command in subprocesses

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


def _env(socket_path=None, no_server=False):
    env = {k: v for k, v in os.environ.items() if k not in ("TONEAUDIT_SOCKET", "TONEAUDIT_NO_SERVER", "NO_COLOR")}
    if socket_path:
        env["TONEAUDIT_SOCKET"] = socket_path
    if no_server:
        env["TONEAUDIT_NO_SERVER"] = "1"
    return env


def _run(args, cwd, socket_path=None, stdin=None, no_server=False, locale=None):
    env = _env(socket_path, no_server)
    if locale:
        env = {**{k: v for k, v in env.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}, **locale}
    return subprocess.run(_command(*args), cwd=cwd, env=env, input=stdin, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("locale, said", [
    ({"LANG": "fr_FR.UTF-8"}, "fichier introuvable"),
    ({"LANG": "fr_FR.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "no such file"),
    ({"LC_ALL": "C.UTF-8", "LANG": "fr_FR.UTF-8"}, "no such file"),
])
def test_errors_are_said_in_the_clients_locale_through_the_server(server, drafts, locale, said):
    # The server's own locale is the test run's: the client's must reach the check.
    through = _run(["check", "missing.txt", "good.txt"], drafts, socket_path=server, locale=locale)
    alone = _run(["check", "missing.txt", "good.txt"], drafts, no_server=True, locale=locale)
    assert (through.returncode, through.stdout, through.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    assert through.stderr == f"toneaudit: missing.txt: {said}\n"


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
    b'{"protocol": 1, "argv": ["x"], "cwd": "/", "locale": {"LD_PRELOAD": "/tmp/x.so"}}\n',
    b'{"protocol": 1, "argv": ["x"], "cwd": "/", "locale": {"LANG": "fr\\u0000"}}\n',
    b'{"protocol": 1, "argv": ["x"], "cwd": "/", "locale": ["LANG=fr"]}\n',
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


# ---------------------------------------------------------------------------------------------------
# Servers of their own: started, used and stopped by one test (some tests wedge or remove their folder).


def _start(path, cwd=None, env=None):
    """`toneaudit serve --socket PATH`, once it says it is serving."""
    log = open(os.path.join(os.path.dirname(path), "serve.log"), "w+", encoding="utf-8")
    process = subprocess.Popen(_command("serve", "--socket", path), cwd=cwd, env=env, stderr=log,
                               stdout=subprocess.DEVNULL)
    deadline = time.time() + 240
    while True:
        log.seek(0)
        if "serving on" in log.read():
            return process
        assert process.poll() is None and time.time() < deadline, "the server did not start"
        time.sleep(0.2)


def _stop(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


@pytest.fixture
def own_server(tmp_path):
    """A server of this test's own, in a private folder; stopped at the end."""
    started = []

    def start(cwd=None, env=None, within=tmp_path):
        folder = os.path.join(within, f"server{len(started)}")
        os.mkdir(folder, 0o700)
        started.append(_start(os.path.join(folder, "toneaudit.sock"), cwd=cwd, env=env))
        return os.path.join(folder, "toneaudit.sock")

    yield start
    for process in started:
        _stop(process)


def _same(through, alone):
    assert (through.returncode, through.stdout, through.stderr) == (alone.returncode, alone.stdout, alone.stderr)


def _ask(path, cwd, argv, timeout=60):
    """One request straight to the server, as the client sends it; its answer."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(timeout)
        connection.connect(path)
        send_lines(connection, {"protocol": PROTOCOL, "argv": argv, "cwd": str(cwd), "stdin": None})
        return json.loads(receive_line(connection))


@pytest.fixture
def many_drafts(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(6):
        (folder / f"pushy{number}.txt").write_text(PUSHY, encoding="utf-8")
        (folder / f"good{number}.txt").write_text(GOOD, encoding="utf-8")
    return folder


def test_jobs_through_the_server_answer_as_in_process_and_the_server_still_answers(own_server, many_drafts):
    # The workers of --jobs are forked from the server: they once died on its stand-in standard input
    # and were respawned forever, and every later check waited 600 s.
    path = own_server()
    args = ["check", "--jobs", "2", *sorted(name.name for name in many_drafts.iterdir())]
    through = subprocess.run(_command(*args), cwd=many_drafts, env=_env(socket_path=path), capture_output=True,
                             text=True, timeout=120)
    _same(through, _run(args, many_drafts, no_server=True))
    assert _ask(path, many_drafts, ["good0.txt"])["status"] == 0


def test_jobs_after_standard_input_was_read_for_a_stale_socket(many_drafts, tmp_path):
    # The client read standard input for the server, found the socket stale, and replays it in-process:
    # the replay must be a file the forked workers can close.
    stale_path = str(tmp_path / "stale.sock")
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(stale_path)
    stale.close()
    args = ["check", "--jobs", "2", "-", *sorted(name.name for name in many_drafts.iterdir())]
    through = subprocess.run(_command(*args), cwd=many_drafts, env=_env(socket_path=stale_path), input=PUSHY,
                             capture_output=True, text=True, timeout=120)
    _same(through, _run(args, many_drafts, stdin=PUSHY, no_server=True))


def test_a_server_whose_own_folder_was_removed_still_answers(own_server, drafts, tmp_path):
    started_in = tmp_path / "started-in"
    started_in.mkdir()
    path = own_server(cwd=started_in)
    started_in.rmdir()
    answer = _ask(path, drafts, ["pushy.txt"])
    assert answer["status"] == 1 and answer["stdout"].startswith("pushy.txt:1:1:"), answer
    _same(_run(["check", "pushy.txt", "good.txt"], drafts, socket_path=path),
          _run(["check", "pushy.txt", "good.txt"], drafts, no_server=True))


_INTERNAL_ERROR_SERVER = textwrap.dedent("""
    import json, socket, sys
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(sys.argv[1])
    listener.listen(8)
    print("listening", flush=True)
    while True:
        connection, _ = listener.accept()
        with connection:
            connection.recv(1 << 20)
            connection.sendall(json.dumps({"protocol": 1, "status": 2, "stdout": "", "in_process": True,
                                           "stderr": "toneaudit: server: internal error (FileNotFoundError)\\n"}).encode() + b"\\n")
""")


def test_the_client_runs_in_process_when_the_server_answers_an_internal_error(drafts, tmp_path):
    path = str(tmp_path / "broken.sock")
    broken = subprocess.Popen([sys.executable, "-c", _INTERNAL_ERROR_SERVER, path], stdout=subprocess.PIPE, text=True)
    try:
        assert broken.stdout.readline().strip() == "listening"
        for args, stdin in ((["check", "pushy.txt"], None), (["check", "-"], PUSHY)):
            _same(_run(args, drafts, socket_path=path, stdin=stdin), _run(args, drafts, stdin=stdin, no_server=True))
    finally:
        broken.kill()
        broken.wait(timeout=30)


def _in_removed_folder(folder):
    def enter_and_remove():
        os.chdir(folder)
        os.rmdir(folder)
    return enter_and_remove


@pytest.mark.parametrize("through_server", [True, False], ids=["server", "in-process"])
def test_a_check_from_a_removed_working_directory_is_one_line(server, drafts, tmp_path, through_server):
    gone = tmp_path / "gone"
    gone.mkdir()
    env = _env(socket_path=server) if through_server else _env(no_server=True)
    result = subprocess.run(_command("check", str(drafts / "pushy.txt")), env=env, capture_output=True, text=True,
                            timeout=300, preexec_fn=_in_removed_folder(str(gone)))
    assert result.returncode == 2 and result.stdout == "", result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("toneaudit: "), result.stderr
    assert "working directory" in result.stderr


@pytest.mark.parametrize("stdin_kind", ["pipe", "file"])
@pytest.mark.parametrize("name", ["/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"])
def test_process_relative_files_are_read_by_the_client_not_the_server(server, drafts, tmp_path, name, stdin_kind):
    # The server would open its own standard input (or its own /proc/self) under these names.
    args = ["check", name, "--format", "json"]
    if stdin_kind == "pipe":
        through = _run(args, drafts, socket_path=server, stdin=PUSHY)
    else:
        with open(drafts / "pushy.txt", "rb") as draft:
            through = subprocess.run(_command(*args), cwd=drafts, env=_env(socket_path=server), stdin=draft,
                                     capture_output=True, text=True, timeout=300)
    assert through.returncode == 1, through.stderr
    (entry,) = json.loads(through.stdout)["files"]
    assert entry["path"] == name and "aggressive.call-to-action" in {finding["rule"] for finding in entry["findings"]}
    _same(through, _run(args, drafts, stdin=PUSHY, no_server=True))


def test_a_fifo_named_on_the_command_line_is_read_by_the_client(server, drafts):
    fifo = drafts / "draft.fifo"
    os.mkfifo(fifo)
    process = subprocess.Popen(_command("check", "draft.fifo"), cwd=drafts, env=_env(socket_path=server),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with open(fifo, "w", encoding="utf-8") as writer:
        writer.write(PUSHY)
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 1 and stdout.startswith("draft.fifo:1:1:"), stderr


def test_a_full_output_device_through_the_server_is_one_line(server, drafts):
    with open("/dev/full", "w") as full:
        result = subprocess.run(_command("check", "pushy.txt"), cwd=drafts, env=_env(socket_path=server), stdout=full,
                                stderr=subprocess.PIPE, text=True, timeout=300)
    assert result.returncode == 2, result.stderr
    assert result.stderr == "toneaudit: cannot write to standard output (No space left on device)\n"  # as in-process


# ---------------------------------------------------------------------------------------------------
# Bad inputs: the server path prints exactly what in-process prints.

JSONL_FAULTS = {
    "a line that is not JSON": b'{"text": "Bonjour"}\nnot json\n',
    "a line with a lone surrogate": '{"text": "Je vous \\ud800 écris."}\n'.encode(),
    "a line nested 100,000 deep": b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n",
    "a line that is not an object": b"[1, 2]\n",
    "an empty file": b"",
}


def _bad_inputs():
    from tests.test_reliability import INPUTS

    cases = [pytest.param(case.files, ("check", "--format", "json", *case.args), case.stdin, id=case.label)
             for case in INPUTS if case.error is not None or case.stdin is not None]
    cases += [pytest.param({"drafts.jsonl": data}, ("check", "--jsonl", "drafts.jsonl"), None, id=f"jsonl: {label}")
              for label, data in JSONL_FAULTS.items()]
    return cases


@pytest.mark.parametrize("files, args, stdin", _bad_inputs())
def test_bad_inputs_answer_the_same_through_the_server(server, tmp_path, files, args, stdin):
    from tests.test_reliability import _make

    if "secret.txt" in files and os.geteuid() == 0:
        pytest.skip("root reads every file")
    _make(tmp_path, files)
    results = []
    for env in (_env(socket_path=server), _env(no_server=True)):
        options = {"stdin": subprocess.DEVNULL}
        if stdin == "closed":
            options = {"preexec_fn": lambda: os.close(0)}
        elif isinstance(stdin, bytes):
            options = {"input": stdin}
        done = subprocess.run(_command(*args), cwd=tmp_path, env=env, capture_output=True, timeout=600, **options)
        results.append((done.returncode, done.stdout, done.stderr))
    assert results[0] == results[1]


# ---------------------------------------------------------------------------------------------------
# Another user's socket or folder: never trusted. As root, uid 65534 plays the other user.

OTHER_UID = 65534

_FAKE_SERVER = textwrap.dedent("""
    import json, os, socket, sys
    path, record = sys.argv[1], sys.argv[2]
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    os.chmod(path, 0o777)
    listener.listen(8)
    print("listening", flush=True)
    while True:
        connection, _ = listener.accept()
        with connection, open(record, "ab") as log:
            log.write(b"connected\\n")
            log.flush()
            connection.settimeout(5)
            try:
                log.write(connection.recv(1 << 20))
                connection.sendall(json.dumps({"protocol": 1, "status": 0, "stdout": "100/100\\n", "stderr": ""}).encode() + b"\\n")
            except OSError:
                pass
""")


def _other_users_python():
    """A Python the other user can run (ours may sit in a folder only root can enter), or skip."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("needs root to act as a second user")
    for candidate in (os.path.realpath(sys.executable), "/usr/bin/python3", "/usr/local/bin/python3"):
        try:
            if subprocess.run([candidate, "-I", "-c", "pass"], user=OTHER_UID, cwd="/", timeout=60).returncode == 0:
                return candidate
        except OSError:
            continue
    pytest.skip("no Python that uid 65534 can run")


@pytest.fixture
def shared_tmp():
    """A folder in /tmp that the other user can enter, like /tmp itself (world-writable, sticky)."""
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="toneaudit-test-", dir="/tmp")
    os.chmod(folder, 0o1777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def fake_server(shared_tmp):
    """start(path): a listener run by uid 65534 at PATH that records what it receives and answers
    "100/100", status 0. Returns the file where it records."""
    python = _other_users_python()
    started = []

    def start(path):
        record = os.path.join(shared_tmp, f"record{len(started)}")
        process = subprocess.Popen([python, "-I", "-c", _FAKE_SERVER, path, record], user=OTHER_UID, cwd="/",
                                   stdout=subprocess.PIPE, text=True)
        started.append(process)
        assert process.stdout.readline().strip() == "listening"
        return record

    yield start
    for process in started:
        process.kill()
        process.wait(timeout=30)


def _received(record):
    return open(record, "rb").read() if os.path.exists(record) else b""


def _default_env(tmpdir):
    """An environment in which the default socket is TMPDIR/toneaudit-UID/server.sock, as in CI or cron."""
    env = _env()
    env.pop("XDG_RUNTIME_DIR", None)
    env["TMPDIR"] = tmpdir
    return env


def _check(drafts, env):
    return subprocess.run(_command("check", "pushy.txt"), cwd=drafts, env=env, capture_output=True, text=True,
                          timeout=300)


def _in_process_with_a_note(result, alone, about):
    """The check's own answer, computed in-process, after one note saying why the server was not used."""
    note, _, rest = result.stderr.partition("\n")
    assert (result.returncode, result.stdout, rest) == (alone.returncode, alone.stdout, alone.stderr), result.stderr
    assert note.startswith("toneaudit: ") and about in note and "in-process" in note, note


def test_a_socket_another_user_listens_on_is_never_sent_the_draft(fake_server, shared_tmp, drafts):
    planted = os.path.join(shared_tmp, "planted.sock")
    record = fake_server(planted)
    result = _check(drafts, _env(socket_path=planted))
    assert _received(record) in (b"", b"connected\n"), "the client sent its request to another user's server"
    _in_process_with_a_note(result, _run(["check", "pushy.txt"], drafts, no_server=True), f"uid {OTHER_UID}")


def test_another_users_socket_in_our_own_default_folder_is_never_sent_the_draft(fake_server, shared_tmp, drafts):
    # The folder is ours with mode 0700, but the socket in it is another user's (moved there: a socket
    # file keeps its listener when renamed).
    planted = os.path.join(shared_tmp, "planted.sock")
    record = fake_server(planted)
    ours = os.path.join(shared_tmp, f"toneaudit-{os.getuid()}")
    os.mkdir(ours, 0o700)
    os.rename(planted, os.path.join(ours, "server.sock"))
    result = _check(drafts, _default_env(shared_tmp))
    assert _received(record) in (b"", b"connected\n"), "the client sent its request to another user's server"
    _in_process_with_a_note(result, _run(["check", "pushy.txt"], drafts, no_server=True), f"uid {OTHER_UID}")


def _plant_folder(shared_tmp, kind):
    """The default socket folder, made by someone else (or badly): its path."""
    folder = os.path.join(shared_tmp, f"toneaudit-{os.getuid()}")
    if kind == "symlink":
        target = os.path.join(shared_tmp, "elsewhere")
        os.mkdir(target, 0o700)
        os.chown(target, OTHER_UID, OTHER_UID)
        os.symlink(target, folder)
        return folder
    os.mkdir(folder)
    os.chmod(folder, 0o777 if kind.endswith("0777") else 0o700)
    if kind.startswith("other"):
        os.chown(folder, OTHER_UID, OTHER_UID)
    return folder


@pytest.mark.parametrize("kind", ["other's 0777", "other's 0700", "own 0777", "symlink"])
def test_a_planted_default_folder_is_not_used_by_the_client(fake_server, shared_tmp, drafts, kind):
    folder = _plant_folder(shared_tmp, kind)
    record = fake_server(os.path.join(os.path.realpath(folder), "server.sock"))
    result = _check(drafts, _default_env(shared_tmp))
    assert _received(record) in (b"", b"connected\n"), "the client used a planted folder"
    _in_process_with_a_note(result, _run(["check", "pushy.txt"], drafts, no_server=True), folder)


def _serve_until_it_serves_or_exits(args, env, seconds=240):
    """`toneaudit serve ARGS`: (exit status, stderr) if it exits, or fails the test if it starts serving."""
    process = subprocess.Popen(_command("serve", *args), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    try:
        status = process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        _stop(process)
        pytest.fail("serve accepted it and started serving")
    return status, process.stderr.read()


@pytest.mark.parametrize("kind", ["other's 0777", "other's 0700", "own 0777", "symlink"])
def test_serve_refuses_a_planted_default_folder(shared_tmp, kind):
    if os.geteuid() != 0:
        pytest.skip("needs root to plant a folder of another user")
    folder = _plant_folder(shared_tmp, kind)
    status, stderr = _serve_until_it_serves_or_exits([], _default_env(shared_tmp), seconds=120)
    assert status == 2 and stderr.count("\n") == 1 and stderr.startswith("toneaudit: ") and folder in stderr, stderr
    assert not os.path.lexists(os.path.join(folder, "server.sock"))


@pytest.mark.parametrize("kind", ["file", "folder", "symlink", "fifo"])
def test_serve_refuses_a_path_that_is_not_a_socket_and_keeps_it(tmp_path, kind):
    path = tmp_path / "notes.txt"
    if kind == "file":
        path.write_text("mes notes\n", encoding="utf-8")
    elif kind == "folder":
        path.mkdir()
    elif kind == "symlink":
        (tmp_path / "target.txt").write_text("mes notes\n", encoding="utf-8")
        path.symlink_to(tmp_path / "target.txt")
    else:
        os.mkfifo(path)
    status, stderr = _serve_until_it_serves_or_exits(["--socket", str(path)], _env(), seconds=120)
    assert status == 2 and stderr.count("\n") == 1 and "not a socket" in stderr, stderr
    assert os.path.lexists(path)
    if kind in ("file", "symlink"):
        assert path.read_text(encoding="utf-8") == "mes notes\n"


_OTHER_USERS_CLIENT = textwrap.dedent("""
    import json, socket, sys
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.settimeout(60)
    connection.connect(sys.argv[1])
    connection.sendall(json.dumps({"protocol": 1, "argv": [sys.argv[2]], "cwd": "/", "stdin": None}).encode() + b"\\n")
    answer = b""
    try:
        while not answer.endswith(b"\\n"):
            chunk = connection.recv(1 << 16)
            if not chunk:
                break
            answer += chunk
    except OSError:
        pass
    sys.stdout.write(answer.decode())
""")


def test_the_server_refuses_a_client_of_another_user(own_server, shared_tmp, drafts):
    python = _other_users_python()
    path = own_server(within=shared_tmp)
    # As if the folder's and the socket's own permissions were not enough.
    os.chmod(os.path.dirname(path), 0o755)
    os.chmod(path, 0o666)
    secret = drafts / "pushy.txt"  # in a folder only root may enter
    done = subprocess.run([python, "-I", "-c", _OTHER_USERS_CLIENT, path, str(secret)], user=OTHER_UID, cwd="/",
                          capture_output=True, text=True, timeout=120)
    answer = json.loads(done.stdout) if done.stdout.strip() else {"status": None, "stdout": ""}
    assert "pushy.txt" not in answer["stdout"] and answer["status"] in (None, 2), answer


# ---------------------------------------------------------------------------------------------------
# Red team (issue 13)

PLANTED_LINK = """
import os, socketserver, sys
from toneaudit import server

path, victim = sys.argv[1], sys.argv[2]
bind = socketserver.UnixStreamServer.server_bind

def bind_then_lose_the_race(self):
    bind(self)
    # Another user who may write in the socket's folder puts a link to a file of ours in its place.
    os.rename(path, path + ".moved")
    os.symlink(victim, path)

socketserver.UnixStreamServer.server_bind = bind_then_lose_the_race
server.serve(path, ready=lambda where: os._exit(0))
"""


def test_serve_never_changes_the_mode_of_what_a_planted_link_points_to(tmp_path):
    """The socket is made private by the umask when it is created; changing its mode afterwards by name
    would follow a link planted there in between (in a folder others can write) to any file of ours."""
    victim = tmp_path / "notes.txt"
    victim.write_text("mine\n")
    victim.chmod(0o644)
    done = subprocess.run([sys.executable, "-c", PLANTED_LINK, str(tmp_path / "toneaudit.sock"), str(victim)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(victim.stat().st_mode) == 0o644
    assert stat.S_IMODE(os.stat(tmp_path / "toneaudit.sock.moved").st_mode) == 0o600  # the umask made it private
