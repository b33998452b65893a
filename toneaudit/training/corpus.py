"""Labelled drafts: reading `corpora/**/*.jsonl` and a fixed, hash-based split.

A draft's split depends only on its own text, so adding or removing other drafts never moves it.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .. import languages
from ..rules import DIMENSIONS

SPLITS = ("train", "dev", "test")
# Percent of the hash space per split: 70 / 15 / 15.
_BOUNDS = (70, 85)
# What a partially labelled text must be known not to be, to count as clean (CONTRACT.md).
CLEAN_DIMENSIONS = ("institutional", "commercial", "aggressive")
_SURROGATE = re.compile("[\ud800-\udfff]")


class CorpusError(ValueError):
    pass


@dataclass(frozen=True)
class Example:
    text: str
    lang: str
    labels: frozenset[str]
    id: str = ""
    source: str = ""
    # Dimensions known not to apply; None when the line is fully labelled (every dimension not in
    # `labels` is then negative). With `negatives`, a dimension in neither set is unknown.
    negatives: frozenset[str] | None = None

    @property
    def split(self) -> str:
        return split_of(self.text)

    def knows(self, dimension: str) -> bool:
        """Whether this example says anything of `dimension` (it is a label or a known negative)."""
        return self.negatives is None or dimension in self.labels or dimension in self.negatives

    def is_clean(self, dimensions=CLEAN_DIMENSIONS) -> bool:
        """A text known to have none of `dimensions`: the good drafts of false-alarm rates. A fully
        labelled good draft is clean; a partial one only when all of them are known negatives."""
        return not self.labels & set(dimensions) and all(self.knows(name) for name in dimensions)


def split_of(text: str) -> str:
    bucket = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big") % 100
    return "train" if bucket < _BOUNDS[0] else "dev" if bucket < _BOUNDS[1] else "test"


def read_jsonl(path: Path) -> list[Example]:
    examples = []
    # Read as bytes, so that a line that is not UTF-8 is named; lines end at "\n" only.
    with _open(path) as handle:
        for number, raw in enumerate(handle, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise CorpusError(f"{path}:{number}: not UTF-8; save the corpus as UTF-8") from None
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                labels = frozenset(item["labels"])
                negatives = frozenset(item["negatives"]) if "negatives" in item else None
                text, lang = item["text"], item["lang"]
            except RecursionError:
                raise CorpusError(f"{path}:{number}: not a corpus line (nested too deeply)") from None
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                raise CorpusError(f"{path}:{number}: not a corpus line ({error})") from None
            if not labels <= set(DIMENSIONS) or lang not in languages.codes() or not isinstance(text, str):
                raise CorpusError(f"{path}:{number}: bad lang or labels")
            if negatives is not None and not negatives <= set(DIMENSIONS):
                raise CorpusError(f"{path}:{number}: bad negatives (dimension names: {', '.join(DIMENSIONS)})")
            if negatives is not None and negatives & labels:
                raise CorpusError(f"{path}:{number}: {', '.join(sorted(negatives & labels))} both a label and a negative")
            surrogate = _SURROGATE.search(text)
            if surrogate:  # a JSON escape such as "\ud800" alone: not text, and no UTF-8 can hold it
                raise CorpusError(f"{path}:{number}: the text holds \\u{ord(surrogate.group()):04x}, "
                                  "half of a UTF-16 surrogate pair, which is not text")
            examples.append(Example(text, lang, labels, str(item.get("id", "")), f"{path}:{number}", negatives))
    return examples


def _open(path: Path):
    """`path` opened for reading, or one clear error. A FIFO that no one writes to would block a plain
    open() for ever: opened without blocking, it reads as nothing, which is an error; one with a writer
    (`evaluate <(...)`) is read normally. A device (/dev/zero) would be read for ever."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise CorpusError(f"{path}: cannot read ({error.strerror or error})") from None
    handle = open(descriptor, "rb")
    os.set_blocking(descriptor, True)
    kind = os.fstat(descriptor).st_mode
    if stat.S_ISFIFO(kind) and not handle.peek(1):  # with no writer, the end at once
        handle.close()
        raise CorpusError(f"{path}: nothing to read (a FIFO no one writes to)")
    if not (stat.S_ISFIFO(kind) or stat.S_ISREG(kind)):
        handle.close()
        raise CorpusError(f"{path}: not a regular file")
    return handle


def load_corpus(paths) -> list[Example]:
    """Every example of the given JSONL files and folders (searched recursively)."""
    examples = []
    for path in map(Path, paths):
        files = sorted(path.rglob("*.jsonl")) if path.is_dir() else [path]
        for file in files:
            examples.extend(read_jsonl(file))
    return examples
