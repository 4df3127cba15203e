from __future__ import annotations

from pathlib import Path

import pytest

from consentcheck.errors import InputError
from consentcheck.ingest import html_to_text, iter_inputs, read_path

PAGE = """<!doctype html><html><head><title>Privacy</title><style>p{color:red}</style>
<script>var tracking = "We use your posts to train";</script></head>
<body><nav><a href="/">Home</a> <a href="/jobs">Jobs</a></nav>
<main><h1>Datenschutz &amp; KI</h1>
<p>Wir nutzen öffentliche Beiträge, um unsere KI-Modelle zu <b>trainieren</b>.</p>
<ul><li>Fotos</li><li>Kommentare</li></ul>
<button>Widersprechen</button></main>
<footer>© 2025 Kreisel GmbH</footer></body></html>"""


def test_html_main_text_without_scripts_and_navigation() -> None:
    text = html_to_text(PAGE)
    assert "Datenschutz & KI" in text
    assert "um unsere KI-Modelle zu trainieren." in text
    assert "- Fotos" in text and "Widersprechen" in text
    assert "tracking" not in text and "Jobs" not in text and "2025 Kreisel" not in text and "color" not in text


TABLES = {
    "en": ("<table><tr><th>Purpose</th><th>Data</th></tr>"
           "<tr><td>To train our AI models</td><td>Your prompts<br>and the answers you rate</td></tr>"
           "<tr><td>To send the newsletter</td><td>Your e-mail address</td></tr></table>",
           "| To train our AI models | Your prompts and the answers you rate |"),
    "de": ("<table><tr><th>Zweck</th><th>Daten</th></tr>"
           "<tr><td>Training unserer KI-Modelle</td><td>Ihre Eingaben<br>und Bewertungen</td></tr>"
           "<tr><td>Versand des Newsletters</td><td>Ihre E-Mail-Adresse</td></tr></table>",
           "| Training unserer KI-Modelle | Ihre Eingaben und Bewertungen |"),
}


@pytest.mark.parametrize("lang", ["en", "de"])
def test_html_table_rows_keep_their_cells_together(lang: str) -> None:
    from consentcheck.engine import Checker
    from consentcheck.ingest import Document

    html, row = TABLES[lang]
    text = html_to_text(f"<main>{html}</main>")
    assert row in text.splitlines()
    # the data cell of the training row is read with its row; the newsletter row's is not
    findings = Checker.default().check(Document("-", text, "0", "html"), lang).findings
    data = {f.text for f in findings if f.category == "ai-training" and f.rule == "CC-AIT-013"}
    assert data == {row.split(" | ")[1].rstrip(" |")}


def test_html_file_offsets_refer_to_extracted_text(tmp_path: Path) -> None:
    page = tmp_path / "policy.html"
    page.write_text(PAGE, encoding="utf-8")
    document = read_path(str(page))
    assert document.format == "html"
    assert document.text == html_to_text(PAGE)


def test_text_is_read_like_python_open(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes("\ufeffWe train models.\r\nSecond line.\rThird.".encode())
    document = read_path(str(path))
    with open(path, encoding="utf-8") as handle:
        assert document.text == handle.read()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        ("Datenschutzerkl\u00e4rung".encode("latin-1"), "not valid UTF-8"),
        (b"PK\x03\x04\x00\x00binary", "binary"),
    ],
)
def test_bad_inputs_are_named(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        read_path(str(path))
    assert str(path) in str(error.value) and message in str(error.value)


def test_unsupported_type_and_missing_file(tmp_path: Path) -> None:
    pdf = tmp_path / "policy.pdf"
    pdf.write_bytes(b"%PDF-1.7")
    with pytest.raises(InputError, match="unsupported file type"):
        read_path(str(pdf))
    with pytest.raises(InputError, match="no such file"):
        read_path(str(tmp_path / "missing.txt"))


def test_directories_are_walked_and_bad_files_do_not_stop_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.md").write_text("# Policy\nWe train models.", encoding="utf-8")
    (tmp_path / "two.txt").write_bytes(b"\xff\xfe bad")
    (tmp_path / "skip.json").write_text("{}", encoding="utf-8")
    results = list(iter_inputs([str(tmp_path)]))
    assert len(results) == 2
    good = [r for r in results if not isinstance(r, InputError)]
    assert [d.source for d in good] == [str(tmp_path / "a" / "one.md")]
    assert good[0].format == "markdown"
