"""The shipped linear classifier, at inference: features from a draft, one probability per dimension.

Training (scikit-learn) lives in `toneaudit.training`; what it exports is plain data: a vocabulary,
a weight matrix, Platt calibration and thresholds, saved with joblib. Inference needs only numpy. The
model file is read as data only (never as code, whatever its hash), and the shipped one only after its
SHA-256 matches the manifest shipped beside it.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import threading
import typing
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .languages import codes as supported_languages

FORMAT_VERSION = 3
MODEL_FILE = "toneaudit-model.joblib"
MANIFEST_FILE = "manifest.json"

# "#" and "@" are no tokens: "#recrutement" is read as the word, and a mention as the name.
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?|\d+|[!?]+|[^\w\s#@]", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


class ModelError(RuntimeError):
    """The model file is missing, altered, foreign or unreadable."""


# ---------------------------------------------------------------------------------------------
# Features: the same function at training and at inference, so the two can never disagree.

def features(analysis_text: str, url_spans, rule_counts: dict[str, int], rule_scores: dict[str, float]) -> dict[str, float]:
    """Sparse features of one draft: word 1-2-grams, character 3-5-grams inside words, and rules.

    Each text group is binary then L2-normalised, so long drafts do not outweigh short ones;
    rule features are log counts and the rules' own dimension scores.
    """
    words, unique_words = _text_groups(analysis_text, url_spans)
    chars: set[str] = set()
    for word in unique_words:
        chars.update(_char_ngrams(word))
    result = {}
    for group in (words, chars):
        if group:
            value = 1.0 / math.sqrt(len(group))
            result.update(dict.fromkeys(group, value))
    result.update(_rule_features(rule_counts, rule_scores))
    return result


def _text_groups(analysis_text: str, url_spans) -> tuple[set[str], set[str]]:
    """The word 1-2-gram features, and the distinct words whose character n-grams are the other group."""
    tokens, unique_words = _tokens(analysis_text, url_spans)
    words = {f"w:{token}" for token in tokens}
    words.update(f"w:{first} {second}" for first, second in zip(tokens, tokens[1:]))
    return words, unique_words


def _tokens(analysis_text: str, url_spans) -> tuple[list[str], set[str]]:
    """The draft's tokens (lower case, links left out), and its distinct words.

    Links are not read at all: a link is in good posts as much as in ads, and a model that reads one
    learns the corpus's habits (a bare t.co link read as "commercial"), not the tone."""
    tokens = _TOKEN.findall(_without_urls(analysis_text, url_spans).lower())
    return tokens, _words_of(set(tokens))


def _words_of(tokens: set[str]) -> set[str]:
    """The `_WORD` runs of a text, read from its `_TOKEN`s: a token that starts with a letter is a run
    of letters, or two joined by an apostrophe; other tokens hold no letter. (A letter, for `re`, is
    a character `\\w` matches, so `isalnum()`, that `\\d` does not, so not `isdecimal()`.)"""
    words = set()
    for token in tokens:
        first = token[0]
        if first.isalnum() and not first.isdecimal():
            if "'" in token:
                words.update(token.split("'"))
            else:
                words.add(token)
    return words


def _rule_features(rule_counts: dict[str, int], rule_scores: dict[str, float]) -> dict[str, float]:
    result = {f"r:{rule}": math.log1p(count) for rule, count in rule_counts.items()}
    result.update((f"s:{dimension}", score) for dimension, score in rule_scores.items())
    return result


