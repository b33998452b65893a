"""Sending `toneaudit check` to a warm server, when one runs. Standard library only: this runs before
anything heavy is imported, and must cost a few milliseconds when there is no server."""
from __future__ import annotations

import base64
import json
import os
import socket
import sys
import tempfile

PROTOCOL = 1
MAX_REQUEST = 16 * 1024 * 1024  # a request carries standard input (1 MB by default: max-bytes)
MAX_ANSWER = 256 * 1024 * 1024  # an answer carries the reports of many files


def default_socket_path() -> str:
    """In the user's runtime directory, or a private folder under the temp directory."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    folder = os.path.join(runtime, "toneaudit") if runtime else os.path.join(tempfile.gettempdir(), f"toneaudit-{os.getuid()}")
    return os.path.join(folder, "server.sock")


def socket_path(argv: list[str]) -> str:
    for index, argument in enumerate(argv):
        if argument == "--socket" and index + 1 < len(argv):
            return argv[index + 1]
        if argument.startswith("--socket="):
            return argument.split("=", 1)[1]
    return os.environ.get("TONEAUDIT_SOCKET") or default_socket_path()


def wants_server(argv: list[str]) -> bool:
    return "--no-server" not in argv and os.environ.get("TONEAUDIT_NO_SERVER", "") in ("", "0")


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
    if not wants_server(argv):
        return None
    path = socket_path(argv)
    if not os.path.exists(path):
        return None
    stdin = None
    if "-" in argv:
        stdin = sys.stdin.buffer.read(_STDIN_LIMIT + 1) if sys.stdin is not None else b""
        if len(stdin) > _STDIN_LIMIT:  # too much to send: the in-process check reads (and judges) it all
            sys.stdin = _Replay(stdin, sys.stdin.buffer)
            return None
    request = {
        "protocol": PROTOCOL, "argv": argv, "cwd": os.getcwd(),
        "stdin": base64.b64encode(stdin).decode("ascii") if stdin is not None else None,
        "tty": sys.stdout.isatty(), "no_color": "NO_COLOR" in os.environ,
        # Inside a git hook, git points at a temporary index and the like: --diff and --staged need them.
        "git_env": {name: value for name, value in os.environ.items() if name.startswith("GIT_")},
    }
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(600)
            _connect(connection, path)
            send_lines(connection, request)
            raw = receive_line(connection)
        answer = json.loads(raw) if raw else None
    except (OSError, ValueError):
        answer = None  # a stale or dead socket: fall back to running in-process
    if not isinstance(answer, dict) or answer.get("protocol") != PROTOCOL or not isinstance(answer.get("status"), int):
        if stdin is not None:
            sys.stdin = _Replay(stdin)  # what we read must still reach the in-process check
        return None
    sys.stdout.write(answer.get("stdout", ""))
    sys.stdout.flush()
    sys.stderr.write(answer.get("stderr", ""))
    return answer["status"]


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


class _Replay:
    """Standard input already read, offered again to the in-process run (followed by what is left)."""

    def __init__(self, data: bytes, rest=None):
        import io

        self.buffer = io.BytesIO(data) if rest is None else _Chained(data, rest)


class _Chained:
    def __init__(self, head: bytes, rest):
        self.head, self.rest = head, rest

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            data, self.head = self.head + self.rest.read(), b""
            return data
        data, self.head = self.head[:size], self.head[size:]
        return data + (self.rest.read(size - len(data)) if len(data) < size else b"")
