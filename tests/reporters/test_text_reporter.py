import os

from toneaudit import audit
from toneaudit.reporters import FileResult, RenderOptions, render


def test_text_lines_suggestions_and_summary():
    report = audit("Achetez maintenant !!!", lang="fr")
    output = render("text", [FileResult("post.txt", report)], RenderOptions())
    lines = output.splitlines()
    assert lines[0].startswith("post.txt:1:1: ")
    assert any(line.startswith("    suggestion\u202f: ") for line in lines)
    assert lines[-2].startswith("post.txt: score ") and "bloque\u202f: " in lines[-2]
    assert lines[-1].startswith("1 fichier\u202f; ") and lines[-1].endswith("1 bloqué")


def test_english_labels_and_colours():
    report = audit("Buy now!!!", lang="en")
    output = render("text", [FileResult("p.md", report)], RenderOptions(color=True))
    assert "\x1b[" in output and "try: " in output
    summary = output.splitlines()[-2]
    assert "flagged: " in summary and "aggressive" in summary and "blocks: " in summary


def test_errors_are_not_printed_by_the_text_reporter():
    assert render("text", [FileResult("x.txt", error="no such file")], RenderOptions()) == ""


def test_a_file_name_that_is_not_utf8_is_shown_with_its_bytes_escaped():
    name = os.fsdecode(b"posts/caf\xe9.md")
    output = render("text", [FileResult(name, audit("Buy now!!!", lang="en"), notes=["decoded as UTF-16"])],
                    RenderOptions())
    lines = output.encode("utf-8").decode("utf-8").splitlines()  # strict: no surrogate left in
    assert lines and all(line.startswith(("posts/caf\\xe9.md:", "    ")) for line in lines[:-1])


def test_advice_is_marked_and_quiet_hides_it():
    # A price told in passing in a first-person story: commercial is not flagged, so the price is advice.
    report = audit("J'ai enfin fixé le prix de mes ateliers : 45 €, et je vous explique pourquoi.", lang="fr")
    assert "commercial" not in report.flagged and any(f.dimension == "commercial" for f in report.findings)
    output = render("text", [FileResult("a.txt", report)], RenderOptions())
    assert "commercial.price [conseil] " in output and "ne bloque pas" in output
    assert "(dont 1 conseil)" in output.splitlines()[-1]
    quiet = render("text", [FileResult("a.txt", report)], RenderOptions(quiet=True))
    assert "commercial.price" not in quiet and quiet.splitlines()[-1] == "1 fichier\u202f; 0 constat\u202f; 0 bloqué"


def test_english_totals_count_files_and_blocked_ones():
    results = [FileResult("a.md", audit("Buy now!!! Last chance, 50% off everything", lang="en")),
               FileResult("b.md", audit("I spent the morning in the workshop with Claire.", lang="en")),
               FileResult("c.md", error="empty file")]
    lines = render("text", results, RenderOptions(messages_lang="en")).splitlines()
    assert lines[-1].startswith("2 files, 1 unreadable; ") and lines[-1].endswith("; 1 blocked")
    assert any(line.startswith("b.md: score ") and line.endswith("no tone problem; does not block") for line in lines)


def test_scores_are_written_as_each_language_writes_decimals():
    from toneaudit.blocking import Policy

    report = audit("Nous sommes heureux de vous accueillir dans nos nouveaux locaux.", lang="fr")
    assert report.score != int(report.score)  # a decimal score, to see its separator
    policy = Policy(min_score=95.5)
    french = render("text", [FileResult("a.txt", report)], RenderOptions(messages_lang="fr", policy=policy))
    english = render("text", [FileResult("a.txt", report)], RenderOptions(messages_lang="en", policy=policy))
    written = f"{report.score:g}"
    assert f"score {written.replace('.', ',')}/100" in french and "sous 95,5" in french
    assert f"score {written}/100" in english and "under 95.5" in english