@lru_cache(maxsize=65536)
def word_key(word: str) -> int:
    """A word's key in a model's vector table: 64 bits of its BLAKE2b hash (the table ships no words)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def _ngram_key(ngram: str) -> int | str:
    """An n-gram's key: the number `_learn_words_as_numbers` computes for it, or for one with a character
    past `_CODE_LIMIT`, the n-gram itself."""
    codes = list(map(ord, ngram))
    if max(codes) >= _CODE_LIMIT:
        return ngram
    return sum(code << (12 * position) for position, code in enumerate(codes))


@lru_cache(maxsize=65536)
def _char_ngrams(word: str) -> frozenset[str]:
    """Character 3- to 5-grams of one word padded with spaces; words repeat, so they are cached."""
    return frozenset(f"c:{ngram}" for ngram in _bare_char_ngrams(word))


def _bare_char_ngrams(word: str) -> set[str]:
    """The same n-grams without their "c:" prefix (inference looks them up as they are)."""
    padded = f" {word} "
    return {padded[i:i + size] for size in (3, 4, 5) for i in range(len(padded) - size + 1)}


def _without_urls(text: str, url_spans) -> str:
    if not url_spans:
        return text
    pieces, last = [], 0
    for start, end in url_spans:
        pieces.append(text[last:start])
        pieces.append(" ")
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


# ---------------------------------------------------------------------------------------------
# The model.

@dataclass(frozen=True)
class Prediction:
    probability: float
    threshold: float
    rule_override: float
    terms: tuple[str, ...]


def pack_array(array) -> dict:
    """An array as plain bytes: the model file then unpickles without numpy's or joblib's help."""
    import numpy as np

    array = np.ascontiguousarray(array, dtype=np.float32)
    return {"shape": list(array.shape), "float32": array.tobytes()}


def _unpack_array(packed: dict):
    import numpy as np

    return np.frombuffer(packed["float32"], dtype=np.float32).reshape(packed["shape"])


_CODE_LIMIT = 1 << 12  # characters whose n-grams are keyed as numbers (see _learn_words_as_numbers)
_CODE_LIMIT_CHAR = chr(_CODE_LIMIT)
_WORDS_BEFORE_KEYS = 1000  # new words at once that are worth building the model's keys (see _learn_words)
_WORDS_KEPT = 30_000  # words whose n-gram ids are kept, per language (~10 MB; see _char_features)


class LanguageModel:
    """One language's linear model: vocabulary → row of `weights`, one column per dimension."""

    def __init__(self, data: dict):
        self.dimensions = tuple(data["dimensions"])
        self.vocabulary = data["vocabulary"].split("\0")
        # Rows by feature, split by kind so that a draft's features are looked up without building
        # their names: a word "w:merci" by "merci", a pair "w:merci à" by ("merci", "à"), an n-gram
        # "c: me" by " me"; rule features by their names.
        self._word_rows, self._char_rows, self._other_rows = {}, {}, {}
        for row, name in enumerate(self.vocabulary):
            prefix, body = name[:2], name[2:]
            if prefix == "c:":
                self._char_rows[body] = row
            elif prefix == "w:":
                first, space, second = body.partition(" ")
                self._word_rows[(first, second) if space else body] = row
            else:
                self._other_rows[name] = row
        self._word_ids: dict[str, Any] = {}  # see _char_features
        self._unknown_ids: dict[int | str, int] = {}
        self._lock = threading.Lock()
        self.weights = _unpack_array(data["weights"])
        self.bias = _unpack_array(data["bias"])
        self.platt = _unpack_array(data["platt"])
        self.thresholds = _unpack_array(data["thresholds"])
        self.rule_overrides = _unpack_array(data["rule_overrides"])
        # Optional (French): each known word's key, the row of its vector, and each row's margins (see
        # vector_margins).
        if "vector_keys" in data:
            import numpy as np

            self._vector_keys = np.frombuffer(data["vector_keys"], dtype="<u8")
            self._vector_rows = np.frombuffer(data["vector_rows"], dtype="<u4")
            self._vector_scores = _unpack_array(data["vector_scores"]).astype("float64")
        else:
            self._vector_keys = None  # type: ignore[assignment]  # a model without word vectors
        self._slopes, self._intercepts = self.platt[:, 0].astype("float64"), self.platt[:, 1].astype("float64")
        self._thresholds, self._overrides = self.thresholds.astype("float64").tolist(), self.rule_overrides.astype("float64").tolist()

    @cached_property
    def _textual_rows(self):
        """Which rows are n-grams: the only features shown as "why"."""
        import numpy as np

        return np.array([name[:2] in ("w:", "c:") for name in self.vocabulary], dtype=bool)

    @cached_property
    def index(self) -> dict[str, int]:
        """Row of every feature by its name (`predict` on `features()`; inference uses the split dicts)."""
        return {name: row for row, name in enumerate(self.vocabulary)}

    def vector_margins(self, words: set[str]):
        """What the draft's word vectors add to each dimension's margin: the model's weights on the mean
        vector of the draft's words that have one, which is the mean of those words' own projections
        (shipped per vector). Zero for a model without vectors or a draft without a known word."""
        import numpy as np

        if self._vector_keys is None or not words:
            return 0.0
        keys = np.fromiter(map(word_key, words), dtype=np.uint64, count=len(words))
        at = np.searchsorted(self._vector_keys, keys)
        at[at == len(self._vector_keys)] = 0
        found = at[self._vector_keys[at] == keys]
        if not len(found):
            return 0.0
        found.sort()  # words come from a set, whose order varies by process; the sum must not
        return self._vector_scores[self._vector_rows[found]].mean(axis=0)

    def predict(self, feature_values: dict[str, float], explain: int = 5,
                rule_scores: dict[str, float] | None = None) -> dict[str, Prediction]:
        """Probabilities for the features `features()` computed, and the n-grams behind them: for every
        dimension, or with the rules' scores only for the dimensions that may be flagged. The draft's
        words (for the vectors) are its one-word features."""
        rows, values = self._known(feature_values)
        words = _words_of({name[2:] for name in feature_values if name.startswith("w:") and " " not in name})
        return self._score(rows, values, explain, rule_scores, self.vector_margins(words))

    def predict_draft(self, analysis_text: str, url_spans, rule_counts: dict[str, int],
                      rule_scores: dict[str, float], explain: int = 5) -> dict[str, Prediction]:
        """`predict(features(...))` with the same result, faster: features are looked up by their
        parts rather than by names built for each draft, and the character n-grams (most of the
        features) by word, from a cache (see _char_features)."""
        return self.predict_drafts([(analysis_text, url_spans, rule_counts, rule_scores)], explain)[0]

    def predict_drafts(self, drafts: list, explain: int = 5) -> list[dict[str, Prediction]]:
        """`predict_draft` of each (analysis_text, url_spans, rule_counts, rule_scores), the same results:
        the character n-grams of the words these drafts are the first to hold are computed in one pass."""
        tokenized = [_tokens(analysis_text, url_spans) for analysis_text, url_spans, _, _ in drafts]
        ngram_ids = self._ngram_ids(set().union(*(unique_words for _, unique_words in tokenized)))
        return [self._predict(tokens, unique_words, ngram_ids, url_spans, rule_counts, rule_scores, explain)
                for (tokens, unique_words), (_, url_spans, rule_counts, rule_scores) in zip(tokenized, drafts)]

    def _predict(self, tokens: list[str], unique_words: set[str], ngram_ids: dict, url_spans,
                 rule_counts: dict[str, int], rule_scores: dict[str, float], explain: int) -> dict[str, Prediction]:
        import numpy as np

        # Tokens hold no spaces, so no pair is ever a word: the group's distinct features are these.
        pairs = set(zip(tokens, tokens[1:]))
        words = set(tokens)
        word_count = len(words) + len(pairs)
        lookup = self._word_rows.get
        word_rows = [row for row in map(lookup, words) if row is not None]
        word_rows += [row for row in map(lookup, pairs) if row is not None]
        # The character group's value counts every distinct n-gram, known to the model or not.
        char_rows, char_count = self._char_features(unique_words, ngram_ids)
        rule_rows, rule_values = self._known(_rule_features(rule_counts, rule_scores), self._other_rows)
        rows = np.concatenate((np.array(word_rows, dtype=np.int64), char_rows, rule_rows))
        values = np.empty(len(rows))
        values[:len(word_rows)] = 1.0 / math.sqrt(word_count) if word_count else 0.0
        values[len(word_rows):len(word_rows) + len(char_rows)] = 1.0 / math.sqrt(char_count) if char_count else 0.0
        values[len(word_rows) + len(char_rows):] = rule_values
        return self._score(rows, values, explain, rule_scores, self.vector_margins(unique_words))

    def _known(self, feature_values: dict[str, float], index: dict[str, int] | None = None):
        """(rows, values) of the features this model knows."""
        import numpy as np

        lookup = (self.index if index is None else index).get
        found = [(row, value) for row, value in zip(map(lookup, feature_values), feature_values.values())
                 if row is not None]
        return (np.array([row for row, _ in found], dtype=np.int64),
                np.array([value for _, value in found], dtype=np.float64))

    def _char_features(self, words: set[str], ngram_ids: dict):
        """(sorted rows of the draft's character n-grams that the model knows, number of distinct n-grams),
        from each word's sorted n-gram ids (see _ngram_ids).

        Words repeat from draft to draft, so each word's n-grams are kept as one sorted array of ids: an
        n-gram's row if the model knows it, otherwise an id past the last row, given at first sight. A
        draft's n-grams are its words' ids joined, sorted and made distinct: their count is the count of
        distinct n-grams, and those below the number of rows are the rows.
        """
        import numpy as np

        if not words:
            return np.empty(0, dtype=np.int64), 0
        ids = np.concatenate(list(map(ngram_ids.__getitem__, words)))
        ids.sort()
        ids = ids[np.concatenate(((True,), ids[1:] != ids[:-1]))]  # np.unique, faster
        return ids[:ids.searchsorted(len(self.vocabulary))], len(ids)

    def _ngram_ids(self, words: set[str]) -> dict:
        """Each word's sorted n-gram ids (see _char_features), kept from earlier drafts or computed now.
        Under a lock: the cache is shared by the threads of a host program, and may be emptied."""
        with self._lock:
            self._learn_words(words)
            kept = self._word_ids
            return {word: kept[word] for word in words}

    def _learn_words(self, words: set[str]) -> None:
        """Keep the n-gram ids of the words not kept yet (see _char_features)."""
        missing = words.difference(self._word_ids)  # a loop over the words, looked up in the dict
        if not missing:
            return
        if len(self._word_ids) + len(missing) > _WORDS_KEPT:  # bounded memory for a long-running server
            self._word_ids.clear()
            self._unknown_ids.clear()
            missing = words
        # Most words go as numbers, all at once, once the model's keys are built (~40 ms: worth it for a
        # batch, not for one draft); words with a character past _CODE_LIMIT always go as strings.
        as_numbers = [word for word in missing if max(word) < _CODE_LIMIT_CHAR]
        if as_numbers and ("_ngram_keys" in self.__dict__ or len(as_numbers) >= _WORDS_BEFORE_KEYS):
            self._learn_words_as_numbers(as_numbers)
            missing = missing.difference(as_numbers)
        self._learn_words_as_strings(missing)

    def _unknown_ids_of(self, keys: list) -> list[int]:
        """The ids of n-grams the model does not know, by their keys (see _ngram_key): past the last row,
        one per distinct n-gram, given at first sight."""
        known = list(map(self._unknown_ids.get, keys))
        if None not in known:
            return typing.cast(list[int], known)
        # New ones in order of first sight, so each distinct n-gram gets one id.
        return [found if found is not None else self._unknown_ids.setdefault(key, len(self.vocabulary) + len(self._unknown_ids))
                for found, key in zip(known, keys)]

    def _learn_words_as_strings(self, words) -> None:
        import numpy as np

        rows = self._char_rows
        for word in words:
            ngrams = list(_bare_char_ngrams(word))
            ids = list(map(rows.get, ngrams))
            if None in ids:
                unknown = [index for index, row in enumerate(ids) if row is None]
                keys = [_ngram_key(ngrams[index]) for index in unknown]
                for index, unknown_id in zip(unknown, self._unknown_ids_of(keys)):
                    ids[index] = unknown_id
            sorted_ids = np.array(ids, dtype=np.int64)
            sorted_ids.sort()
            self._word_ids[word] = sorted_ids

    def _learn_words_as_numbers(self, words: list[str]) -> None:
        """The same ids, computed on numbers for all the words at once: a character below `_CODE_LIMIT` fits
        in 12 bits, so an n-gram of 3 to 5 of them is one 60-bit key (the last character is never 0, so
        keys of different sizes differ). The words, padded with spaces and parted by 0s, are read as code
        points; each window without a 0 is an n-gram of the word it lies in, looked up among the sorted
        keys of the model's n-grams."""
        import numpy as np

        known_keys, known_rows = self._ngram_keys
        codes = np.frombuffer((" " + " \0 ".join(words) + " ").encode("utf-32-le"), dtype=np.uint32)
        gaps = codes == 0
        owners = np.cumsum(gaps)  # the index of the word each character belongs to
        codes = codes.astype(np.uint64)
        keys = codes[:-2] | codes[1:-1] << np.uint64(12) | codes[2:] << np.uint64(24)
        valid = ~(gaps[:-2] | gaps[1:-1] | gaps[2:])
        keys4 = keys[:-1] | codes[3:] << np.uint64(36)
        valid4 = valid[:-1] & ~gaps[3:]
        keys5 = keys4[:-1] | codes[4:] << np.uint64(48)
        valid5 = valid4[:-1] & ~gaps[4:]
        found = np.concatenate((keys[valid], keys4[valid4], keys5[valid5]))
        owner = np.concatenate((owners[:-2][valid], owners[:-3][valid4], owners[:-4][valid5]))
        at = np.searchsorted(known_keys, found)
        at[at == len(known_keys)] = 0
        ids = known_rows[at]
        unknown = np.flatnonzero(known_keys[at] != found)
        if len(unknown):
            keys, inverse = np.unique(found[unknown], return_inverse=True)
            ids[unknown] = np.array(self._unknown_ids_of(keys.tolist()), dtype=np.int64)[inverse]
        # Sorted by word, then id, made distinct, and cut into words.
        combined = owner.astype(np.int64) << 40 | ids
        combined.sort()
        combined = combined[np.concatenate(((True,), combined[1:] != combined[:-1]))]
        cuts = combined.searchsorted(np.arange(1, len(words), dtype=np.int64) << 40)
        for word, word_ids in zip(words, np.split(combined & ((1 << 40) - 1), cuts)):
            self._word_ids[word] = word_ids

    @cached_property
    def _ngram_keys(self):
        """The keys (see _ngram_key) of the n-grams the model knows that _learn_words_as_numbers can meet,
        sorted, and their rows."""
        import numpy as np

        keyed = [(key, row) for key, row in ((_ngram_key(ngram), row) for ngram, row in self._char_rows.items()
                                             if 3 <= len(ngram) <= 5) if isinstance(key, int)]
        keys = np.array([key for key, _ in keyed], dtype=np.uint64)
        rows = np.array([row for _, row in keyed], dtype=np.int64)
        order = np.argsort(keys)
        return keys[order], rows[order]

    def _score(self, rows, values, explain: int, rule_scores: dict[str, float] | None,
               vector_margins=0.0) -> dict[str, Prediction]:
        import numpy as np

        # In row order: features come from sets, whose order varies between processes; sums and ties
        # must not (the same draft gives the same report everywhere).
        order = np.argsort(rows, kind="stable")
        rows, values = rows[order], values[order]
        weights = self.weights.take(rows, axis=0)  # features × dimensions (a row is one cache line)
        margins = values @ weights + self.bias + vector_margins
        z = np.clip(self._slopes * margins + self._intercepts, -60.0, 60.0)
        probabilities = [round(value, 4) for value in (1.0 / (1.0 + np.exp(-z))).tolist()]
        result, textual = {}, None
        for column, dimension in enumerate(self.dimensions):
            threshold, override = self._thresholds[column], self._overrides[column]
            # Terms say why a dimension is flagged, so only a dimension that may be flagged is explained
            # (`report.combine` keeps them for flagged ones): the margin covers the rounding of scores.
            may_flag = rule_scores is None or probabilities[column] >= 0.999 * threshold or \
                rule_scores.get(dimension, 0.0) >= override
            terms: tuple[str, ...] = ()
            if may_flag and explain:
                if textual is None:
                    textual = self._textual_rows[rows]
                terms = self._terms(rows, textual, weights[:, column] * values, explain)
            result[dimension] = Prediction(probabilities[column], threshold, override, terms)
        return result

    def token_weights(self, analysis_text: str, url_spans, dimension: str) -> dict[str, float]:
        """How much each distinct token of the draft (lower case, links left out) pushes `dimension`'s
        margin: its own weight, half of each pair it stands in, an even share of each character n-gram
        of its words, and its words' share of the mean word vector. What a verdict is explained with:
        whole words of the draft, never n-grams on their own."""
        import numpy as np

        weights = self.weights[:, self.dimensions.index(dimension)]
        tokens, unique_words = _tokens(analysis_text, url_spans)
        pairs = set(zip(tokens, tokens[1:]))
        distinct = sorted(set(tokens))
        result = dict.fromkeys(distinct, 0.0)
        group = math.sqrt(len(distinct) + len(pairs)) or 1.0
        for token in distinct:
            row = self._word_rows.get(token)
            if row is not None:
                result[token] += float(weights[row]) / group
        for first, second in pairs:
            row = self._word_rows.get((first, second))
            if row is not None:
                share = float(weights[row]) / group / 2
                result[first] += share
                result[second] += share
        # Each word's share of the character n-grams it holds (an n-gram held by k words gives 1/k to
        # each) and of the mean vector; then each token gets the shares of its words ("j'ai": "j", "ai").
        words = sorted(unique_words)
        shares = np.zeros(len(words))
        if words:
            # The words' n-gram ids, from the cache inference keeps (see _char_features): rows below the
            # vocabulary's size are n-grams the model knows. An n-gram held by k words gives 1/k to each.
            by_word = self._ngram_ids(set(words))
            of_each = [by_word[word] for word in words]
            owner = np.repeat(np.arange(len(words)), [len(found) for found in of_each])
            ids = np.concatenate(of_each) if of_each else np.empty(0, dtype=np.int64)
            ngrams, inverse, counts = np.unique(ids, return_inverse=True, return_counts=True)
            known = ids < len(self.vocabulary)
            if known.any():
                pushes = weights[ids[known]] / math.sqrt(len(ngrams)) / counts[inverse[known]]
                np.add.at(shares, owner[known], pushes)
        if self._vector_keys is not None and words:
            keys = np.fromiter(map(word_key, words), dtype=np.uint64, count=len(words))
            at = np.searchsorted(self._vector_keys, keys)
            at[at == len(self._vector_keys)] = 0
            found = self._vector_keys[at] == keys
            if found.any():
                column = self.dimensions.index(dimension)
                shares[found] += self._vector_scores[self._vector_rows[at[found]], column] / int(found.sum())
        share_of = dict(zip(words, shares.tolist()))
        held_by = {token: _words_of({token}) for token in distinct}
        holders: dict[str, int] = {}
        for held in held_by.values():
            for word in held:
                holders[word] = holders.get(word, 0) + 1
        for token, held in held_by.items():
            for word in held:
                result[token] += share_of[word] / holders[word]
        return result

    def _terms(self, rows, textual, contributions, explain: int) -> tuple[str, ...]:
        """The n-grams that pushed one dimension up the most, by weight, ties by row (deterministic)."""
        import numpy as np

        candidates = np.flatnonzero(textual & (contributions > 0))
        if not len(candidates):
            return ()
        pushes = contributions[candidates]
        if len(candidates) > explain:  # those at least as strong as the explain-th strongest, ties included
            keep = pushes >= np.partition(pushes, len(pushes) - explain)[len(pushes) - explain]
            candidates, pushes = candidates[keep], pushes[keep]
        top = candidates[np.lexsort((candidates, -pushes))[:explain]]
        return tuple(self.vocabulary[row][2:].strip() for row in rows[top].tolist())


