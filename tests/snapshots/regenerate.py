"""Write the golden reports: the JSON report of every test-split draft and of every rule example, with
the shipped model and the default configuration. Run it when a change is meant to change reports, and
read the diff before committing it:

    python -m tests.snapshots.regenerate
"""
from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FILES = {"test-split": HERE / "test-split.jsonl", "examples": HERE / "examples.jsonl"}


def drafts() -> dict[str, list[tuple[str, str, str]]]:
    """(label, language, text) of each draft, per snapshot file, in a fixed order."""
    from toneaudit.rules import load_rules
    from toneaudit.training.corpus import load_corpus

    test_split = [(example.id or f"{example.lang}:{index}", example.lang, example.text)
                  for index, example in enumerate(load_corpus([ROOT / "corpora"])) if example.split == "test"]
    examples = []
    for lang in ("fr", "en"):
        for rule in sorted(load_rules(lang), key=lambda rule: rule.id):
            for verdict, texts in (("fail", rule.examples_fail), ("pass", rule.examples_pass)):
                examples.extend((f"{rule.id} {verdict} {number}", lang, text) for number, text in enumerate(texts, 1))
    return {"test-split": test_split, "examples": examples}


def reports(entries: list[tuple[str, str, str]]) -> list[str]:
    """One JSON line per draft: its label, its language and its report as the JSON output gives it."""
    from toneaudit.batch import audit_all
    from toneaudit.config import Config

    outcomes = audit_all([text for _, _, text in entries], [lang for _, lang, _ in entries], [False] * len(entries),
                         Config(), None)
    lines = []
    for (label, lang, _), outcome in zip(entries, outcomes):
        report = {"error": str(outcome)} if isinstance(outcome, Exception) else outcome.to_dict()
        lines.append(json.dumps({"draft": label, "lang": lang, "report": report}, ensure_ascii=False, sort_keys=True))
    return lines


def main() -> None:
    for name, entries in drafts().items():
        FILES[name].write_text("\n".join(reports(entries)) + "\n", encoding="utf-8")
        print(f"wrote {FILES[name].relative_to(ROOT)} ({len(entries)} drafts)")


if __name__ == "__main__":
    main()
