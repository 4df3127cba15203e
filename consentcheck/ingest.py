"""Inputs -> text. Plain text, Markdown, HTML (main text extracted), stdin and directories.

Offsets everywhere refer to ``Document.text``: for text and Markdown files that is exactly what
``open(path, encoding="utf-8").read()`` returns (universal newlines, a BOM kept as U+FEFF); for HTML
it is the extracted text, which ``consentcheck check --show-text`` prints.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

from consentcheck.errors import InputError

TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
BINARY_SUFFIXES = {".pdf", ".docx", ".doc", ".odt", ".png", ".jpg", ".jpeg", ".gif", ".zip", ".gz"}
DIRECTORY_SUFFIXES = set(TEXT_SUFFIXES) | HTML_SUFFIXES

Format = Literal["text", "markdown", "html"]


@dataclass(frozen=True)
class Document:
    """One input, decoded. ``source`` is the path as the user gave it (or ``-``)."""

    source: str
    text: str
    sha256: str
    format: Format


def decode(data: bytes, source: str) -> str:
    """Decode like ``open(path, encoding="utf-8").read()``: strict UTF-8, universal newlines."""
    if b"\x00" in data:
        raise InputError(f"{source}: looks like a binary file (NUL bytes); give a text, Markdown or HTML file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source}: not valid UTF-8 (byte {exc.start}); convert it, e.g. iconv -f latin1 -t utf-8"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{source}: the file is empty; give a file with policy or pop-up text")
    return text


def document_from_bytes(data: bytes, source: str, fmt: Format) -> Document:
    text = decode(data, source)
    if fmt == "html":
        text = html_to_text(text)
        if not text.strip():
            raise InputError(f"{source}: the HTML page has no visible main text")
    return Document(source=source, text=text, sha256=hashlib.sha256(data).hexdigest(), format=fmt)


def format_for(path: Path, source: str) -> Format:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in BINARY_SUFFIXES:
        raise InputError(f"{source}: unsupported file type '{suffix}'; convert it to text, Markdown or HTML first")
    return TEXT_SUFFIXES.get(suffix, "text")  # type: ignore[return-value]


def read_path(source: str) -> Document:
    """Read one file (or ``-`` for standard input)."""
    if source == "-":
        data = sys.stdin.buffer.read()
        fmt: Format = "html" if data.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")) else "text"
        return document_from_bytes(data, "-", fmt)
    path = Path(source)
    if not path.exists():
        raise InputError(f"{source}: no such file or directory")
    if path.is_dir():
        raise InputError(f"{source}: is a directory; use iter_inputs() for directories")
    fmt = format_for(path, source)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{source}: cannot be read ({exc.strerror}); check the path and permissions") from None
    return document_from_bytes(data, source, fmt)


def expand(sources: list[str]) -> Iterator[str]:
    """Expand directories (recursively, by suffix, sorted) into file paths; keep other names."""
    for source in sources:
        path = Path(source)
        if source != "-" and path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in DIRECTORY_SUFFIXES:
                    yield str(child)
        else:
            yield source


def iter_inputs(sources: list[str]) -> Iterator[Document | InputError]:
    """Yield a Document per input, or the InputError that stopped it (the others go on)."""
    for source in expand(sources):
        try:
            yield read_path(source)
        except InputError as exc:
            yield exc


# --- HTML ------------------------------------------------------------------------------------

SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "iframe",
             "head", "title", "meta", "link", "select", "option"}
BLOCK_TAGS = {"p", "div", "section", "article", "main", "li", "ul", "ol", "table", "tr", "td", "th", "br",
              "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dl", "dt", "dd", "form", "fieldset",
              "figure", "figcaption", "hr", "button", "label", "dialog", "details", "summary", "body", "html"}
VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "area", "base", "col", "embed"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _MainText(HTMLParser):
    """Collects visible text as blocks; remembers which blocks lie inside <main>/<article>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, bool]] = []  # (text, inside main)
        self._current: list[str] = []
        self._skip_depth = 0
        self._stack: list[str] = []
        self._main_depth = 0
        self._prefix = ""
        self._row: list[str] | None = None  # the cells of the table row being read

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text and self._row is not None:
            self._row.append(text.replace("|", "/"))
        elif text:
            self.blocks.append((self._prefix + text, self._main_depth > 0))
        self._current = []
        self._prefix = ""

    def _end_row(self) -> None:
        """A table row becomes one Markdown row ("| cell | cell |"), so its cells stay together."""
        self._flush()
        if self._row:
            self.blocks.append(("| " + " | ".join(self._row) + " |", self._main_depth > 0))
        self._row = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        hidden = "hidden" in attributes or attributes.get("aria-hidden") == "true"
        if tag in SKIP_TAGS or (hidden and tag not in VOID_TAGS) or attributes.get("role") == "navigation":
            if tag not in VOID_TAGS:
                self._skip_depth += 1
                self._stack.append("skip:" + tag)
            return
        if tag == "tr":
            self._end_row()
            self._row = []
        elif self._row is not None and tag in BLOCK_TAGS and tag not in {"td", "th", "table"}:
            self._current.append(" ")  # a line break or paragraph inside a cell stays in the cell
        elif tag in BLOCK_TAGS:
            self._flush()
            if tag == "li" and self._row is None:
                self._prefix = "- "
        if tag in VOID_TAGS:
            return
        is_main = tag in {"main", "article"} or attributes.get("role") == "main"
        if is_main:
            self._main_depth += 1
        self._stack.append(("main:" if is_main else "") + tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        # pop up to the matching tag; tolerate unclosed tags
        for index in range(len(self._stack) - 1, -1, -1):
            name = self._stack[index].split(":")[-1]
            if name == tag:
                for popped in self._stack[index:]:
                    if popped.startswith("skip:"):
                        self._skip_depth -= 1
                    elif popped.startswith("main:"):
                        if self._skip_depth == 0:
                            self._flush()
                        self._main_depth -= 1
                del self._stack[index:]
                break
        if tag in {"tr", "table"} and self._skip_depth == 0:
            self._end_row()
        elif self._row is not None and tag in BLOCK_TAGS and tag not in {"td", "th"}:
            self._current.append(" ")
        elif tag in BLOCK_TAGS and self._skip_depth == 0:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip_depth == 0:
            self._current.append(data)

    def close(self) -> None:
        super().close()
        self._end_row()


def html_to_text(html: str) -> str:
    """Visible main text of an HTML page, one block per line, blank lines between blocks."""
    parser = _MainText()
    parser.feed(html)
    parser.close()
    blocks = parser.blocks
    if any(inside for _, inside in blocks):
        blocks = [(text, inside) for text, inside in blocks if inside]
    return "\n\n".join(text for text, _ in blocks) + "\n"
