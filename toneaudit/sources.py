"""Reading drafts from files and standard input: bytes in, decoded text or one clear error out.

Nothing here ever writes to the input: files are opened read-only and only read.
"""
from __future__ import annotations

import codecs
import os
import re
import sys
from dataclasses import dataclass, field

from . import languages
from .draft import MARKDOWN_SUFFIXES
from .messages import Phrase

STDIN = "-"
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Single-byte encodings we accept when charset detection is confident: what Windows and old Macs save.
_LEGACY_ENCODINGS = {"cp1252", "windows-1252", "latin_1", "iso8859_1", "iso8859_15", "mac_roman", "cp1250", "iso8859_2"}
_CONTROL_CHARS_ALLOWED = "\t\n\r\f\v"


# A JSONL input holds many drafts, each within max-bytes; the file itself may be this large.
_JSONL_LIMIT = 512 * 1024 * 1024
# Inputs are read this much at a time: max-bytes may be far larger than memory (2**63-1 is a valid setting).
_CHUNK = 1024 * 1024
# Half of a UTF-16 surrogate pair: a JSON escape ("\ud800") can make one, but it is not text.
_SURROGATE = re.compile("[\ud800-\udfff]")


class InputError(Exception):
    """A draft that cannot be read or decoded; the message is one line for stderr."""


@dataclass
class Source:
    path: str
    text: str
    markdown: bool
    notes: list[str] = field(default_factory=list)


def read(path: str, max_bytes: int) -> Source:
    if path == STDIN:
        data = _read_at_most(sys.stdin.buffer, max_bytes) if sys.stdin is not None else b""
    else:
        data = _read_file(path, max_bytes)
    return from_bytes(path, data, max_bytes)


def from_bytes(path: str, data: bytes, max_bytes: int) -> Source:
    """A draft from bytes read elsewhere (a file, standard input, git's index)."""
    if len(data) > max_bytes:
        raise InputError(Phrase("larger than the {max_bytes}-byte limit (set max-bytes in the configuration to change it)",
                                max_bytes=max_bytes))
    text, notes = decode(data)
    markdown = path.lower().endswith(MARKDOWN_SUFFIXES) or (path == STDIN and _looks_like_markdown(text))
    return Source(path=path, text=text, markdown=markdown, notes=notes)


def _read_file(path: str, max_bytes: int) -> bytes:
    try:
        if os.path.isdir(path):
            raise InputError(Phrase("is a directory, not a file"))
        # A FIFO that no one writes to would block a plain open() for ever: opened without blocking, it
        # reads as empty; one with a writer (bash's `<(...)`) is then read normally, blocking again.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with open(descriptor, "rb") as handle:
            os.set_blocking(descriptor, True)
            return _read_at_most(handle, max_bytes)
    except FileNotFoundError:
        raise InputError(Phrase("no such file")) from None
    except PermissionError:
        raise InputError(Phrase("permission denied")) from None
    except IsADirectoryError:
        raise InputError(Phrase("is a directory, not a file")) from None
    except OSError as error:
        raise InputError(Phrase("cannot read ({reason})", reason=error.strerror or str(error))) from None


