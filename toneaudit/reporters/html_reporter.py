"""`--format html`: one self-contained page (to mail to a client, or keep as a CI artifact): each
draft with its findings highlighted, its verdict per dimension and whether it would block.

Everything from a draft or a file name is escaped; the page has no script, loads nothing and its
Content-Security-Policy allows only its own style sheet (by hash). A highlight has a colour and an
underline style per dimension (named in the legend), so it does not rest on colour alone.
"""
from __future__ import annotations

import base64
import hashlib
from html import escape

from ..messages import decimal, interface, percent
from ..rules import DIMENSIONS
from . import blocking_reasons, findings_shown, shown

_STYLE = """
body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem}h2{font-size:1.15rem;overflow-wrap:anywhere}
.legend{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;list-style:none;padding:0}
.banner{padding:.5rem .75rem;border-radius:4px;font-weight:600}
.banner.blocks{background:#fde2e1;border-left:6px solid #b3261e}
.banner.passes{background:#e3f4e6;border-left:6px solid #1e7b34}
.cards{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0}
.cards li{border:1px solid #c9c9c9;border-radius:4px;padding:.4rem .6rem;min-width:9rem}
.cards li.flagged{border-width:3px}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font:inherit;background:#fafafa;border:1px solid #ddd;padding:1rem}
mark{background:none;color:inherit;text-decoration-thickness:3px;text-underline-offset:3px;text-decoration-line:underline}
mark sup{font-size:.7em}
.d-institutional{text-decoration-color:#1f5fbf;text-decoration-style:solid;background:#e6eefb}
.d-commercial{text-decoration-color:#8a5a00;text-decoration-style:double;background:#fbf0dc}
.d-aggressive{text-decoration-color:#b3261e;text-decoration-style:wavy;background:#fbe4e2}
.d-impersonal{text-decoration-color:#5b3f99;text-decoration-style:dashed;background:#eee8f8}
.d-familiar{text-decoration-color:#1e7b34;text-decoration-style:dotted;background:#e3f4e6}
.d-encoding,.d-toneaudit{text-decoration-color:#555;text-decoration-style:solid;background:#eee}
.legend span{text-decoration-line:underline;text-decoration-thickness:3px;padding:0 .2rem}
.findings li{margin:.4rem 0}.findings .suggestion{display:block;color:#333}
.severity{font-weight:600;text-transform:uppercase;font-size:.8em}
"""
_STYLE_HASH = base64.b64encode(hashlib.sha256(_STYLE.encode("utf-8")).digest()).decode("ascii")
_POLICY = f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; img-src 'none'; form-action 'none'; base-uri 'none'"


