"""Structured statements: which data, whose models, what action, how firmly, when, on what condition.

The vocabularies are data (``rules/<pack>/attributes/*.yaml``): each value of each attribute has
terms per language, matched like concept terms. Dates after "from", "starting", "ab dem" ... are read
by a pattern and reported as ``time: from-date`` with the date as its text.
"""

from __future__ import annotations

import re

from consentcheck.models import AttributeValue, Statement
from consentcheck.rulepack.schema import ATTRIBUTES, Pack
from consentcheck.rulepack.sentence import Sentence
from consentcheck.rulepack.terms import Lexicon

_MONTHS = (r"(?:jan(?:uary|uar)?|feb(?:ruary|ruar)?|m(?:arch|ärz|ar)|apr(?:il)?|ma[iy]|june?|juni|july?|juli|"
           r"aug(?:ust)?|sep(?:tember)?|o[ck]t(?:ober)?|nov(?:ember)?|de[cz](?:ember)?)")
FROM_DATE = {
    "en": re.compile(
        r"\b(?:from|starting(?: on| from)?|as of|beginning(?: on)?|effective|since|on)\s+"
        rf"((?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\s+\d{{4}})|(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
        r"|\d{4}-\d{2}-\d{2})", re.IGNORECASE),
    "de": re.compile(
        r"\b(?:ab|seit|vom|ab dem|seit dem|beginnend mit dem|mit wirkung zum|zum|am)\s+"
        rf"((?:\d{{1,2}}\.\s*{_MONTHS}\s+\d{{4}})|\d{{1,2}}\.\d{{1,2}}\.\d{{4}})", re.IGNORECASE),
}
MODALITY_ORDER = ("may", "can", "will")


class StatementReader:
    """Reads the attributes of a sentence, per language."""

    def __init__(self, packs: list[Pack]) -> None:
        self._lexicons = {lang: Lexicon() for lang in ("de", "en")}
        for pack in packs:
            for attribute in pack.attributes:
                for item in attribute.values:
                    for lang, lexicon in self._lexicons.items():
                        for term in item.terms.get(lang):
                            lexicon.add(f"{attribute.attribute}:{item.value}", term)

    def read(self, text: str, start: int, end: int, lang: str, negated: bool) -> Statement:
        """The statement in ``text[start:end]``; offsets in the result refer to ``text``."""
        prepared = Sentence.prepare(text[start:end])
        hits = self._lexicons[lang].match(prepared.words)
        spans = prepared.word_spans() if hits else []
        found: dict[str, list[AttributeValue]] = {name: [] for name in ATTRIBUTES}
        for owner, ranges in sorted(hits.items(), key=lambda item: item[1][0]):
            attribute, value = owner.split(":", 1)
            first, last = ranges[0]
            s, e = start + spans[first][0], start + spans[last - 1][1]
            found[attribute].append(AttributeValue(value=value, text=text[s:e], start=s, end=e))
        for date in FROM_DATE[lang].finditer(prepared.text):
            s, e = start + date.start(1), start + date.end(1)
            found["time"].append(AttributeValue(value="from-date", text=text[s:e], start=s, end=e))
        for attribute in ATTRIBUTES:
            found[attribute].sort(key=lambda item: item.start or 0)
        if found["modality"]:
            found["modality"].sort(key=lambda item: MODALITY_ORDER.index(item.value))
        else:
            found["modality"] = [AttributeValue(value="does")]  # nothing softens or defers it
        _drop_generic(found["data"])
        _drop_possessive(found["actor"], text)
        return Statement(negated=negated, **found)


def _drop_generic(values: list[AttributeValue]) -> None:
    """"Your data" says nothing about scope when something more specific is named too."""
    if any(item.value != "user-content" for item in values):
        values[:] = [item for item in values if item.value != "user-content"]


def _drop_possessive(actors: list[AttributeValue], text: str) -> None:
    """"Our partners": the company word is a possessive of the next actor, not an actor itself."""
    others = [item for item in actors if item.value != "company"]
    actors[:] = [
        item for item in actors
        if item.value != "company"
        or not any(item.end is not None and other.start is not None and not text[item.end:other.start].strip()
                   and other.start >= item.end for other in others)
    ]
