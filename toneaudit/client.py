"""Sending `toneaudit check` to a warm server, when one runs. Standard library only: this runs before
anything heavy is imported, and must cost a few milliseconds when there is no server.

A socket is proven before it is trusted with a draft: the default socket folder must be the user's own
with mode 0700, and the process listening must run as the user (its peer credentials); otherwise the
check runs in-process, with a note. Whatever the server could not read as the same file (a FIFO, a
device, standard input as /dev/stdin, /proc/self/...) is checked in-process too, and so is any check
the server answers with a failure of its own."""
from __future__ import annotations

import base64
import io
import json
import os
import socket
import stat
import sys
import tempfile

from .messages import LOCALE_VARIABLES, Phrase, in_language, locale_language

PROTOCOL = 1
MAX_REQUEST = 16 * 1024 * 1024  # a request carries standard input (1 MB by default: max-bytes)
MAX_ANSWER = 256 * 1024 * 1024  # an answer carries the reports of many files


def default_socket_path() -> str:
    """In the user's runtime directory, or a private folder under the temp directory."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    folder = os.path.join(runtime, "toneaudit") if runtime else os.path.join(tempfile.gettempdir(), f"toneaudit-{os.getuid()}")
    return os.path.join(folder, "server.sock")


def chosen_socket_path(argv: list[str]) -> str | None:
    """The socket named by --socket or TONEAUDIT_SOCKET, or None for the default one."""
    return _option(argv, "--socket") or os.environ.get("TONEAUDIT_SOCKET") or None


def _option(argv: list[str], name: str) -> str | None:
    """The value `argv` gives the option `name` (`--name VALUE` or `--name=VALUE`), the first one
    given, before click reads the command line."""
    for index, argument in enumerate(argv):
        if argument == name and index + 1 < len(argv):
            return argv[index + 1]
        if argument.startswith(name + "="):
            return argument.split("=", 1)[1]
    return None


def socket_path(argv: list[str]) -> str:
    return chosen_socket_path(argv) or default_socket_path()


def folder_problem(folder: str) -> str | None:
    """What makes FOLDER unfit to hold the default socket, or None: another user who owns it, may write
    in it, or made it a link to a folder of theirs could put a socket of theirs there. Raises OSError
    if it cannot be looked up."""
    info = os.lstat(folder)
    if stat.S_ISLNK(info.st_mode):
        return Phrase("a symbolic link")
    if not stat.S_ISDIR(info.st_mode):
        return Phrase("not a folder")
    if info.st_uid != os.geteuid():
        return Phrase("owned by uid {uid}", uid=info.st_uid)
    if stat.S_IMODE(info.st_mode) & 0o077:
        return Phrase("mode {mode}", mode=f"{stat.S_IMODE(info.st_mode):04o}")
    return None


def unsafe_folder_message(folder: str, problem: str) -> Phrase:
    return Phrase("{folder}: not a safe folder for the server's socket ({problem}; it must be your own folder with mode "
                  "0700)", folder=folder, problem=problem)


def peer_uid(connection: socket.socket) -> int | None:
    """The user the process at the other end of a Unix socket runs as, as the kernel tells it
    (SO_PEERCRED: pid, uid, gid), or None where the system does not."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return None
    import struct

    _, uid, _ = struct.unpack("3i", connection.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i")))
    return uid


def wants_server(argv: list[str]) -> bool:
    # --fix writes files: that happens here, as the user who typed it, never in a server.
    return ("--no-server" not in argv and "--fix" not in argv
            and os.environ.get("TONEAUDIT_NO_SERVER", "") in ("", "0"))


def send_lines(connection: socket.socket, message: dict) -> None:
    connection.sendall(json.dumps(message).encode("utf-8") + b"\n")


def receive_line(connection: socket.socket, limit: int = MAX_ANSWER, seconds: float | None = None) -> bytes | None:
    """One newline-terminated message of at most `limit` bytes, or None if the peer closed early, sent
    too much, or (with `seconds`) took longer than that in all: a client trickling one byte a minute
    must not hold a server thread forever."""
    import time

    deadline = time.monotonic() + seconds if seconds is not None else None
    chunks, size = [], 0
    while True:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            connection.settimeout(remaining)
        chunk = connection.recv(1 << 16)
        if not chunk:
            return None
        newline = chunk.find(b"\n")
        if newline >= 0:
            if size + newline > limit:
                return None
            chunks.append(chunk[:newline])
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            return None


def run_through_server(argv: list[str]) -> int | None:
    """Exit status of `check argv` as answered by the server, or None to run in-process instead."""
    if not wants_server(argv) or sys.stdout is None or sys.stderr is None:
        return None
    path = chosen_socket_path(argv)
    if path is None:
        path = default_socket_path()
        try:
            problem = folder_problem(os.path.dirname(path))
        except OSError:
            return None  # no folder, no server
        if problem:
            _note(Phrase("{problem}; checking in-process", problem=unsafe_folder_message(os.path.dirname(path), problem)), argv)
            return None
    if not os.path.exists(path):
        return None
    try:
        cwd = os.getcwd()
    except OSError:
        return None  # the working directory was removed: the in-process check says so
    files = _named_files(argv)
    if files is None:
        return None
    stdin = None
    if "-" in argv:
        stdin = sys.stdin.buffer.read(_STDIN_LIMIT + 1) if sys.stdin is not None else b""
        if len(stdin) > _STDIN_LIMIT:  # too much to send: the in-process check reads (and judges) it all
            sys.stdin = replayed_stdin(stdin, sys.stdin.buffer)
            return None
    request = {
        "protocol": PROTOCOL, "argv": argv, "cwd": cwd, "files": files,
        "stdin": base64.b64encode(stdin).decode("ascii") if stdin is not None else None,
        "tty": sys.stdout.isatty(), "no_color": "NO_COLOR" in os.environ,
        # Inside a git hook, git points at a temporary index and the like: --diff and --staged need them.
        "git_env": {name: value for name, value in os.environ.items() if name.startswith("GIT_")},
        # Errors and notes are said in the language the locale names, as they would be in-process.
        "locale": {name: os.environ[name] for name in LOCALE_VARIABLES if name in os.environ},
    }
    answer = _ask(path, request)
    if (not isinstance(answer, dict) or answer.get("protocol") != PROTOCOL or not isinstance(answer.get("status"), int)
            or answer.get("in_process")):
        if stdin is not None:
            sys.stdin = replayed_stdin(stdin)  # what we read must still reach the in-process check
        return None
    return _print(answer)


def _ask(path: str, request: dict) -> dict | None:
    """The server's answer, or None: a stale or dead socket, or one another user listens on."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(600)
            _connect(connection, path)
            # Before sending anything: the request holds the draft, the working directory and git's variables.
            uid = peer_uid(connection)
            uid = os.stat(path).st_uid if uid is None else uid  # only the process that bound a socket owns it
            if uid != os.geteuid():
                _note(Phrase("{path}: the server there runs as uid {uid}, not as you; checking in-process", path=path,
                             uid=uid), request["argv"])
                return None
            send_lines(connection, request)
            raw = receive_line(connection)
        return json.loads(raw) if raw else None
    except (OSError, ValueError):
        return None


def _print(answer: dict) -> int:
    """Print the server's answer as the in-process check would have (standard error first, as its
    error lines come before the report), and return the exit status."""
    try:
        sys.stderr.write(answer.get("stderr", ""))
        sys.stderr.flush()
    except OSError:  # standard error full or gone: as in-process, its lines are lost, never the status
        _to_devnull(sys.stderr)
    try:
        sys.stdout.write(answer.get("stdout", ""))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): as in-process, status 1 and nothing more to deliver.
        _to_devnull(sys.stdout)
        return 1
    except OSError as error:  # a full disk, say: the report was not delivered, and must not pass for it
        _to_devnull(sys.stdout)
        try:
            sys.stderr.write(f"toneaudit: cannot write to standard output ({error.strerror or error})\n")
            sys.stderr.flush()
        except OSError:
            _to_devnull(sys.stderr)
        return 2
    return answer["status"]


def _to_devnull(stream) -> None:
    """Point a stream that failed at /dev/null: what is still buffered in it must not fail again at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, stream.fileno())
    os.close(devnull)


