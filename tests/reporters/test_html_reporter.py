"""`--format html`: a self-contained page, the drafts escaped, the findings highlighted on their words."""
import base64
import hashlib
import re
import subprocess
import sys
from html.parser import HTMLParser

from toneaudit import audit
from toneaudit.reporters import FileResult, RenderOptions, render

HOSTILE = ("<img src=x onerror=alert(1)> ACHETEZ MAINTENANT !!! </textarea><script>alert(1)</script>\n"
           "Dernière chance, -50% avec le code PROMO50 🔥🔥🔥\n")


class _Page(HTMLParser):
    """The tags of the page, and the text of each <mark> with the findings it belongs to."""

    def __init__(self):
        super().__init__()
        self.tags, self.marks, self._mark, self.style = [], [], None, ""
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "mark":
            self._mark = [dict(attrs), ""]
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "mark":
            self.marks.append(tuple(self._mark))
            self._mark = None
        self._in_style = False

    def handle_data(self, data):
        if self._mark is not None:
            self._mark[1] += data
        if self._in_style:
            self.style += data


def _page(text: str, lang: str = "fr", name: str = "draft.md") -> tuple[str, _Page, object]:
    report = audit(text, lang)
    html = render("html", [FileResult(name, report, text=text)], RenderOptions())
    page = _Page()
    page.feed(html)
    return html, page, report


def test_the_draft_is_text_never_markup():
    html, page, _ = _page(HOSTILE)
    assert not {tag for tag, _ in page.tags} & {"img", "script", "textarea", "iframe", "object"}
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;/textarea&gt;&lt;script&gt;" in html
    # Nor is a file name.
    named, named_page, _ = _page("Bonjour à tous.", name='"><script>alert(1)</script>.md')
    assert "script" not in {tag for tag, _ in named_page.tags} and "&lt;script&gt;" in named


def test_the_page_loads_nothing_and_allows_only_its_own_style():
    html, page, _ = _page(HOSTILE)
    policy = next(attrs["content"] for tag, attrs in page.tags if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy and "script-src" not in policy
    digest = base64.b64encode(hashlib.sha256(page.style.encode("utf-8")).digest()).decode("ascii")
    assert f"style-src 'sha256-{digest}'" in policy
    assert not re.search(r"(?:src|href)=\"(?!#)", html)  # no resource, no link out of the page


def test_every_finding_on_words_is_highlighted_on_exactly_its_words():
    text = "Notre société a le plaisir de vous annoncer notre offre. ACHETEZ MAINTENANT !!! Code PROMO50 🔥🔥🔥"
    _, page, report = _page(text)
    findings = [finding for finding in report.findings if finding.start < finding.end]
    assert len(findings) >= 3
    for index, finding in enumerate(findings, 1):
        pieces = [words for attrs, words in page.marks if str(index) in attrs["data-findings"].split()]
        assert "".join(pieces) == finding.text, finding.rule
    # Each highlight says which dimension it is by its class (colour and underline style, in the legend).
    legend = {attrs["class"] for tag, attrs in page.tags if tag == "span" and attrs.get("class", "").startswith("d-")}
    assert {attrs["class"] for attrs, _ in page.marks} <= legend


def test_the_banner_says_what_the_exit_status_says(tmp_path):
    pushy, calm = tmp_path / "pushy.md", tmp_path / "calm.md"
    pushy.write_text(HOSTILE, encoding="utf-8")
    calm.write_text("Hier j'ai rempoté les géraniums de la vitrine avec Léa. Je vous montre ça samedi ?\n", encoding="utf-8")
    for draft, status, banner in ((pushy, 1, "banner blocks"), (calm, 0, "banner passes")):
        done = subprocess.run([sys.executable, "-m", "toneaudit", "check", str(draft), "--format", "html", "--no-server"],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == status, done.stderr
        assert done.stdout.count('class="banner ') == 1 and f'class="{banner}"' in done.stdout


def test_an_unreadable_input_is_named_with_its_reason():
    html = render("html", [FileResult("<b>.md", error="empty file")], RenderOptions())
    assert "&lt;b&gt;.md" in html and "empty file" in html
