"""Reading labelled corpora: what is not a readable JSONL file is one clear error, never a hang or a
traceback (a FIFO, a device, a file that cannot be opened, found by name or in a folder)."""
import json
import os
import subprocess
import sys

import pytest

LINE = json.dumps({"text": "J'ai ouvert l'atelier ce matin.", "lang": "fr", "labels": []}) + "\n"


def _load_in_a_child(path, cwd, timeout=60):
    code = ("import sys\nfrom toneaudit.training.corpus import CorpusError, load_corpus\n"
            f"try:\n    print(len(load_corpus([{str(path)!r}])))\nexcept CorpusError as error:\n"
            "    print(error)\n    sys.exit(2)\n")
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=timeout)


def test_a_fifo_no_one_writes_to_in_a_corpus_folder_is_one_clear_error_at_once(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.jsonl").write_text(LINE)
    os.mkfifo(tmp_path / "corpus" / "b.jsonl")
    done = _load_in_a_child(tmp_path / "corpus", tmp_path)
    assert done.returncode == 2 and done.stderr == "", done.stderr
    assert done.stdout == f"{tmp_path / 'corpus' / 'b.jsonl'}: nothing to read (a FIFO no one writes to)\n"


def test_a_device_is_not_a_corpus(tmp_path):
    done = _load_in_a_child("/dev/zero", tmp_path)
    assert done.returncode == 2 and done.stdout == "/dev/zero: not a regular file\n", done.stdout + done.stderr


@pytest.mark.parametrize("kind", ["unreadable", "dangling link"])
def test_a_file_that_cannot_be_opened_in_a_corpus_folder_is_one_clear_error(tmp_path, kind):
    if kind == "unreadable" and os.geteuid() == 0:
        pytest.skip("root reads every file")
    (tmp_path / "corpus").mkdir()
    bad = tmp_path / "corpus" / "b.jsonl"
    if kind == "unreadable":
        bad.write_text(LINE)
        bad.chmod(0)
    else:
        bad.symlink_to(tmp_path / "nowhere.jsonl")
    done = _load_in_a_child(tmp_path / "corpus", tmp_path)
    assert done.returncode == 2 and done.stderr == "", done.stderr
    assert done.stdout.startswith(f"{bad}: cannot read (")


def test_a_corpus_written_by_a_pipe_is_read(tmp_path):
    """`evaluate <(...)`: a FIFO with a writer is read like a file."""
    reader, writer = os.pipe()
    os.write(writer, LINE.encode())
    os.close(writer)
    from toneaudit.training.corpus import load_corpus

    try:
        assert len(load_corpus([f"/proc/self/fd/{reader}"])) == 1
    finally:
        os.close(reader)
