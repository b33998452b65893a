import json

from toneaudit import __version__, audit
from toneaudit.reporters import FileResult, RenderOptions, render


def test_json_document_shape():
    report = audit("Buy now!!!", lang="en")
    results = [FileResult("a.txt", report, notes=["decoded as UTF-16"]), FileResult("b.txt", error="empty file")]
    data = json.loads(render("json", results, RenderOptions()))
    assert data["version"] == __version__
    assert data["files"][0]["path"] == "a.txt" and data["files"][0]["notes"] == ["decoded as UTF-16"]
    assert data["errors"] == [{"path": "b.txt", "message": "empty file"}]
    assert data["files"][0] == {"path": "a.txt", **report.to_dict(), "notes": ["decoded as UTF-16"]}