def render(results, options) -> str:
    lang = options.messages_lang or next((result.report.lang for result in results if result.report), "en")
    words = interface(lang)
    names = words["dimensions"]
    parts = [
        "<!DOCTYPE html>", f'<html lang="{escape(lang)}">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">', "<title>toneaudit</title>",
        f"<style>{_STYLE}</style>", "</head>", "<body>", "<header><h1>toneaudit</h1>",
        '<ul class="legend">' + "".join(f'<li><span class="d-{name}">{escape(names.get(name, name))}</span></li>'
                                        for name in DIMENSIONS) + "</ul></header>", "<main>",
    ]
    for number, result in enumerate(results):
        parts.append(_section(number, result, options, lang))
    parts += ["</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _section(number: int, result, options, lang: str) -> str:
    words = interface(lang)
    colon = words["colon"]
    path = escape(shown(result.path))
    heading = f'<h2 id="draft-{number}">{path}</h2>'
    if result.report is None:
        return f'<section aria-labelledby="draft-{number}">{heading}<p class="banner blocks">{escape(result.error or "")}</p></section>'
    report = result.report
    reasons = options.policy.reasons(report)
    banner = (f'<p class="banner blocks" role="status">{escape(words["blocks"])}{escape(colon)} '
              f'{escape(blocking_reasons(reasons, options.policy, lang))}</p>') if reasons else \
        f'<p class="banner passes" role="status">{escape(words["passes"])}</p>'
    flagged = [words["dimensions"].get(name, name) for name in report.flagged]
    verdict = f"{words['flagged']}{colon} {', '.join(flagged)}" if flagged else words["ok"]
    summary = f"<p>{escape(words['score'])} {escape(decimal(report.score, lang))}/100 [{escape(report.lang)}] {escape(verdict)}</p>"
    cards = []
    for name, dimension in report.dimensions.items():
        label = escape(words["dimensions"].get(name, name))
        state = escape(words["flagged"] if dimension.flagged else words["ok"])
        rules = f"<br><small>{escape(', '.join(dimension.rules))}</small>" if dimension.rules else ""
        cards.append(f'<li class="d-{escape(name)}{" flagged" if dimension.flagged else ""}"><strong>{label}</strong><br>'
                     f"{state} · {escape(percent(dimension.score, lang))}{rules}</li>")
    findings = findings_shown(report, options)
    notes = "".join(f"<li>{escape(words['note'])}{escape(colon)} {escape(note)}</li>" for note in result.notes + report.notes)
    listed = []
    for index, finding in enumerate(findings, 1):
        suggestion = (f'<span class="suggestion">{escape(words["try"])}{escape(colon)} {escape(finding.suggestion)}</span>'
                      if finding.suggestion else "")
        advice = f" [{escape(words['advice'])}]" if finding.advice else ""
        listed.append(f'<li id="finding-{number}-{index}"><span class="severity">{escape(str(finding.severity))}</span> '
                      f"<code>{escape(finding.rule)}</code>{advice} {finding.line}:{finding.column} {escape(finding.message)}"
                      f"{suggestion}</li>")
    text = _highlighted(result.text, findings, number) if result.text is not None else ""
    return "\n".join([
        f'<section aria-labelledby="draft-{number}">', heading, banner, summary,
        f'<ul class="cards">{"".join(cards)}</ul>',
        f"<ul>{notes}</ul>" if notes else "",
        f'<pre class="text">{text}</pre>' if text else "",
        f'<ol class="findings">{"".join(listed)}</ol>' if listed else "",
        "</section>",
    ])


def _highlighted(text: str, findings, number: int) -> str:
    """The draft, escaped, each finding's words in a <mark> of its dimension (where findings overlap,
    the narrowest one's: the words before the sentence they sit in), with the finding's number after
    its last character, linked to it in the list."""
    numbered = [(index, finding) for index, finding in enumerate(findings, 1) if finding.start < finding.end]
    cuts = sorted({0, len(text), *(f.start for _, f in numbered), *(f.end for _, f in numbered)})
    ends: dict[int, list[int]] = {}
    for index, finding in numbered:
        ends.setdefault(finding.end, []).append(index)
    by_start = sorted(numbered, key=lambda item: item[1].start)
    pieces, active, next_one = [], [], 0
    for start, end in zip(cuts, cuts[1:]):
        while next_one < len(by_start) and by_start[next_one][1].start <= start:
            active.append(by_start[next_one])
            next_one += 1
        active = [item for item in active if item[1].end > start]
        covering = sorted(active)
        words = escape(text[start:end])
        numbers = "".join(f'<sup><a href="#finding-{number}-{index}">{index}</a></sup>' for index in ends.get(end, ()))
        if covering:
            labels = " · ".join(f"{index}: {finding.message}" for index, finding in covering)
            narrowest = min(covering, key=lambda item: (item[1].end - item[1].start, item[0]))[1]
            pieces.append(f'<mark class="d-{escape(narrowest.dimension)}" '
                          f'data-findings="{" ".join(str(index) for index, _ in covering)}" '
                          f'title="{escape(labels)}">{words}</mark>{numbers}')
        else:
            pieces.append(words + numbers)
    return "".join(pieces)
