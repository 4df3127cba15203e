"""One sentence prepared for matching: link addresses blanked, words lower-cased, and the built-in
concepts that come from the sentence's form rather than from terms (quotes, UI labels, links, e-mails).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from consentcheck.rulepack.terms import WORD

Hits = dict[str, list[tuple[int, int]]]
"""Concept (or rule-term owner) -> word-index ranges ``(first, last_exclusive)``."""

QUOTED = "@quoted"
"""Built-in concept: the words inside quotation marks (a button label such as “Do not train”)."""
UI_LABEL = "@ui-label"
"""Built-in concept: a named control: quoted or bold text, or a menu path (Settings > Privacy)."""
LINK = "@link"
"""Built-in concept: a link (the text of a Markdown link, or a bare URL); its address is not read as words."""
EMAIL = "@email"
"""Built-in concept: an e-mail address."""
COMMA = "@comma"
"""Built-in concept: the word after a comma, semicolon, colon or dash (a barrier for negation scope)."""
BUILT_IN = frozenset({QUOTED, UI_LABEL, LINK, EMAIL, COMMA})
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LINK = re.compile(r"\[([^\]]{0,200})\]\(([^)\s]{1,2000})\)|((?:https?|www)\b)[^\s)\]>]*")


def mask_links(sentence: str) -> tuple[str, list[tuple[int, int]]]:
    """Blank out link addresses (same length, so offsets hold) and return the links' visible parts."""
    pieces = []
    visible = []
    position = 0
    for link in _LINK.finditer(sentence):
        if link.group(2) is not None:
            keep_start, keep_end = link.span(1)
        else:
            keep_start, keep_end = link.span(3)
        pieces += [sentence[position:keep_end], " " * (link.end() - keep_end)]
        visible.append((keep_start, keep_end))
        position = link.end()
    pieces.append(sentence[position:])
    return "".join(pieces), visible


def _to_words(spans: list[tuple[int, int]], ranges: list[tuple[int, int]], whole: bool = True
              ) -> list[tuple[int, int]]:
    """Character ranges -> word-index ranges of the words inside them (``whole=False``: skip a range
    that covers all words but one or more, e.g. a sentence that is bold as a whole)."""
    result = []
    for start, end in ranges:
        inside = [i for i, (s, e) in enumerate(spans) if start <= s and e <= end]
        if inside and (whole or len(inside) < len(spans) - 1):
            result.append((inside[0], inside[-1] + 1))
    return result


_MARKUP_CHARS = frozenset("\"“”„«»*_`>")
_CLAUSE_MARK = re.compile(r"[,;:](?!\d)|\s[–—-]\s")  # not the comma of 1,000 or the colon of 10:30
_QUOTED = re.compile(r"[“„«»\"]([^“”„«»\"]{1,120})[”“»«\"]")
_LABELS = re.compile(
    r"[“„«»\"]([^“”„«»\"]{1,80})[”“»«\"]|\*\*([^*]{1,80})\*\*|__([^_]{1,80})__|`([^`]{1,80})`"
    r"|(\w[\w &-]{0,30}(?:\s*>\s*\w[\w &-]{0,30})+)"
)


def _marked(sentence: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """Character ranges of the first group that matched, per match of ``pattern``."""
    ranges = []
    for found in pattern.finditer(sentence):
        group = next(i for i in range(1, (pattern.groups or 0) + 1) if found.group(i) is not None)
        ranges.append((found.start(group), found.end(group)))
    return ranges


@dataclass
class Sentence:
    text: str  # link addresses blanked out (same length, so offsets hold)
    words: list[str]  # lower-case
    links: list[tuple[int, int]]  # character ranges of the links' visible parts
    _spans: list[tuple[int, int]] | None = field(default=None, repr=False)

    @classmethod
    def prepare(cls, sentence: str) -> Sentence:
        links: list[tuple[int, int]] = []
        if "http" in sentence or "](" in sentence or "www." in sentence:
            sentence, links = mask_links(sentence)
        return cls(sentence, [word.lower() for word in WORD.findall(sentence)], links)

    def word_spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = [(m.start(), m.end()) for m in WORD.finditer(self.text)]
        return self._spans

    def add_built_ins(self, hits: Hits) -> None:
        """Add the hits of the built-in concepts to ``hits``."""
        found: list[tuple[str, list[tuple[int, int]], bool]] = []
        if self.links:
            found.append((LINK, self.links, True))
        if "@" in self.text:
            found.append((EMAIL, [m.span() for m in _EMAIL.finditer(self.text)], True))
        if _MARKUP_CHARS.intersection(self.text):
            found += [(QUOTED, _marked(self.text, _QUOTED), True), (UI_LABEL, _marked(self.text, _LABELS), False)]
        marks = [m.end() for m in _CLAUSE_MARK.finditer(self.text)]
        spans = self.word_spans() if found or marks else []
        for name, ranges, whole in found:
            words = _to_words(spans, ranges, whole)
            if words:
                hits[name] = words
        if marks:
            starts = [start for start, _ in spans]
            after = dict.fromkeys(bisect_left(starts, mark) for mark in marks)  # the word after each mark
            commas = [(i, i + 1) for i in after if i < len(spans)]
            if commas:
                hits[COMMA] = commas
