"""`toneaudit serve`: a warm process that answers `toneaudit check` over a Unix socket.

One request per connection: a JSON line with the check's arguments, working directory and standard
input; one JSON line back with its standard output, standard error and exit status. Checks run one at
a time (they change the working directory and standard streams of this process), each exactly as the
command would run in-process. The socket is readable and writable by its owner only.
"""
from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import re
import signal
import socket
import socketserver
import sys
import threading

from .client import MAX_REQUEST, PROTOCOL, receive_line, send_lines

_run_lock = threading.Lock()
_GIT_NAME = re.compile(r"GIT_[A-Z0-9_]+")
# Seconds a client has to send its whole request.
_REQUEST_SECONDS = 60


class ServerError(RuntimeError):
    pass


def _answer(status: int, stdout: str = "", stderr: str = "") -> dict:
    return {"protocol": PROTOCOL, "status": status, "stdout": stdout, "stderr": stderr}


def run_check(request: dict) -> dict:
    """Run one `check` as the command line would, capturing what it prints."""
    from .cli import cli

    argv, cwd = request.get("argv"), request.get("cwd")
    if not (isinstance(argv, list) and all(isinstance(item, str) and "\0" not in item for item in argv)
            and isinstance(cwd, str) and os.path.isabs(cwd) and "\0" not in cwd):
        return _answer(2, stderr="toneaudit: server: malformed request\n")
    git_env = request.get("git_env") or {}
    if not (isinstance(git_env, dict) and all(isinstance(key, str) and _GIT_NAME.fullmatch(key) and isinstance(value, str)
                                              and "\0" not in value for key, value in git_env.items())):
        return _answer(2, stderr="toneaudit: server: malformed request\n")
    stdin = request.get("stdin")
    try:
        stdin_bytes = base64.b64decode(stdin, validate=True) if stdin is not None else b""
    except (ValueError, TypeError):
        return _answer(2, stderr="toneaudit: server: malformed request\n")
    out, err = io.StringIO(), io.StringIO()
    with _run_lock:
        previous_cwd, previous_stdin, previous_env = os.getcwd(), sys.stdin, dict(os.environ)
        try:
            os.chdir(cwd)
        except OSError as error:
            return _answer(2, stderr=f"toneaudit: server: cannot use the working directory {cwd} ({error.strerror})\n")
        try:
            os.environ["TONEAUDIT_STDOUT_TTY"] = "1" if request.get("tty") else "0"
            for name in [name for name in os.environ if name.startswith("GIT_")]:
                del os.environ[name]
            os.environ.update(git_env)
            if request.get("no_color"):
                os.environ["NO_COLOR"] = "1"
            else:
                os.environ.pop("NO_COLOR", None)
            sys.stdin = _Stdin(stdin_bytes)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = cli.main(args=["check", *argv], prog_name="toneaudit", standalone_mode=False)
        except Exception as error:  # never let one request take the server down
            status, err = 2, io.StringIO(f"toneaudit: server: internal error ({type(error).__name__}: {error})\n")
        finally:
            os.chdir(previous_cwd)
            sys.stdin = previous_stdin
            os.environ.clear()
            os.environ.update(previous_env)
    return _answer(status if isinstance(status, int) else 0, out.getvalue(), err.getvalue())


class _Stdin:
    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)


class _Handler(socketserver.StreamRequestHandler):
    def handle(self):
        connection = self.request
        connection.settimeout(60)
        try:
            raw = receive_line(connection, MAX_REQUEST, seconds=_REQUEST_SECONDS)
            if raw is None:
                send_lines(connection, _answer(2, stderr="toneaudit: server: request too large or incomplete\n"))
                _drain(connection)
                return
            send_lines(connection, _respond(raw))
        except OSError:
            pass  # the client went away; nothing to answer


def _respond(raw: bytes) -> dict:
    """The answer to one request line: never an exception (a traceback here would land in whatever
    stream another request has redirected, and leave the client without an answer)."""
    try:
        request = json.loads(raw)
    except (ValueError, RecursionError):
        request = None
    if not isinstance(request, dict) or type(request.get("protocol")) is not int or request["protocol"] != PROTOCOL:
        return _answer(2, stderr="toneaudit: server: malformed request\n")
    try:
        return run_check(request)
    except Exception as error:  # run_check already answers its own failures; this is the last net
        return _answer(2, stderr=f"toneaudit: server: internal error ({type(error).__name__})\n")


def _drain(connection: socket.socket, seconds: float = 5.0, limit: int = 4 * MAX_REQUEST) -> None:
    """Read and drop what an oversized request still sends, for a while, so that the client can read
    our answer instead of a reset connection."""
    connection.settimeout(seconds)
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_WR)
        received = 0
        while received < limit:
            chunk = connection.recv(1 << 20)
            if not chunk:
                break
            received += len(chunk)


class _Server(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True
    # Room for bursts of hook runs: with a full queue a client's connect fails at once.
    request_queue_size = 128

    def handle_error(self, request, client_address):
        pass  # _Handler answers every error itself; nothing may print into a captured stream


def prepare_socket(path: str) -> None:
    """Create the private folder; refuse a live server at `path`; remove a stale socket file."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, mode=0o700, exist_ok=True)
    if os.path.exists(path):
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(path)
        except OSError:
            os.unlink(path)  # nobody listens: a leftover of a server that died
        else:
            raise ServerError(f"a server already listens on {path}")
        finally:
            probe.close()


def serve(path: str, ready=None) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM); `ready(path)` is called once listening."""
    from . import audit

    # Load everything a check needs before accepting the first request.
    for lang, text in (("fr", "Je prépare le café."), ("en", "I am making coffee.")):
        audit(text, lang)
    prepare_socket(path)
    old_umask = os.umask(0o177)
    try:
        server = _Server(path, _Handler)
    finally:
        os.umask(old_umask)
    os.chmod(path, 0o600)
    previous = signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        if ready:
            ready(path)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
