"""Text -> segments (headings, list items, sentences) with exact character offsets.

A fast rule-based segmenter for German and English policy text. Blocks come from lines
(Markdown headings, setext underlines, list items, blank-line paragraphs, hard-wrapped prose);
sentences come from end punctuation, vetoed after abbreviations ("z. B.", "Art. 6 Abs. 1 lit. f",
"e.g.", "Inc.", "U.S."), German ordinals ("23. Mai 2025") and single letters. It never builds one
object for the whole text: ``segments()`` yields as it goes, so a 20 MB file is read block by block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from consentcheck.models import SegmentKind


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    kind: SegmentKind


# abbreviations that stand before a number ("No. 5", "Art. 6"); elsewhere the period may end a sentence
BEFORE_NUMBERS = frozenset("no nos nr art sec secs para paras abs ziff rn".split())
_ABBREVIATIONS = {
    "en": """e.g i.e vs inc ltd co corp dr mr mrs ms prof sr jr st approx dept
        est fig figs incl min max p pp cf al jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k e.u
        a.m p.m ph.d rev govt assn bros ave blvd reg subs""",
    "de": """z b u a ggf bzw inkl zzgl evtl vgl sog bspw ca lit s str dr prof hr fr gem ff d h
        i v m o ä z t insb max min mind tel st mio mrd jan feb mär apr jun jul aug sep sept okt nov dez
        buchst kap anh hrsg geb zit bsp bzgl einschl jew lt tägl vorm zus zzt allg abschn
        u.a z.b d.h u.u i.d.r o.ä u.ä z.t v.a e.v i.v.m s.o s.u""",
}
ABBREVIATIONS = {lang: frozenset(words.split()) for lang, words in _ABBREVIATIONS.items()}
ALL_ABBREVIATIONS = ABBREVIATIONS["en"] | ABBREVIATIONS["de"]

_ATX = re.compile(r"[ \t]{0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_SETEXT = re.compile(r"[ \t]{0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"[ \t]{0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
_LIST = re.compile(r"([ \t]*)([-*+•·▪–]|\d{1,3}(?:\.\d{1,3})*[.)]|[a-zA-Z][.)]|\(\w{1,4}\))[ \t]+(?=\S)")
_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-{3,}")
_TERMINAL = re.compile(r"[.!?…:;][\"'”’“‘»«)\]*_]*$")
# candidate boundary: end punctuation, optional closers, white space
_BOUNDARY = re.compile(r"([.!?…]+)([\"'”’“‘»«)\]*_]*)(\s+)")
_STARTER = re.compile(r"[\"'„“‚‘«»(\[*_¿¡]*[A-ZÄÖÜ0-9]")
_PREV_WORD = re.compile(r"([^\s(\[\"'„“‚‘«»]+)$")


def _is_abbreviation(text: str, dot: int, lang: str) -> bool:
    """Is the period at ``text[dot]`` part of an abbreviation or ordinal (so no sentence ends)?"""
    match = _PREV_WORD.search(text, max(0, dot - 40), dot)
    if not match:
        return False
    word = match.group(1).lower().strip("-*_")
    if not word or "/" in word or "@" in word:
        return False  # a URL or an e-mail address ends here
    if len(word) == 1 and word.isalpha():
        return True  # initials, "z. B.", "lit. f."
    if word in BEFORE_NUMBERS:
        return text[dot + 1:dot + 3].strip()[:1].isdigit()
    if word in ALL_ABBREVIATIONS or (lang == "de" and word.endswith("str")):
        return True  # "z. B.", "Inc.", "Musterstr. 5"
    if re.fullmatch(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}", word):
        return True  # e.g. U.S. / z.B. / i.d.R. written without spaces
    # German ordinals: "23. Mai 2025", "im 3. Quartal", "die 2. Fassung"
    return word.isdigit() and len(word) <= 2 and lang == "de"


_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)


def split_sentences(text: str, start: int, end: int, lang: str) -> Iterator[tuple[int, int]]:
    """Sentence spans (document offsets, stripped) within ``text[start:end]``; ``<br>`` always splits."""
    piece_start = start
    for tag in _LINE_BREAK_TAG.finditer(text, start, end):
        yield from _split_piece(text, piece_start, tag.start(), lang)
        piece_start = tag.end()
    yield from _split_piece(text, piece_start, end, lang)


def _split_piece(text: str, start: int, end: int, lang: str) -> Iterator[tuple[int, int]]:
    sentence_start = start
    for match in _BOUNDARY.finditer(text, start, end):
        after = match.end()
        if after >= end:
            break
        if not _STARTER.match(text, after):
            continue
        punct = match.group(1)
        if punct == "." and _is_abbreviation(text, match.start(1), lang):
            continue
        yield from _stripped(text, sentence_start, match.end(2))
        sentence_start = after
    yield from _stripped(text, sentence_start, end)


def _stripped(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and any(ch.isalnum() for ch in text[start:end]):
        yield start, end


@dataclass(slots=True)
class Block:
    start: int
    end: int
    kind: SegmentKind
    lines: int = 1
    last_line: str = ""
    row: int | None = None  # table cells: the offset of their row's line, shared by the row's cells


def _lines(text: str) -> Iterator[tuple[int, int]]:
    position = 0
    length = len(text)
    while position < length:
        newline = text.find("\n", position)
        if newline < 0:
            newline = length
        yield position, newline
        position = newline + 1


def blocks(text: str) -> Iterator[Block]:
    """Headings, list items and paragraphs, in order."""
    current: Block | None = None
    for line_start, line_end in _lines(text):
        line = text[line_start:line_end]
        stripped = line.strip()
        if not stripped:
            if current:
                yield current
            current = None
            continue
        if _SETEXT.fullmatch(line) and current is not None and current.lines == 1 and current.kind == "sentence":
            current.kind = "heading"
            yield current
            current = None
            continue
        if _RULE.fullmatch(line) or _TABLE_RULE.match(line) and set(stripped) <= set("|-: "):
            if current:
                yield current
            current = None
            continue
        if stripped.startswith("|"):
            if current:
                yield current
            current = None
            yield from _table_cells(line_start, line)
            continue
        atx = _ATX.fullmatch(line)
        if atx:
            if current:
                yield current
            current = None
            if atx.group(2):
                yield Block(line_start + atx.start(2), line_start + atx.end(2), "heading")
            continue
        listed = _LIST.match(line)
        if listed:
            if current:
                yield current
            current = Block(line_start + listed.end(), line_end, "list-item", 1, line)
            continue
        if current is not None and _continues(current, line):
            current.end = line_end
            current.lines += 1
            current.last_line = line
            continue
        if current:
            yield current
        current = Block(line_start, line_end, "sentence", 1, line)
    if current:
        yield current


def _table_cells(line_start: int, line: str) -> Iterator[Block]:
    """Each cell of a Markdown table row is a block of its own."""
    for cell in re.finditer(r"[^|]+", line):
        if cell.group(0).strip():
            yield Block(line_start + cell.start(), line_start + cell.end(), "sentence", 2, cell.group(0), line_start)


def _continues(block: Block, line: str) -> bool:
    """Does ``line`` continue the hard-wrapped paragraph or list item ``block``?"""
    previous = block.last_line.rstrip()
    if _TERMINAL.search(previous):
        return False
    first = line.lstrip()[:1]
    if block.kind == "list-item" and line[:1] in " \t":
        return True
    if first.islower() or previous.endswith((",", "-", "(", "/")):
        return True
    return len(previous) >= 60 and not line.lstrip().startswith(("|", ">"))


def segments(text: str, lang: str = "en") -> Iterator[Segment]:
    """All segments of ``text``; sentences inside paragraphs and list items are split."""
    for block in blocks(text):
        yield from block_segments(text, block, lang)


def block_segments(text: str, block: Block, lang: str) -> Iterator[Segment]:
    """The segments of one block (a heading, a list item, a paragraph)."""
    if block.kind == "heading":
        yield from (Segment(s, e, "heading") for s, e in _stripped(text, block.start, block.end))
        return
    pieces = list(split_sentences(text, block.start, block.end, lang))
    kind: SegmentKind = block.kind
    if kind == "sentence" and len(pieces) == 1 and block.lines == 1:
        s, e = pieces[0]
        if e - s <= 100 and not _TERMINAL.search(text[s:e]) and "\n" not in text[s:e]:
            kind = "heading"  # a title or a button label standing alone
    for s, e in pieces:
        yield Segment(s, e, kind)
