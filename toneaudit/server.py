"""`toneaudit serve`: a warm process that answers `toneaudit check` over a Unix socket.

One request per connection: a JSON line with the check's arguments, working directory and standard
input; one JSON line back with its standard output, standard error and exit status. Checks run one at
a time (they change the working directory and standard streams of this process), each exactly as the
command would run in-process. The socket is readable and writable by its owner only, and a client that
runs as another user is refused. An answer marked "in_process" is the server's own failure (a malformed
request, files it does not see as the client does, an internal error): the client then runs the check
itself.
"""
from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import signal
import socket
import socketserver
import stat

from . import languages
from .client import (
    MAX_REQUEST,
    PROTOCOL,
    default_socket_path,
    folder_problem,
    peer_uid,
    receive_line,
    send_lines,
    unsafe_folder_message,
)
from .messages import LOCALE_VARIABLES

_GIT_NAME = re.compile(r"GIT_[A-Z0-9_]+")
# Seconds a client has to send its whole request.
_REQUEST_SECONDS = 60


class ServerError(RuntimeError):
    pass


def _answer(status: int, stdout: str = "", stderr: str = "") -> dict:
    return {"protocol": PROTOCOL, "status": status, "stdout": stdout, "stderr": stderr}


def _failure(stderr: str) -> dict:
    """The server's own failure, not the check's answer: the client runs the check in-process."""
    return {**_answer(2, stderr=stderr), "in_process": True}


_MALFORMED = "toneaudit: server: malformed request\n"


def answer(request: dict) -> dict:
    """Check a client's request (its arguments, folder, git variables, locale, files and standard
    input, each validated), run it with `run_check` as the command line would, and answer what it
    printed."""
    from .check import CheckRefused, run_check

    argv, cwd = request.get("argv"), request.get("cwd")
    if not (isinstance(argv, list) and all(isinstance(item, str) and "\0" not in item for item in argv)
            and isinstance(cwd, str) and os.path.isabs(cwd) and "\0" not in cwd):
        return _failure(_MALFORMED)
    git_env = request.get("git_env") or {}
    if not (isinstance(git_env, dict) and all(isinstance(key, str) and _GIT_NAME.fullmatch(key) and isinstance(value, str)
                                              and "\0" not in value for key, value in git_env.items())):
        return _failure(_MALFORMED)
    locale = request.get("locale") or {}
    if not (isinstance(locale, dict) and all(key in LOCALE_VARIABLES and isinstance(value, str) and "\0" not in value
                                             and len(value) <= 256 for key, value in locale.items())):
        return _failure(_MALFORMED)
    files = request.get("files") or []
    if not (isinstance(files, list) and all(_is_file_entry(entry) for entry in files)):
        return _failure(_MALFORMED)
    stdin = request.get("stdin")
    try:
        stdin_bytes = base64.b64decode(stdin, validate=True) if stdin is not None else b""
    except (ValueError, TypeError):
        return _failure(_MALFORMED)
    # A name that opens something else here than in the client (another mount namespace, a file
    # replaced meanwhile, /proc/self/...) must be read by the client itself.
    if any(_file_identity(os.path.join(cwd, name)) != identity for name, identity in files):
        return _failure("toneaudit: server: does not see the same files as the client\n")
    # The server's own environment, with the client's git variables (inside a hook, git points at a
    # temporary index), locale and terminal.
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("GIT_") and name not in LOCALE_VARIABLES and name != "NO_COLOR"}
    env.update(git_env)
    env.update(locale)
    env["TONEAUDIT_STDOUT_TTY"] = "1" if request.get("tty") else "0"
    if request.get("no_color"):
        env["NO_COLOR"] = "1"
    try:
        outcome = run_check(argv, cwd=cwd, env=env, stdin=stdin_bytes)
    except CheckRefused as error:
        return _failure(f"toneaudit: server: {error}\n")
    except Exception as error:  # never let one request take the server down; the client runs it itself
        return _failure(f"toneaudit: server: internal error ({type(error).__name__}: {error})\n")
    return _answer(outcome.status, outcome.stdout or "", outcome.stderr or "")


