"""Document -> language -> segments -> rules -> findings. The one place the pipeline is assembled."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from consentcheck import language as language_mod
from consentcheck.doctype import is_consent_dialog
from consentcheck.ingest import Document
from consentcheck.models import DocumentReport, Evidence, Finding, Language
from consentcheck.omissions import OmissionChecker
from consentcheck.rulepack import CompiledPack, RuleMatch, compile_packs, load_packs
from consentcheck.rulepack.schema import DocumentKind
from consentcheck.segment import Segment, block_segments, blocks
from consentcheck.statements import StatementReader
from consentcheck.summary import answer_sheet

STATEMENT_CATEGORIES = frozenset({"ai-training", "ai-training-denial"})
"""Findings of these categories carry a structured statement."""


class Matched(NamedTuple):
    segments: list[tuple[Segment, list[RuleMatch]]]  # the segments with at least one rule match


class LineIndex:
    """Offsets -> 1-based line and column."""

    def __init__(self, text: str) -> None:
        starts = [0]
        position = text.find("\n")
        while position >= 0:
            starts.append(position + 1)
            position = text.find("\n", position + 1)
        self._starts = starts

    def locate(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


class Checker:
    """Runs the loaded rule packs over documents."""

    def __init__(self, rules: CompiledPack) -> None:
        self.rules = rules
        self.statements = StatementReader(rules.packs)
        self.omissions = OmissionChecker(rules)

    @classmethod
    def default(cls, extra_rules: Iterable[Path] = (), include_default: bool = True) -> Checker:
        return cls(compile_packs(load_packs(list(extra_rules), include_default=include_default)))

    def check(self, document: Document, lang: str | None = None) -> DocumentReport:
        if lang:
            language: Language = language_mod.validate(lang)
        else:
            language = language_mod.detect(document.text, document.source)
        text = document.text
        kind = self.document_kind(text, language)
        matched = self.match_rules(text, language, kind)
        findings: list[Finding] = []
        index = LineIndex(text) if matched.segments else None
        for segment, matches in matched.segments:
            for finding in self.findings_for(text, segment, language, matches):
                assert index is not None
                finding.line, finding.column = index.locate(finding.start)
                findings.append(finding)
        omitted = self.omissions.check(text, language, kind, findings)
        return DocumentReport(
            source=document.source, sha256=document.sha256, language=language,
            language_source="given" if lang else "detected", format=document.format, kind=kind,
            characters=len(text), summary=answer_sheet(findings, omitted, language), findings=findings,
            document_findings=omitted,
        )

    def document_kind(self, text: str, lang: Language) -> DocumentKind:
        return "consent-dialog" if is_consent_dialog(text, lang, self.rules) else "document"

    def match_rules(self, text: str, lang: Language, kind: DocumentKind = "document") -> Matched:
        """Segments with the rules that fire on them (context rules resolved), in text order.

        Only segments with a match are kept, so memory grows with findings, not with the text.
        """
        matched: list[tuple[int, Segment, list[RuleMatch]]] = []
        categories_at: dict[int, set[str]] = {}
        position = 0  # counts blocks for skipped blocks, segments in the others: context is approximate
        for block in blocks(text):
            if not self.rules.may_match(text[block.start:block.end], lang):
                position += 1
                continue
            for segment in block_segments(text, block, lang):
                position += 1
                matches = [m for m in self.rules.match(text[segment.start:segment.end], lang)
                           if segment.kind in m.rule.segments and kind in m.rule.documents]
                if matches:
                    matched.append((position, segment, matches))
                    categories_at[position] = {m.rule.category for m in matches if m.rule.context is None}
        result = []
        for where, segment, matches in matched:
            kept = [m for m in matches if m.rule.context is None or _context_holds(m, where, categories_at)]
            if kept:
                result.append((segment, kept))
        return Matched(segments=result)

    def findings_for(self, text: str, segment: Segment, lang: Language, matches: list[RuleMatch]) -> list[Finding]:
        """One finding per category of ``matches`` on ``segment``, after the packs' suppressions."""
        by_category: dict[str, list[RuleMatch]] = {}
        for match in matches:
            by_category.setdefault(match.rule.category, []).append(match)
        for suppression in self.rules.suppressions:
            if suppression.category in by_category and any(c in by_category for c in suppression.when):
                del by_category[suppression.category]
        findings = [self._finding(text, segment, lang, group) for group in by_category.values()]
        if STATEMENT_CATEGORIES.intersection(by_category):
            statement = self.statements.read(text, segment.start, segment.end, lang, negated=False)
            for finding in findings:
                if finding.category in STATEMENT_CATEGORIES:
                    finding.statement = statement.model_copy(update={"negated": finding.category != "ai-training"})
        return findings

    def _finding(self, text: str, segment: Segment, lang: Language, group: list[RuleMatch]) -> Finding:
        primary = max(group, key=lambda m: (m.rule.severity.rank, len(m.evidence)))
        rule = primary.rule
        evidence = _outermost({(segment.start + s, segment.start + e, concept)
                               for match in group for s, e, concept, _ in match.evidence})
        best = min(rank for _, _, _, rank in primary.evidence)
        key = sorted((s, e) for s, e, _, rank in primary.evidence if rank == best)
        quoted = ", ".join(dict.fromkeys(f"“{text[segment.start + s:segment.start + e]}”" for s, e in key[:3]))
        return Finding(
            category=rule.category, severity=rule.severity, start=segment.start, end=segment.end,
            text=text[segment.start:segment.end], line=0, column=0, segment=segment.kind, rule=rule.id,
            message=rule.message.get(lang).replace("{evidence}", quoted),
            explanation=rule.explanation.get(lang),
            evidence=[Evidence(start=s, end=e, text=text[s:e], concept=c) for s, e, c in evidence],
        )

    def check_all(self, documents: Iterable[Document], lang: str | None = None) -> Iterator[DocumentReport]:
        for document in documents:
            yield self.check(document, lang)


def _context_holds(match: RuleMatch, position: int, categories_at: dict[int, set[str]]) -> bool:
    context = match.rule.context
    assert context is not None
    wanted = set(context.categories)
    for other in range(position - context.before, position + context.after + 1):
        if (other != position or context.include_self) and categories_at.get(other, set()) & wanted:
            return True
    return False


def _outermost(spans: set[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Sorted evidence without spans that lie inside a longer span of the same concept ("AI" in "AI models")."""
    return sorted(
        (s, e, c) for s, e, c in spans
        if not any(c == c2 and s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2, c2 in spans)
    )
