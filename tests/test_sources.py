"""Reading drafts: every kind of bad input gets one clear error, good ones are decoded."""
import io
import json
import os
import subprocess
import sys
import threading

import pytest

from tests.conftest import ROOT
from toneaudit.sources import STDIN, InputError, decode, read, read_jsonl

TEXT = "J'ai ouvert l'atelier à l'aube, café crème et croissants."


def test_utf8_and_utf8_with_bom():
    assert decode(TEXT.encode("utf-8")) == (TEXT, [])
    assert decode(b"\xef\xbb\xbf" + TEXT.encode("utf-8")) == (TEXT, [])


def test_utf16_with_and_without_bom_is_decoded_with_a_note():
    text, notes = decode(TEXT.encode("utf-16"))
    assert text == TEXT and "UTF-16" in notes[0]
    text, notes = decode(TEXT.encode("utf-16-le"))
    assert text == TEXT and "without byte-order mark" in notes[0]


def test_windows_1252_is_decoded_with_a_note():
    text, notes = decode("Café, crème brûlée et « guillemets » — l’été.".encode("cp1252"))
    assert text == "Café, crème brûlée et « guillemets » — l’été."
    assert "cp1252" in notes[0] or "1252" in notes[0]


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (b"   \n\t  \r\n", "empty"),
    (bytes(range(256)) * 4, "binary"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    (b"\xff\xfe\x00\xd8", "UTF-16"),
])
def test_bad_bytes_are_refused_with_a_reason(data, reason):
    with pytest.raises(InputError, match=reason):
        decode(data)


def test_undecodable_bytes_are_refused():
    with pytest.raises(InputError, match="not valid UTF-8"):
        decode(b"\x81\x8d\x8f\x90\x9d" * 20 + b"\xc3\x28\xa0\xa1")


def test_files_missing_directories_and_size_limit(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read(str(tmp_path / "missing.txt"), 1000)
    with pytest.raises(InputError, match="directory"):
        read(str(tmp_path), 1000)
    big = tmp_path / "big.txt"
    big.write_text("a" * 2000)
    with pytest.raises(InputError, match="limit"):
        read(str(big), 1000)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(TEXT)
    path.chmod(0)
    with pytest.raises(InputError, match="permission"):
        read(str(path), 1000)


def test_symlink_loop(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    with pytest.raises(InputError):
        read(str(loop), 1000)


def test_markdown_is_recognised_by_extension(tmp_path):
    path = tmp_path / "post.md"
    path.write_text("# Titre\n" + TEXT, encoding="utf-8")
    assert read(str(path), 10_000).markdown
    other = tmp_path / "post.txt"
    other.write_text(TEXT, encoding="utf-8")
    assert not read(str(other), 10_000).markdown


def _jsonl(tmp_path, *lines: str, ending: str = "\n") -> str:
    path = tmp_path / "drafts.jsonl"
    path.write_bytes("".join(line + ending for line in lines).encode("utf-8"))
    return str(path)


def test_a_jsonl_line_with_a_lone_surrogate_is_an_error_for_that_line_only(tmp_path):
    # Valid JSON (an escape), but not Unicode text: refused like a file that is not valid UTF-8.
    path = _jsonl(tmp_path, '{"text": "\\ud800 ACHETEZ"}', json.dumps({"text": TEXT}),
                  '{"id": "\\udfff", "text": "Bonjour"}', '{"text": "\\ud83d\\ude00 Je vous salue"}')
    first, second, third, fourth = [(label, source) for label, source, _ in read_jsonl(path, 10_000)]
    assert first[0] == f"{path}:1" and isinstance(first[1], InputError) and "surrogate" in str(first[1])
    assert second[1].text == TEXT
    assert third[0] == f"{path}:3" and isinstance(third[1], InputError) and "surrogate" in str(third[1])
    assert fourth[1].text == "😀 Je vous salue"  # a proper surrogate pair is one character


@pytest.mark.parametrize("nested", ["[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000,
                                    '{"text": "Bonjour", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"])
def test_a_jsonl_line_nested_too_deeply_is_an_error_for_that_line_only(tmp_path, nested):
    path = _jsonl(tmp_path, nested, json.dumps({"text": TEXT}))
    (label, error, _), (_, source, _) = read_jsonl(path, 10_000)
    assert label == f"{path}:1" and isinstance(error, InputError) and "nested too deeply" in str(error)
    assert source.text == TEXT


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\r"])
def test_jsonl_lines_end_at_newlines_only(tmp_path, separator):
    text = f"Je vous présente{separator}mon atelier."
    # Raw in the string, as some writers leave them (strict JSON wants the control characters escaped).
    line = '{"text": "' + text + '"}'
    path = _jsonl(tmp_path, line, json.dumps({"text": TEXT}), ending="\r\n")
    entries = read_jsonl(path, 10_000)
    assert [(label, source.text) for label, source, _ in entries] == [(f"{path}:1", text), (f"{path}:2", TEXT)]


def test_a_huge_max_bytes_reads_standard_input_and_pipes_in_pieces(tmp_path, monkeypatch):
    # max-bytes = 2**63-1 is accepted by the configuration: reading must never ask for that much at once.
    huge = 2 ** 63 - 1
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.encode("utf-8"))))
    assert read(STDIN, huge).text == TEXT
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps({"text": TEXT}).encode("utf-8"))))
    ((_, source, _),) = read_jsonl(STDIN, huge)
    assert source.text == TEXT
    read_end, write_end = os.pipe()  # a file whose size is unknown (st_size 0)
    os.write(write_end, TEXT.encode("utf-8"))
    os.close(write_end)
    try:
        assert read(f"/dev/fd/{read_end}", huge).text == TEXT
    finally:
        os.close(read_end)


def test_the_limit_still_holds_when_read_in_pieces(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"a" * 3_000_000)))
    with pytest.raises(InputError, match="2500000-byte limit"):
        read(STDIN, 2_500_000)


_READ_IN_A_CHILD = """
import sys
from toneaudit.sources import InputError, read
try:
    print(read(sys.argv[1], 1000).text, end="")
except InputError as error:
    print("error:", error, end="")
"""


def _read_in_a_child(path) -> str:
    """What read() answers for path, in a child process: a hang fails the test instead of stalling the suite."""
    done = subprocess.run([sys.executable, "-c", _READ_IN_A_CHILD, str(path)], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert not done.stderr, done.stderr
    return done.stdout


def test_a_fifo_with_no_writer_is_an_empty_file_not_a_hang(tmp_path):
    fifo = tmp_path / "draft.txt"
    os.mkfifo(fifo)
    assert _read_in_a_child(fifo) == "error: empty file"


def test_a_fifo_or_a_pipe_with_a_writer_is_read(tmp_path):
    fifo = tmp_path / "draft.txt"
    os.mkfifo(fifo)
    # A reader of our own keeps the data in the FIFO once the writer has written and gone.
    keep = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    writer = os.open(fifo, os.O_WRONLY)
    os.write(writer, TEXT.encode("utf-8"))
    os.close(writer)
    try:
        assert _read_in_a_child(fifo) == TEXT
    finally:
        os.close(keep)
    # A pipe whose writer is still writing (bash's `<(…)` gives /dev/fd/N): read until it closes.
    read_end, write_end = os.pipe()
    os.write(write_end, TEXT.encode("utf-8")[:10])
    closer = threading.Thread(target=lambda: (os.write(write_end, TEXT.encode("utf-8")[10:]), os.close(write_end)))
    closer.start()
    try:
        assert read(f"/dev/fd/{read_end}", 1000).text == TEXT
    finally:
        closer.join()
        os.close(read_end)
