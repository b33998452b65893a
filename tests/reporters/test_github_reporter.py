import os

from toneaudit import audit
from toneaudit.reporters import FileResult, RenderOptions, render


def test_one_workflow_command_per_finding_with_positions():
    report = audit("I wrote this.\nBUY NOW!!! 50% off, today only", lang="en")
    output = render("github", [FileResult("posts/a,b.md", report)], RenderOptions())
    lines = output.splitlines()
    assert len(lines) == len(report.findings) > 0
    for line, finding in zip(lines, report.findings):
        command = {"info": "notice", "warning": "warning", "error": "error"}[str(finding.severity)]
        assert line.startswith(f"::{command} file=posts/a%2Cb.md,line={finding.line},col={finding.column},")
        assert f"endLine={finding.end_line},endColumn={finding.end_column}" in line
        assert f"title=toneaudit {finding.rule}::" in line
        assert "\n" not in line and "%0A" in line or not finding.suggestion
    assert any("50%25" in line for line in lines)  # "%" is escaped in messages


def test_unreadable_file_is_an_error_annotation_and_clean_files_print_nothing():
    clean = audit("Je suis contente de vous retrouver samedi à l'atelier.", lang="fr")
    output = render("github", [FileResult("gone.md", error="file not found: x"), FileResult("ok.md", clean)],
                    RenderOptions())
    assert output == "::error file=gone.md,title=toneaudit::file not found: x\n"


def test_a_file_name_that_is_not_utf8_is_shown_with_its_bytes_escaped():
    name = os.fsdecode(b"posts/caf\xe9.md")
    results = [FileResult(name, audit("BUY NOW!!!", lang="en")), FileResult(name, error="empty file")]
    lines = render("github", results, RenderOptions()).encode("utf-8").decode("utf-8").splitlines()
    assert lines and all("file=posts/caf\\xe9.md," in line for line in lines)