class Model:
    def __init__(self, data: dict, sha256: str, path: str):
        if data.get("format") != FORMAT_VERSION:
            raise ModelError(f"{path}: not a toneaudit model of format {FORMAT_VERSION}")
        self.version = data["version"]
        self.sha256 = sha256
        self.path = path
        self.languages = {lang: LanguageModel(entry) for lang, entry in data["languages"].items()}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _shipped_folder() -> Path:
    """`toneaudit.models` once installed; the repository's models/ when running from a source checkout
    (where `import toneaudit` finds the source tree, which has no `toneaudit/models`). Asked at every
    `load` (20 us), and the package does not move while the process runs."""
    try:
        return Path(str(resources.files("toneaudit.models")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "models"


def shipped_model_path() -> Path:
    return _shipped_folder() / MODEL_FILE


def _shipped_manifest() -> dict:
    try:
        return json.loads((_shipped_folder() / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ModelError(f"the shipped model manifest cannot be read ({error})") from None


def _manifest_beside(model_path: Path) -> str | None:
    """The hash that `toneaudit train` wrote beside a model, if it is there."""
    try:
        return json.loads((model_path.parent / MANIFEST_FILE).read_text(encoding="utf-8")).get(model_path.name)
    except (OSError, ValueError, AttributeError):
        return None


def load(path: str | None = None, expected_sha256: str | None = None) -> Model:
    """The shipped model (checked against its manifest), or a user's model named explicitly.

    A model is data: it is read by an unpickler that refuses everything but dicts, lists, strings,
    bytes and numbers, so no model file runs code, whatever its hash (see _read_data). The hash says
    which file it is: the shipped model must match the manifest; a user's model must match
    `expected_sha256` when one is given, else the manifest beside it when there is one.

    Models are kept for the process (a warm server loads each once), by their file's identity and
    the manifest's: a file changed on disk is read and checked again, never served from memory.
    """
    manifest: Path | None
    if path is None:
        model_path, manifest = shipped_model_path(), _shipped_folder() / MANIFEST_FILE
    else:
        model_path = Path(path)
        manifest = model_path.parent / MANIFEST_FILE if expected_sha256 is None else None
    return _load_file(str(model_path), path is None, expected_sha256, _identity(model_path), _identity(manifest))


def _identity(path: Path | None) -> tuple | None:
    """What changes when a file is written or replaced: its device, inode, size, and modification and
    change times (a user can set the first time back, not the second). None when there is no file."""
    if path is None:
        return None
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    return found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns


@lru_cache(maxsize=4)
def _load_file(path: str, shipped: bool, expected_sha256: str | None, identity, manifest_identity) -> Model:
    """`load` for a file whose identity (and its manifest's) is given: the arguments are the cache key."""
    model_path = Path(path)
    if shipped:
        expected_sha256 = _shipped_manifest().get(MODEL_FILE)
        if not expected_sha256:
            raise ModelError("the shipped model manifest has no hash for the model")
    elif expected_sha256 is None:
        expected_sha256 = _manifest_beside(model_path)
    if identity is None or not model_path.is_file():
        raise ModelError(f"{model_path}: model file not found")
    with open(model_path, "rb") as handle:
        content = handle.read()  # hashed and read from the same bytes: no change can slip in between
    actual = hashlib.sha256(content).hexdigest()
    if expected_sha256 is not None and actual != expected_sha256:
        raise ModelError(f"{model_path}: SHA-256 {actual} does not match the expected {expected_sha256}; refusing to load it")
    data = _checked(_read_data(content, model_path), model_path)
    from .pipelines import frozen_after_load

    return frozen_after_load(Model(data, actual, str(model_path)))


# What a pickle of dicts, lists, strings, bytes, numbers, booleans and None is made of, as `joblib.dump`
# writes one (uncompressed) and `pickle` reads it. Every other opcode reaches code: a global names a
# function or class, an extension code or a persistent id stands for one, a call or a build runs it.
_DATA_OPCODES = frozenset({
    "PROTO", "FRAME", "STOP", "MARK", "POP", "POP_MARK", "DUP",
    "PUT", "BINPUT", "LONG_BINPUT", "MEMOIZE", "GET", "BINGET", "LONG_BINGET",
    "NONE", "NEWTRUE", "NEWFALSE", "INT", "BININT", "BININT1", "BININT2", "LONG", "LONG1", "LONG4", "FLOAT", "BINFLOAT",
    "UNICODE", "SHORT_BINUNICODE", "BINUNICODE", "BINUNICODE8", "SHORT_BINBYTES", "BINBYTES", "BINBYTES8",
    "EMPTY_LIST", "LIST", "APPEND", "APPENDS", "EMPTY_DICT", "DICT", "SETITEM", "SETITEMS",
})


def _read_data(content: bytes, model_path: Path):
    """The data a model file holds, read without running anything it names.

    Every opcode is checked before any is run: the unpickler's own refusal of globals (find_class)
    would not see an extension code that an earlier unpickling in the process already looked up.
    The unpickler then refuses every global and persistent id too, should it ever read a file
    differently from pickletools.
    """
    import io
    import pickle
    import pickletools

    class DataUnpickler(pickle.Unpickler):
        def find_class(self, module, name):
            raise pickle.UnpicklingError(f"it names {module}.{name}")

        def persistent_load(self, pid):
            raise pickle.UnpicklingError("it holds a persistent id")

    try:
        for opcode, _, _ in pickletools.genops(content):
            if opcode.name not in _DATA_OPCODES:
                raise ModelError(f"{model_path}: not a toneaudit model: this pickle would run code when read "
                                 f"(opcode {opcode.name}), and a model is data only; refusing to load it")
    except ValueError as error:
        raise ModelError(f"{model_path}: cannot read the model (pickle data truncated or damaged: {error})") from None
    try:
        return DataUnpickler(io.BytesIO(content)).load()
    except Exception as error:  # whatever a damaged file makes the unpickler raise, one clear error
        raise ModelError(f"{model_path}: cannot read the model ({type(error).__name__}: "
                         f"{' '.join(str(error).split())})") from None


def _checked(data, model_path: Path) -> dict:
    """`data` when it has the shape of a model of this format: a file of plain data may still hold
    anything, and inference must not meet a missing key or an array of the wrong size."""
    import numpy as np

    from .rules import DIMENSIONS

    def fail(what: str):
        raise ModelError(f"{model_path}: not a toneaudit model ({what})")

    if not isinstance(data, dict):
        fail("not a table")
    if data.get("format") != FORMAT_VERSION:
        fail(f"not of format {FORMAT_VERSION}")
    if not isinstance(data.get("version"), str):
        fail("'version' must be a string")
    languages = data.get("languages")
    # Only the supported languages: a pickle may store one entry once and name it under thousands of
    # languages (its memo), and each would be built into a model of its own, gigabytes from a small file.
    if not isinstance(languages, dict) or not set(languages) <= set(supported_languages()):
        fail(f"'languages' must map languages toneaudit has ({', '.join(supported_languages())}) to their models")
    for lang, entry in languages.items():
        if not isinstance(entry, dict):
            fail(f"the {lang} model must be a table")
        dimensions, vocabulary = entry.get("dimensions"), entry.get("vocabulary")
        if not (isinstance(dimensions, list) and all(isinstance(name, str) for name in dimensions)
                and sorted(dimensions) == sorted(DIMENSIONS)):
            fail(f"the {lang} model's dimensions must be {', '.join(DIMENSIONS)}")
        if not isinstance(vocabulary, str):
            fail(f"the {lang} model's vocabulary must be a string")
        count = len(dimensions)
        shapes = {"weights": [vocabulary.count("\0") + 1, count], "bias": [count], "platt": [count, 2],
                  "thresholds": [count], "rule_overrides": [count]}
        for name, shape in shapes.items():
            packed = entry.get(name)
            if not (isinstance(packed, dict) and isinstance(packed.get("shape"), list)
                    and [type(size) for size in packed["shape"]] == [int] * len(shape) and packed["shape"] == shape
                    and isinstance(packed.get("float32"), bytes) and len(packed["float32"]) == 4 * math.prod(shape)
                    and np.isfinite(np.frombuffer(packed["float32"], dtype=np.float32)).all()):
                fail(f"the {lang} model's {name} must be {' x '.join(map(str, shape))} finite float32 numbers")
        _check_vectors(entry, lang, count, fail)
        thresholds = np.frombuffer(entry["thresholds"]["float32"], dtype=np.float32)
        if not ((thresholds > 0) & (thresholds <= 1)).all():
            fail(f"the {lang} model's thresholds must be above 0 and at most 1")
    return data


def _check_vectors(entry: dict, lang: str, count: int, fail) -> None:
    """A model's optional vector table: sorted distinct keys, one row of `vector_scores` for each."""
    import numpy as np

    names = ("vector_keys", "vector_rows", "vector_scores")
    present = [name in entry for name in names]
    if not any(present):
        return
    if not all(present):
        fail(f"the {lang} model's vectors need {', '.join(names)}")
    keys, rows, scores = (entry[name] for name in names)
    if not (isinstance(keys, bytes) and isinstance(rows, bytes) and len(keys) % 8 == 0
            and len(rows) * 2 == len(keys)):
        fail(f"the {lang} model's vector keys and rows must be bytes of 8 and 4 per word")
    if not (isinstance(scores, dict) and isinstance(scores.get("shape"), list) and len(scores["shape"]) == 2
            and [type(size) for size in scores["shape"]] == [int, int] and scores["shape"][1] == count
            and scores["shape"][0] > 0 and isinstance(scores.get("float32"), bytes)
            and len(scores["float32"]) == 4 * math.prod(scores["shape"])
            and np.isfinite(np.frombuffer(scores["float32"], dtype=np.float32)).all()):
        fail(f"the {lang} model's vector_scores must be rows of {count} finite float32 numbers")
    key_array, row_array = np.frombuffer(keys, dtype="<u8"), np.frombuffer(rows, dtype="<u4")
    if len(key_array) and not (key_array[1:] > key_array[:-1]).all():
        fail(f"the {lang} model's vector keys must be sorted and distinct")
    if len(row_array) and int(row_array.max()) >= scores["shape"][0]:
        fail(f"the {lang} model's vector rows must point into vector_scores")
