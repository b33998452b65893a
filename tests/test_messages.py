"""toneaudit's own sentences (errors and notes) in the reader's language: every one the code can say has
its French translation, with the same names to fill in; they keep their meaning through worker
processes; the command line says them in the language of --messages, of the configuration, or of the
system locale, and in English otherwise."""
import ast
import json
import pickle
import string
from pathlib import Path

import pytest
from click.testing import CliRunner

import toneaudit
from toneaudit.cli import cli
from toneaudit.messages import Phrase, catalogue, in_language, locale_language, said_by
from toneaudit.sources import InputError

PACKAGE = Path(toneaudit.__file__).parent
# Helpers that take a template and its values, and make the Phrase themselves: (file, name) → which
# positional argument is the template.
FORWARDERS = {("config.py", "_error"): 1, ("config.py", "fail"): 0}


def _templates() -> dict[str, str]:
    """Every template the package gives Phrase, directly or through a forwarder, with where it is."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            position = 0 if node.func.id == "Phrase" else FORWARDERS.get((path.name, node.func.id))
            if position is None or len(node.args) <= position:
                continue
            template = node.args[position]
            if isinstance(template, ast.Constant) and isinstance(template.value, str):
                found.setdefault(template.value, f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_the_scan_finds_the_sentences_people_meet():
    templates = _templates()
    assert "no such file" in templates and "configuration file not found" in templates
    assert "unknown rule or dimension {name!r}; did you mean {nearest!r}?" in templates
    assert len(templates) > 80


def test_every_sentence_has_its_french_translation_with_the_same_names():
    table = catalogue("fr")["phrases"]
    templates = _templates()
    untranslated = {template: where for template, where in templates.items()
                    if template not in table and not _only_names(template)}
    assert not untranslated
    for template, french in table.items():
        assert _names(french) == _names(template), template
    stale = set(table) - set(templates)
    assert not stale, "translations of sentences the code no longer says"


def _only_names(template: str) -> bool:
    """`{path}: {problem}`: nothing to translate but punctuation between names."""
    words = "".join(literal for literal, _, _, _ in string.Formatter().parse(template))
    return not any(char.isalpha() for char in words)


def test_a_phrase_is_english_as_a_string_and_french_when_said_so():
    problem = Phrase("unknown rule or dimension {name!r}; did you mean {nearest!r}?", name="agressive", nearest="aggressive")
    outer = Phrase("{path}: {problem}", path="cfg.toml", problem=problem)
    assert outer == "cfg.toml: unknown rule or dimension 'agressive'; did you mean 'aggressive'?"
    # French typography: a narrow no-break space before ; and ?
    assert in_language(outer, "fr") == "cfg.toml: règle ou dimension inconnue 'agressive'\u202f; vouliez-vous dire 'aggressive'\u202f?"
    assert in_language(outer, "en") == outer and in_language(outer, None) == outer and in_language(outer, "de") == outer


def test_a_phrase_survives_pickling_inside_an_exception():
    # Errors come back from --jobs worker processes pickled.
    error = pickle.loads(pickle.dumps(InputError(Phrase("not a draft line ({reason})", reason="{x}"))))
    assert in_language(error, "fr") == "pas une ligne de brouillon ({x})"
    assert str(error) == "not a draft line ({x})"
    assert said_by(ValueError("plain")) == "plain" and in_language(KeyError("k"), "fr") == "'k'"


@pytest.mark.parametrize("environment, default, expected", [
    ({"LANG": "fr_FR.UTF-8"}, "en", "fr"),
    ({"LANG": "fr_CA.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "fr", "en"),
    ({"LC_ALL": "C.UTF-8", "LANG": "fr_FR.UTF-8"}, "en", "en"),
    ({"LC_ALL": "C.UTF-8", "LANG": "fr_FR.UTF-8"}, "fr", "fr"),
    ({}, "en", "en"),
])
def test_the_locale_language_is_the_first_variable_set(monkeypatch, environment, default, expected):
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert locale_language(default) == expected


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "good.txt").write_text("J'ai passé la matinée à l'atelier avec Claire.\n", encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes("J'ai passé la matinée à l'atelier, et je vous montre ça demain.\n"
                                         .encode("cp1252"))
    return tmp_path


def _check(*args, env=None):
    return CliRunner().invoke(cli, ["check", *args], env=env, prog_name="toneaudit")


def test_errors_follow_messages_on_the_command_line(folder):
    said = _check("missing.txt", "good.txt", "--messages", "fr")
    assert said.exit_code == 2 and said.stderr == "toneaudit: missing.txt: fichier introuvable\n"
    said = _check("good.txt", "--select", "agressive", "--messages", "fr")
    assert said.exit_code == 2
    assert said.stderr == ("toneaudit: valeur invalide pour '--select'\u202f: règle ou dimension inconnue 'agressive'"
                           "\u202f; vouliez-vous dire 'aggressive'\u202f? (voir 'toneaudit check --help')\n")


def test_errors_are_english_by_default_and_in_french_for_a_french_locale(folder):
    assert _check("missing.txt").stderr == "toneaudit: missing.txt: no such file\n"
    assert _check("missing.txt", env={"LANG": "fr_FR.UTF-8"}).stderr == "toneaudit: missing.txt: fichier introuvable\n"
    assert _check("missing.txt", "--messages", "en", env={"LANG": "fr_FR.UTF-8"}).stderr == "toneaudit: missing.txt: no such file\n"


def test_errors_follow_the_configurations_messages(folder):
    (folder / ".toneaudit.toml").write_text('messages = "fr"\n', encoding="utf-8")
    assert _check("missing.txt").stderr == "toneaudit: missing.txt: fichier introuvable\n"
    (folder / ".toneaudit.toml").write_text('messages = "fr"\nfail-on = "loud"\n', encoding="utf-8")
    said = _check("good.txt", env={"LANG": "fr_FR.UTF-8"})
    assert said.exit_code == 2
    assert said.stderr == (f"toneaudit: {folder / '.toneaudit.toml'}: 'fail-on' doit valoir l'une des valeurs flagged, info, "
                           "warning, error, never, pas 'loud'\n")


def test_decoding_notes_follow_messages_in_text_and_json(folder):
    text = _check("latin.txt", "--messages", "fr")
    assert "latin.txt: note\u202f: décodé en " in text.stdout and "(le fichier n'est pas en UTF-8)" in text.stdout
    report = json.loads(_check("latin.txt", "--messages", "fr", "--format", "json").stdout)
    assert report["files"][0]["notes"][0].startswith("décodé en ")
    english = json.loads(_check("latin.txt", "--format", "json").stdout)
    assert english["files"][0]["notes"][0].endswith("(the file is not UTF-8)")


def test_rules_explain_says_an_unknown_id_in_the_locale_language(folder):
    said = CliRunner().invoke(cli, ["rules", "explain", "agressive.capitals"], env={"LANG": "fr_FR.UTF-8"})
    assert said.exit_code == 2 and said.stderr.startswith("toneaudit: règle ou dimension inconnue 'agressive.capitals'")
