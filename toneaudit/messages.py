"""Human text for each rule, per message language (`messages/<lang>.toml`), separate from the
detection data so that a French draft can be explained in English (`--messages en`) and vice versa."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

LANGUAGES = ("fr", "en")


class _Blank(dict):
    def __missing__(self, key):
        return "{" + key + "}"


@lru_cache(maxsize=4)
def catalogue(lang: str) -> dict[str, dict]:
    path = resources.files(__package__).joinpath("messages", f"{lang}.toml")
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    if table.get("interface", {}).get("typography") == "french":
        table = _french(table)
    return table


_BEFORE_MARK = re.compile(r"[ \u00a0](?=[:;!?»])|(?<=«)[ \u00a0]")


def _french(value):
    """Every text of the catalogue with French spacing: a narrow no-break space before « : ; ! ? » and
    inside « » (applied to the templates, never to the draft's words put into them)."""
    if isinstance(value, dict):
        return {key: _french(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_french(item) for item in value]
    return _BEFORE_MARK.sub("\u202f", value) if isinstance(value, str) else value


def entry(rule_id: str, lang: str) -> dict:
    """The catalogue entry of a rule; a user's own rule (config `extra`) falls back to its dimension's."""
    table = catalogue(lang)
    return table.get(rule_id) or table.get(rule_id.split(".")[0] + ".custom", {})


def message(rule_id: str, lang: str, text: str, details: dict) -> str:
    template = entry(rule_id, lang).get("message", rule_id)
    short = " ".join(text.split())
    if len(short) > 60:
        short = short[:57] + "…"
    return template.format_map(_Blank(details, text=short))


def suggestion(rule_id: str, lang: str) -> str | None:
    """The rule's own advice in `lang`, for findings without a replacement of their own."""
    return entry(rule_id, lang).get("suggestion")


def rewrite(lang: str, text: str, replacement: str, other_gender: bool = False) -> str:
    """'« kiffer » → « adorer »': the words found, then what to write instead, in `lang`'s marks."""
    template = interface(lang)["rewrite-gender" if other_gender else "rewrite"]
    return template.replace("{text}", " ".join(text.split())).replace("{replacement}", replacement)


def interface(lang: str) -> dict:
    """The words of the reports themselves (labels, dimension names, totals) in `lang`, English otherwise."""
    return catalogue(lang if lang in LANGUAGES else "en")["interface"]


def counted(lang: str, key: str, count: int) -> str:
    """`3 fichiers`, `1 file`: French counts 0 and 1 as singular, English only 1."""
    singular = count <= 1 if lang == "fr" else count == 1
    return interface(lang)[key][0 if singular else 1].format(n=count)


def percent(value: float, lang: str) -> str:
    """A probability as people read it: `87 %` in French (narrow no-break space), `87%` in English."""
    return f"{round(100 * value)}\u202f%" if lang == "fr" else f"{round(100 * value)}%"
