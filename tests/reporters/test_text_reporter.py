import os

from toneaudit import audit
from toneaudit.reporters import FileResult, RenderOptions, render


def test_text_lines_suggestions_and_summary():
    report = audit("Achetez maintenant !!!", lang="fr")
    output = render("text", [FileResult("post.txt", report)], RenderOptions())
    lines = output.splitlines()
    assert lines[0].startswith("post.txt:1:1: ")
    assert any(line.startswith("    suggestion: ") for line in lines)
    assert lines[-1].startswith("post.txt: score ")


def test_english_labels_and_colours():
    report = audit("Buy now!!!", lang="en")
    output = render("text", [FileResult("p.md", report)], RenderOptions(color=True))
    assert "\x1b[" in output and "try: " in output
    summary = output.splitlines()[-1]
    assert "flagged: " in summary and "aggressive" in summary


def test_errors_are_not_printed_by_the_text_reporter():
    assert render("text", [FileResult("x.txt", error="no such file")], RenderOptions()) == ""


def test_a_file_name_that_is_not_utf8_is_shown_with_its_bytes_escaped():
    name = os.fsdecode(b"posts/caf\xe9.md")
    output = render("text", [FileResult(name, audit("Buy now!!!", lang="en"), notes=["decoded as UTF-16"])],
                    RenderOptions())
    lines = output.encode("utf-8").decode("utf-8").splitlines()  # strict: no surrogate left in
    assert lines and all(line.startswith(("posts/caf\\xe9.md:", "    ")) for line in lines)