def _note(message: Phrase, argv: list[str]) -> None:
    """`toneaudit: note: ...` in the language of --messages, or of the system locale (a configuration's
    `messages` is not read here: the check has not started)."""
    lang = _option(argv, "--messages") or locale_language()
    try:
        sys.stderr.write(f"toneaudit: note: {in_language(message, lang)}\n")
        sys.stderr.flush()
    except OSError:  # standard error full: the check goes on, and its status says what matters
        _to_devnull(sys.stderr)


def _named_files(argv: list[str]) -> list[list[object]] | None:
    """[name, identity] for each argument that may name a file (all but options, and the values of
    --option=VALUE), for the server to compare with what it sees under that name; or None when one
    names something the server could not read as the same file: a FIFO, a device, a socket."""
    files: list[list[object]] = []
    positional = after_socket = False
    for argument in argv:
        if after_socket or argument.startswith("--socket=") or argument == "--socket":
            after_socket = argument == "--socket"  # the socket itself is the client's business
            continue
        if argument == "--" and not positional:
            positional = True
            continue
        if not positional and argument.startswith("-"):
            if not (argument.startswith("--") and "=" in argument):
                continue
            argument = argument.split("=", 1)[1]
        try:
            info = os.stat(argument)
        except (OSError, ValueError):
            files.append([argument, None])
            continue
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
            return None
        files.append([argument, [info.st_dev, info.st_ino]])
    return files


def _connect(connection: socket.socket, path: str, seconds: float = 10.0) -> None:
    """Connect, waiting a little while the server's queue of connections is full (a busy server
    answers EAGAIN at once); a dead socket still fails at once (connection refused)."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        try:
            connection.connect(path)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.01)


# Standard input sent to the server at most; larger input is checked in-process.
_STDIN_LIMIT = MAX_REQUEST // 2


def replayed_stdin(data: bytes, rest=None) -> io.TextIOWrapper:
    """Standard input already read (DATA, then what REST still holds), as a real file object: the
    workers of --jobs (multiprocessing) close it when they start, and ask for its fileno."""
    return io.TextIOWrapper(io.BytesIO(data) if rest is None else io.BufferedReader(_Chained(data, rest)),
                            encoding="utf-8", errors="surrogateescape")


class _Chained(io.RawIOBase):
    def __init__(self, head: bytes, rest):
        self.head, self.offset, self.rest = head, 0, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.offset < len(self.head):
            data = self.head[self.offset:self.offset + len(buffer)]
            self.offset += len(data)
        else:
            data = self.rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)
