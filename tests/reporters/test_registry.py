"""The formats are the reporter modules: each one found is a --format choice, and adding one is one module."""
import pytest
from click.testing import CliRunner

from toneaudit import audit
from toneaudit.cli import cli
from toneaudit.reporters import FORMATS, FileResult, RenderOptions, render


def test_every_reporter_module_is_a_format_and_renders():
    assert FORMATS[0] == "text" and set(FORMATS) == {"text", "json", "sarif", "github", "html"}
    result = [FileResult("post.md", audit("Achetez maintenant !!!", lang="fr"))]
    for name in FORMATS:
        assert render(name, result, RenderOptions()), name
    assert all(name in CliRunner().invoke(cli, ["check", "--help"]).output for name in FORMATS)


def test_an_unknown_format_is_a_clear_error_not_a_key_error():
    with pytest.raises(ValueError, match="unknown format 'yaml'"):
        render("yaml", [], RenderOptions())


@pytest.mark.slow
def test_adding_a_format_is_adding_one_module(package_copy, tmp_path):
    (package_copy.root / "reporters" / "count_reporter.py").write_text(
        '"""`--format count`: the number of findings per draft."""\n\n\n'
        "def render(results, options) -> str:\n"
        '    return "".join(f"{r.path} {len(r.report.findings)}\\n" for r in results if r.report)\n', encoding="utf-8")
    (tmp_path / "post.txt").write_text("Achetez maintenant !!!\n", encoding="utf-8")
    done = package_copy("-m", "toneaudit", "check", "post.txt", "--format", "count", "--lang", "fr")
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("post.txt ") and int(done.stdout.split()[1]) >= 1
