"""Text not in Unicode NFC (accents written as combining marks, as macOS and some editors write them) is
analysed as its NFC copy: the rules and the model only know composed letters. Findings are then mapped
back to the text as written, never cutting through characters that NFC composes or reorders together.
"""
from __future__ import annotations

import bisect
import re
import unicodedata

# No ASCII character changes under NFC or composes with the character before it (tests/test_properties
# checks all of Unicode), so a text normalises piece by piece, cut before each ASCII character: only the
# pieces that hold something else are looked at.
_PIECE = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")
# Unicode's stream-safe format (UAX #15) has at most 30 combining marks after a character. A longer run
# is not writing (CPython normalises it in quadratic time) and is kept as written.
_LONGEST = 32


class Normalised:
    """The NFC copy of a text, and the way back: the stretches ("units") where the copy differs."""

    def __init__(self, text: str, copy: str, units: list[tuple[int, int, int, int]]):
        self.text = text  # as written
        self.copy = copy
        # Each unit as (start, end) in the copy and (start, end) in the text, in order.
        self._copy_starts = [unit[0] for unit in units]
        self._units = units
        self._line_starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the text as written for a span of the copy: a start inside a unit goes to the
        unit's start, an end inside one to its end."""
        return self._start(start), self._end(end)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset of the text as written (NFC leaves line breaks alone: the
        lines are those of the copy, not the columns)."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def _start(self, offset: int) -> int:
        index = bisect.bisect_right(self._copy_starts, offset) - 1
        if index < 0:
            return offset
        copy_start, copy_end, start, end = self._units[index]
        return start if offset < copy_end else offset - copy_end + end

    def _end(self, offset: int) -> int:
        index = bisect.bisect_left(self._copy_starts, offset) - 1
        if index < 0:
            return offset
        copy_start, copy_end, start, end = self._units[index]
        return end if offset <= copy_end else offset - copy_end + end


def normalise(text: str) -> Normalised | None:
    """The NFC copy of a text and its map, or None for a text already in NFC (nearly all of them: a check
    in C, nothing built)."""
    if unicodedata.is_normalized("NFC", text):
        return None
    parts, units = [], []
    copied_to, length = 0, 0  # how far the text has gone into the copy, and the copy's length
    for piece in _PIECE.finditer(text):
        if unicodedata.is_normalized("NFC", piece.group()):
            continue
        offset = piece.start()
        for written, composed in _units(piece.group()):
            if written != composed:
                parts.append(text[copied_to:offset])
                length += offset - copied_to
                units.append((length, length + len(composed), offset, offset + len(written)))
                parts.append(composed)
                length += len(composed)
                copied_to = offset + len(written)
            offset += len(written)
    parts.append(text[copied_to:])
    return Normalised(text, "".join(parts), units)


def _units(piece: str) -> list[tuple[str, str]]:
    """The piece as (written, NFC) pairs that concatenate to it and to its NFC form: each character with
    the combining marks after it, joined to the next one when NFC composes across (Hangul jamo, a few
    vowel signs of Indic scripts). Marks after a line break are apart from it (it composes with nothing),
    so that no unit holds a line break: lines are the same in the copy and in the text."""
    starts = [index for index, char in enumerate(piece)
              if index == 0 or not unicodedata.combining(char) or piece[index - 1] == "\n"]
    clusters = [piece[start:end] for start, end in zip(starts, [*starts[1:], len(piece)])]
    units = []
    written, composed = clusters[0], _nfc(clusters[0])
    for cluster in clusters[1:]:
        alone = _nfc(cluster)
        if len(written) + len(cluster) <= _LONGEST:
            joined = _nfc(written + cluster)
            if joined != composed + alone:
                written, composed = written + cluster, joined
                continue
        units.append((written, composed))
        written, composed = cluster, alone
    units.append((written, composed))
    return units


def _nfc(characters: str) -> str:
    return unicodedata.normalize("NFC", characters) if len(characters) <= _LONGEST else characters
