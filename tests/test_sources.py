"""Reading drafts: every kind of bad input gets one clear error, good ones are decoded."""
import os

import pytest

from toneaudit.sources import InputError, decode, read

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
