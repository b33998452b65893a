import json
import os

from toneaudit import __version__, audit
from toneaudit.reporters import FileResult, RenderOptions, render


def test_json_document_shape():
    report = audit("Buy now!!!", lang="en")
    results = [FileResult("a.txt", report, notes=["decoded as UTF-16"]), FileResult("b.txt", error="empty file")]
    data = json.loads(render("json", results, RenderOptions()))
    assert data["version"] == __version__
    assert data["files"][0]["path"] == "a.txt" and data["files"][0]["notes"] == ["decoded as UTF-16"]
    assert data["errors"] == [{"path": "b.txt", "message": "empty file"}]
    assert data["files"][0] == {"path": "a.txt", **report.to_dict(), "blocked": True, "notes": ["decoded as UTF-16"]}


def test_advice_and_blocked_follow_the_verdicts_and_the_policy():
    from toneaudit.blocking import Policy

    report = audit("I finally set the price of my workshops: $45, and here is why I chose it.", lang="en")
    assert not report.flagged
    entry = json.loads(render("json", [FileResult("a.txt", report)], RenderOptions()))["files"][0]
    assert entry["blocked"] is False
    assert entry["findings"] and all(finding["advice"] is True for finding in entry["findings"])
    strict = json.loads(render("json", [FileResult("a.txt", report)], RenderOptions(policy=Policy(fail_on="info"))))
    assert strict["files"][0]["blocked"] is True
    pushy = json.loads(render("json", [FileResult("p.txt", audit("Buy now!!! Last chance, 50% off", lang="en"))],
                              RenderOptions()))["files"][0]
    assert pushy["blocked"] is True and any(not finding["advice"] for finding in pushy["findings"])


def test_a_file_name_that_is_not_utf8_is_shown_with_its_bytes_escaped():
    # Python hands such a name over with lone surrogates (surrogateescape); UTF-8 output cannot hold them.
    name = os.fsdecode(b"posts/caf\xe9.md")
    report = audit("Buy now!!!", lang="en")
    output = render("json", [FileResult(name, report), FileResult(name, error="empty file")], RenderOptions())
    data = json.loads(output.encode("utf-8"))  # strict: raises if a surrogate were left in
    assert data["files"][0]["path"] == data["errors"][0]["path"] == "posts/caf\\xe9.md"