def _file_identity(name: str) -> list[int] | None:
    """[device, inode] of what NAME opens here, or None if it cannot be looked up (as the client sends)."""
    try:
        info = os.stat(name)
    except (OSError, ValueError):
        return None
    return [info.st_dev, info.st_ino]


def _is_file_entry(entry) -> bool:
    """[name, [device, inode] or None], as the client sends for each name on its command line."""
    return (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str) and "\0" not in entry[0]
            and (entry[1] is None or (isinstance(entry[1], list) and len(entry[1]) == 2
                                      and all(type(number) is int for number in entry[1]))))


class _Handler(socketserver.StreamRequestHandler):
    def handle(self):
        connection = self.request
        connection.settimeout(60)
        try:
            uid = peer_uid(connection)
            if uid is not None and uid != os.geteuid():
                # Checks run with our rights, on the files a request names: only our own user may ask,
                # even if the socket's mode was changed (or the client is root).
                send_lines(connection, _failure(f"toneaudit: server: refused: this server answers uid {os.geteuid()} only\n"))
                _drain(connection)
                return
            raw = receive_line(connection, MAX_REQUEST, seconds=_REQUEST_SECONDS)
            if raw is None:
                send_lines(connection, _failure("toneaudit: server: request too large or incomplete\n"))
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
        return _failure(_MALFORMED)
    try:
        return answer(request)
    except Exception as error:  # answer() already answers its own failures; this is the last net
        return _failure(f"toneaudit: server: internal error ({type(error).__name__})\n")


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


def prepare_socket(path: str, private: bool = False) -> None:
    """Make sure we may listen at PATH: refuse a live server there, and anything but a stale socket of
    ours (never delete someone's file); remove that stale socket. PRIVATE: PATH is in the default
    folder, which must be a folder of ours with mode 0700 (made so if missing), or another user could
    put a socket of theirs in it."""
    folder = os.path.dirname(path)
    try:
        if private:
            with contextlib.suppress(FileExistsError):
                os.mkdir(folder, 0o700)
            problem = folder_problem(folder)
            if problem:
                raise ServerError(f"{unsafe_folder_message(folder, problem)}: remove it, or choose a socket with --socket PATH")
        else:
            os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError as error:
        raise ServerError(f"{folder}: cannot make or use the socket folder ({error.strerror})") from None
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISSOCK(info.st_mode):
        raise ServerError(f"{path}: exists and is not a socket; not replacing it (choose another --socket PATH)")
    if info.st_uid != os.geteuid():
        raise ServerError(f"{path}: a socket of uid {info.st_uid}; not replacing it (choose another --socket PATH)")
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(path)
    except OSError:
        os.unlink(path)  # nobody listens: a leftover of a server of ours that died
    else:
        raise ServerError(f"a server already listens on {path}")
    finally:
        probe.close()


def serve(path: str | None = None, ready=None) -> None:
    """Serve on PATH (None: the default socket) until interrupted (Ctrl-C or SIGTERM); `ready(path)`
    is called once listening."""
    from . import audit

    private = path is None
    try:
        socket_path = os.path.abspath(default_socket_path() if path is None else path)
    except OSError as error:  # a relative path, from a working directory that was removed
        raise ServerError(f"cannot use the working directory ({error.strerror}); give --socket an absolute path") from None
    # Checks change to their client's folder; between them the server stays in one that cannot go away.
    os.chdir("/")
    prepare_socket(socket_path, private)  # before the slow start: a bad path is refused at once
    # Load everything a check needs before accepting the first request.
    for lang in languages.codes():
        audit(languages.settings(lang)["warm_up"], lang)
    # Private from its creation: binding under this umask makes the socket 0600. No chmod by name
    # afterwards, which would follow a link another user put in its place meanwhile to a file of ours.
    old_umask = os.umask(0o177)
    try:
        server = _Server(socket_path, _Handler)
    finally:
        os.umask(old_umask)
    previous = signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        if ready:
            ready(socket_path)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(socket_path)
