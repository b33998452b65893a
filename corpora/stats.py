"""Counts per language and label, and near-duplicate pairs by character-3-gram cosine similarity.

Usage: python corpora/stats.py [--threshold 0.9] [--top 5]
Exits 1 if any pair of drafts is more similar than the threshold.
"""
import argparse
import sys
from collections import Counter
from pathlib import Path

from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from toneaudit.training.corpus import load_corpus  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args()
    examples = load_corpus([Path(__file__).resolve().parent])
    for lang in ("fr", "en"):
        mine = [e for e in examples if e.lang == lang]
        labels = Counter(label for e in mine for label in e.labels)
        good = sum(1 for e in mine if not e.labels)
        splits = Counter(e.split for e in mine)
        print(f"{lang}: {len(mine)} drafts, good {good} ({100 * good / len(mine):.0f}%), "
              + ", ".join(f"{name} {labels[name]}" for name in sorted(labels))
              + "; splits " + ", ".join(f"{name} {splits[name]}" for name in ("train", "dev", "test")))
    vectors = normalize(CountVectorizer(analyzer="char", ngram_range=(3, 3), lowercase=True).fit_transform(
        [e.text for e in examples]))
    similarity = (vectors @ vectors.T).tocoo()
    pairs = sorted(((value, i, j) for i, j, value in zip(similarity.row, similarity.col, similarity.data) if i < j),
                   reverse=True)
    print(f"highest character-3-gram cosine similarity between two drafts: {pairs[0][0]:.3f}")
    for value, i, j in pairs[:args.top]:
        print(f"  {value:.3f}  {examples[i].id} ~ {examples[j].id}")
    over = [pair for pair in pairs if pair[0] > args.threshold]
    print(f"pairs above {args.threshold}: {len(over)}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