def _read_at_most(stream, limit: int) -> bytes:
    """Never more than the limit and one byte (enough to tell the input is too large), in pieces, so
    that a huge limit is never allocated."""
    chunks, size = [], 0
    while size <= limit:
        chunk = stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def decode(data: bytes) -> tuple[str, list[str]]:
    """The text of a draft, and notes on how it was decoded when it was not plain UTF-8."""
    if not data:
        raise InputError(Phrase("empty file"))
    notes: list[str] = []
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(Phrase("starts with a {encoding} byte-order mark but is not valid {encoding}",
                                        encoding=encoding.upper())) from None
            if encoding != "utf-8-sig":
                notes.append(Phrase("decoded as {encoding} (byte-order mark)", encoding=encoding.upper()))
            return _checked(text.lstrip("\ufeff")), notes
    if b"\x00" in data:
        unmarked = _utf16_without_bom(data)
        if unmarked is None:
            raise InputError(Phrase("binary file (contains NUL bytes), not a text draft"))
        notes.append(Phrase("decoded as UTF-16 without byte-order mark"))
        return _checked(unmarked), notes
    try:
        return _checked(data.decode("utf-8")), notes
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.start >= len(data) - 3 and error.start > 0:
            # Valid UTF-8 cut inside its last character (a writer that stopped early): not cp1252.
            notes.append(Phrase("the input ends inside a UTF-8 character; that last character was dropped"))
            return _checked(data[:error.start].decode("utf-8")), notes
        guess = _legacy_guess(data)
        if guess is None:
            raise InputError(Phrase(
                "not valid UTF-8 (byte {offset}) and its encoding cannot be identified with confidence; save it as UTF-8",
                offset=error.start)) from None
        text, encoding = guess
        notes.append(Phrase("decoded as {encoding} (the file is not UTF-8)", encoding=encoding))
        return _checked(text), notes


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without BOM has a NUL in every other byte for Latin text; anything else is binary."""
    if len(data) % 2:
        return None
    even_nuls, odd_nuls = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    if odd_nuls >= 0.3 * half and even_nuls == 0:
        encoding = "utf-16-le"
    elif even_nuls >= 0.3 * half and odd_nuls == 0:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if _printable_ratio(text) > 0.95 else None


def _legacy_guess(data: bytes) -> tuple[str, str] | None:
    """Windows-1252 (or a close single-byte encoding) when charset-normalizer finds the bytes coherent.

    French and English drafts that are not UTF-8 are nearly always Windows-1252, so it wins whenever it
    reads the bytes about as cleanly as the detector's favourite (cp1250 reads "è" as "č").
    """
    from charset_normalizer import from_bytes

    matches = [match for match in from_bytes(data, cp_isolation=["cp1252", "latin_1", "iso8859_15", "mac_roman", "cp1250"])
               if match.encoding in _LEGACY_ENCODINGS and match.chaos <= 0.2]
    if not matches:
        return None
    best = min(matches, key=lambda match: match.chaos)
    preferred = next((match for match in matches if match.encoding == "cp1252" and match.chaos <= best.chaos + 0.05), best)
    text = str(preferred)
    return (text, preferred.encoding) if _printable_ratio(text) > 0.97 else None


def _printable_ratio(text: str) -> float:
    if not text:
        return 1.0
    bad = sum(1 for char in text if char < " " and char not in _CONTROL_CHARS_ALLOWED)
    return 1 - bad / len(text)


def _checked(text: str) -> str:
    if not text.strip():
        raise InputError(Phrase("empty draft (only white space)"))
    if _printable_ratio(text) < 0.9:
        raise InputError(Phrase("binary file (mostly control characters), not a text draft"))
    return text


def _looks_like_markdown(text: str) -> bool:
    head = text.lstrip()[:4]
    return head.startswith(("---", "+++", "# ", "```")) or "](" in text or "<!--" in text


def read_jsonl(path: str, max_bytes: int) -> list[tuple[str, Source | InputError, str | None]]:
    """The drafts of a JSONL file (`{"text": ..., "lang": ..., "id": ...}` per line), each with its label
    (`id`, or `path:line`), its decoded draft or the error that line has, and its language if given."""
    import json

    limit = max(max_bytes, _JSONL_LIMIT)
    if path != STDIN:
        whole = _read_file(path, limit)
    else:
        whole = _read_at_most(sys.stdin.buffer, limit) if sys.stdin is not None else b""
    if len(whole) > limit:
        raise InputError(Phrase("a JSONL file larger than {limit} bytes; split it", limit=limit))
    try:
        content = whole.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(Phrase("a JSONL file must be UTF-8")) from None
    drafts: list[tuple[str, Source | InputError, str | None]] = []
    # Lines end at "\n" only (a "\r" before it is white space to JSON): str.splitlines() would also
    # cut at U+2028, U+0085, form feeds... which a JSON string may hold.
    for number, line in enumerate(content.split("\n"), 1):
        if not line.strip():
            continue
        label = f"{path}:{number}"
        try:
            # strict=False: a raw tab or other control character inside a string is the draft's text.
            item = json.loads(line, strict=False)
            text = item["text"]
            if not isinstance(text, str):
                raise TypeError("text is not a string")
            identifier = str(item.get("id", label))
        except RecursionError:
            drafts.append((label, InputError(Phrase("not a draft line (nested too deeply)")), None))
            continue
        except (ValueError, KeyError, TypeError) as error:
            drafts.append((label, InputError(Phrase("not a draft line ({reason})", reason=str(error))), None))
            continue
        for name, value in (("text", text), ("id", identifier)):  # noqa: B007 - `name` says which, after the loop
            surrogate = _SURROGATE.search(value)
            if surrogate:
                break
        if surrogate:
            drafts.append((label, InputError(Phrase(
                "not a draft line (its {name} holds {escape}, half of a UTF-16 surrogate pair, which is not text)",
                name=name, escape=f"\\u{ord(surrogate.group()):04x}")), None))
            continue
        label = identifier
        if len(text.encode("utf-8")) > max_bytes:
            drafts.append((label, InputError(Phrase("larger than the {max_bytes}-byte limit", max_bytes=max_bytes)), None))
        elif not text.strip():
            drafts.append((label, InputError(Phrase("empty draft")), None))
        else:
            lang = item.get("lang") if item.get("lang") in languages.codes() else None
            drafts.append((label, Source(path=label, text=text, markdown=False), lang))
    return drafts
