"""No regular expression of toneaudit backtracks catastrophically: every pattern of every lexicon (and
of the code) is run against adversarial strings, each search under a time bound.

A catastrophic pattern cannot be interrupted inside `re`, so the searches run in a child process
(this file, run as a script) with a timeout: a hang fails the test instead of freezing the suite.
"""
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # end-to-end: every pattern against adversarial inputs

# Per search, on strings of about 20,000 characters. A linear scan takes milliseconds; catastrophic
# backtracking takes minutes. The bound leaves room for a slow, busy machine.
SECONDS_PER_SEARCH = 1.0
LENGTH = 20_000


def patterns() -> dict[str, re.Pattern]:
    """Every compiled pattern: the rules' (built as their kinds build them) and the modules' own."""
    import importlib
    import pkgutil

    import toneaudit
    from toneaudit.rules import imperative, load_rules, style, terms, voice

    found = {}
    for lang in ("fr", "en"):
        for rule in load_rules(lang):
            built = []
            if rule.kind in ("terms", "link"):
                compiled = terms.build_patterns(rule)
                built = [compiled.others, compiled.bounded, compiled.stems] + [alternative.regex for alternative in compiled.alternatives]
            elif rule.kind == "imperative":
                verb_regex, _, strong, _ = imperative._build_patterns(rule)
                built = [verb_regex, strong]
            elif rule.kind == "passive":
                built = [style._passive_regex(rule)[0]]
            elif rule.kind == "organisation-subject":
                built = [voice._organisation_regex(rule)[0]]
            for number, regex in enumerate(item for item in built if item is not None):
                found[f"{lang}:{rule.id}#{number}"] = regex
    for module_info in pkgutil.walk_packages(toneaudit.__path__, "toneaudit."):
        # regex.tokenmatch reads spaCy's own token_match source once at load time, never a draft;
        # training and the command-line modules hold no pattern that reads drafts.
        if ".training" in module_info.name or module_info.name.endswith(
                ("cli", "server", "entry", "__main__", "tokenmatch")):
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found[f"{module_info.name}.{name}"] = value
    return found


def adversarial(regex: re.Pattern) -> list[str]:
    """Long runs that make a backtracking engine try many ways: repeated characters and separators,
    and the pattern's own literals repeated (near-matches, over and over)."""
    from toneaudit.regex.gate import required_literals

    strings = [char * LENGTH for char in "a A 1 ! - . é ' # @ % €".split()]
    strings += [piece * (LENGTH // len(piece)) for piece in (
        "a ", "a-", "1 ", "1.", "1 000 ", "aa'", "A ", "Ab ", "! ", "?!", "🔥", "\n", " \n", "a\u200b", "http://a",
        "www.", "-50", "de la ", "et ", "the ", "été ", "ment ", "ly ", "<!-- ", "**", "`", "[a](", "Ã©")]
    strings.append(" " * LENGTH + "!")
    literals = required_literals(regex.pattern, regex.flags) or []
    for found in literals:
        for literal in sorted(found)[:5]:
            strings.append((literal + " ") * (LENGTH // (len(literal) + 1)))
            strings.append(literal * (LENGTH // max(1, len(literal))))
    return strings


def main() -> None:
    slowest = []
    for name, regex in sorted(patterns().items()):
        worst, worst_input = 0.0, ""
        for text in adversarial(regex):
            start = time.perf_counter()
            for _ in regex.finditer(text):
                pass
            elapsed = time.perf_counter() - start
            if elapsed > worst:
                worst, worst_input = elapsed, text[:20]
        slowest.append((worst, name, worst_input))
    slowest.sort(reverse=True)
    print(json.dumps({"patterns": len(slowest), "slowest": slowest[:10]}))


def test_no_pattern_backtracks_catastrophically():
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, str(Path(__file__))], cwd=root, capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["patterns"] > 80
    for seconds, name, sample in result["slowest"]:
        assert seconds < SECONDS_PER_SEARCH, f"{name} took {seconds:.2f} s on {sample!r}…"


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    main()
