"""The model card (`models/README.md`): data, features, choices made on dev, figures, hash."""
from __future__ import annotations

from datetime import date

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
           bench_path: str | None) -> str:
    lines = [
        "# The shipped model",
        "",
        f"`toneaudit-model.joblib`, format 1, toneaudit {record['version']}, {record['bytes']} bytes, written {date.today().isoformat()}.",
        "",
        f"SHA-256: `{record['sha256']}` (also in `manifest.json`, checked before every load).",
        "",
        "Rebuild it bit for bit, and this card with it:",
        "",
        "```sh",
        "toneaudit train --corpus corpora --out models/toneaudit-model.joblib --card models/README.md"
        + (f" --bench {bench_path}" if bench_path else ""),
        "```",
        "",
        "## Data",
        "",
        "The hand-written drafts of `corpora/` (see `corpora/README.md` for the labelling guide), split by a",
        "hash of each draft's text: 70% train, 15% dev, 15% test. The model is fitted on train; the",
        "regularisation, the Platt calibration, the thresholds and the rule override levels are chosen on dev;",
        "test is used only for the figures below.",
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
        "- word 1- and 2-grams and character 3- to 5-grams inside words, binary, L2-normalised per group",
        "  (URLs become one `_url_` token; text in code, link targets and comments is blanked first);",
        "- the rules' own output: log-count of each rule's findings and each dimension's rule score;",
        "- one L2-regularised logistic regression per language and dimension (liblinear, class weights",
        f"  balanced, seed {record['seed']}), exported to plain arrays: inference needs numpy, not scikit-learn;",
        "- Platt scaling fitted on dev gives a calibrated probability per dimension.",
        "",
        "Decision: a dimension is flagged when the probability reaches its threshold, or when the rules'",
        "score reaches its override level (so clear rule hits still count). The reported score is the",
        "probability rescaled so that the threshold sits at 0.5.",
        "",
        "| language | dimension | C | threshold | rules override at | dev F1 |",
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
    if bench:
        lines += ["## Figures on real texts nobody here wrote", "",
                  f"`toneaudit evaluate {bench_path} --compare --dimensions institutional,commercial,aggressive`", "",
                  "Only the three dimensions the benchmark labels are scored; there are no French aggressive texts,",
                  "so French macro-F1 is over institutional and commercial. The benchmark is never used for training",
                  "or tuning. Its English texts (SMS spam, YouTube comments, insurers' tweets) are far from our",
                  "drafts, and spam SMS labelled only `aggressive` are often commercial too.", ""]
        for lang, scores in bench.items():
            lines += [f"### {lang}", ""] + _table(scores) + [""]
    return "\n".join(lines)
