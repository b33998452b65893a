"""Human text for each rule, per message language (`languages/<code>/messages.toml`), separate from the
detection data so that a French draft can be explained in English (`--messages en`) and vice versa."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache

from . import languages

# Where the system locale is named, in the order gettext reads them.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


class _Blank(dict):
    def __missing__(self, key):
        return "{" + key + "}"


@lru_cache(maxsize=16)
def catalogue(lang: str) -> dict[str, dict]:
    table = tomllib.loads(languages.messages_text(lang))
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
    if any(isinstance(value, tuple) for value in details.values()):  # (("nous", 3), ("nos", 1)): per-word counts
        counted = interface(lang)["counted"]
        details = {name: ", ".join(counted.format(word=word, n=n) for word, n in value) if isinstance(value, tuple)
                   else value for name, value in details.items()}
    return template.format_map(_Blank(details, text=short))


def suggestion(rule_id: str, lang: str) -> str | None:
    """The rule's own advice in `lang`, for findings without a replacement of their own."""
    return entry(rule_id, lang).get("suggestion")


def rewrite(lang: str, text: str, replacement: str, other_gender: bool = False) -> str:
    """'« kiffer » → « adorer »': the words found, then what to write instead, in `lang`'s marks."""
    template = interface(lang)["rewrite-gender" if other_gender else "rewrite"]
    return template.replace("{text}", " ".join(text.split())).replace("{replacement}", replacement)


def interface(lang: str) -> dict:
    """The words of the reports themselves (labels, dimension names, totals) in `lang`, or in the
    default message language for a language toneaudit does not have."""
    return catalogue(lang if lang in languages.codes() else languages.default("messages"))["interface"]


def counted(lang: str, key: str, count: int) -> str:
    """`3 fichiers`, `1 file`: French counts 0 and 1 as singular, English only 1 (`zero-is-singular`)."""
    words = interface(lang)
    singular = count == 1 or (count == 0 and words.get("zero-is-singular", False))
    return words[key][0 if singular else 1].format(n=count)


def decimal(value: float, lang: str) -> str:
    """A score as people read it: `90,1` in French, `90.1` in English (no trailing zeros)."""
    return f"{value:g}".replace(".", interface(lang).get("decimal-separator", "."))


def percent(value: float, lang: str) -> str:
    """A probability as people read it: `87 %` in French (narrow no-break space), `87%` in English."""
    return interface(lang).get("percent", "{n}%").format(n=round(100 * value))


class Phrase(str):
    """A sentence of toneaudit's own (an error, a note) that is English as a str and keeps its template
    and values, so that where it is shown it can be said in the reader's language: `[phrases]` of
    `languages/<code>/messages.toml` translates the English template itself, as gettext does."""

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, **values):
        self = super().__new__(cls, template.format(**values))
        self.template, self.values = template, values
        return self

    def __reduce__(self):  # through --jobs worker processes, as the args of an exception
        return _phrase, (self.template, self.values)


def _phrase(template: str, values: dict) -> Phrase:
    return Phrase(template, **values)


def said_by(error: BaseException) -> str:
    """What an exception says: the Phrase it was raised with (to be said in the reader's language
    later), or its plain text."""
    return error.args[0] if len(error.args) == 1 and isinstance(error.args[0], Phrase) else str(error)


def in_language(value, lang: str | None) -> str:
    """`value` (a Phrase, an exception raised with one, or any text) as `lang`'s reader reads it;
    a template without a translation, and any other text, stays as it is."""
    if isinstance(value, BaseException):
        value = said_by(value)
    if not isinstance(value, Phrase):
        return str(value)
    table = catalogue(lang).get("phrases", {}) if lang in languages.codes() else {}
    values = {name: in_language(item, lang) if isinstance(item, Phrase) else item for name, item in value.values.items()}
    return table.get(value.template, value.template).format(**values)


def locale_language(default: str | None = None) -> str:
    """The language toneaudit has that the system locale names (LC_ALL, LC_MESSAGES, LANG: the first
    one set, as gettext reads them), or `default` (the default message language) when it names none
    (C, POSIX, de_DE...)."""
    import os

    default = default or languages.default("messages")
    for variable in LOCALE_VARIABLES:
        value = os.environ.get(variable)
        if value:
            return next((lang for lang in languages.codes() if value.lower().startswith(lang)), default)
    return default
