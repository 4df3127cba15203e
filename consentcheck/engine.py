"""Document -> language -> segments -> rules -> findings. The one place the pipeline is assembled."""

from __future__ import annotations

import bisect
import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, NamedTuple

from consentcheck import language as language_mod
from consentcheck.classifier.features import concept_tags
from consentcheck.classifier.runtime import SentenceClassifier, load_default
from consentcheck.doctype import is_consent_dialog
from consentcheck.errors import ModelError
from consentcheck.ingest import Document
from consentcheck.models import DocumentReport, Evidence, Finding, Language, Severity
from consentcheck.omissions import OmissionChecker
from consentcheck.rulepack import CompiledPack, RuleMatch, compile_packs, load_packs
from consentcheck.rulepack.schema import Context, DocumentKind
from consentcheck.segment import Segment, block_segments, blocks, segments
from consentcheck.statements import StatementReader
from consentcheck.summary import answer_sheet

STATEMENT_CATEGORIES = frozenset({"ai-training", "ai-training-denial"})
"""Findings of these categories carry a structured statement."""


CLASSIFY_CHUNK = 256
MODEL_MESSAGE = {
    "en": "{title}: flagged by the classifier, not by a rule (score {score:.2f}). Read the sentence yourself.",
    "de": "{title}: vom Klassifikator erkannt, nicht von einer Regel (Wert {score:.2f}). Lesen Sie den Satz selbst.",
}
MODEL_EXPLANATION = {
    "en": "The trained model found this sentence similar to labelled examples; no rule names the words.",
    "de": "Das trainierte Modell hält den Satz für ähnlich zu markierten Beispielen; keine Regel nennt die Wörter.",
}


class Scores(NamedTuple):
    decided: dict[str, float]  # categories at or above their threshold
    row: Any  # the model's probabilities for every label (a float32 array: large inputs keep many)
    columns: dict[str, int]  # label -> index into row, shared by all segments
    position: int  # the segment's index in the document

    def probability(self, category: str) -> float | None:
        column = self.columns.get(category)
        return None if column is None else float(self.row[column])


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
    """Runs the loaded rule packs and, where given, the sentence classifier over documents.

    ``use_rules=False`` with a classifier gives classifier-only findings (for comparison);
    ``classifier=None`` gives rules only.
    """

    def __init__(self, rules: CompiledPack, classifier: SentenceClassifier | None = None,
                 use_rules: bool = True) -> None:
        if not use_rules and classifier is None:
            raise ModelError("classifier-only checking needs a model, and none is installed")
        self.rules = rules
        self.classifier = classifier
        self.use_rules = use_rules
        self.statements = StatementReader(rules.packs)
        self.omissions = OmissionChecker(rules)

    @classmethod
    def default(cls, extra_rules: Iterable[Path] = (), include_default: bool = True,
                classifier: SentenceClassifier | None | Literal["default"] = None,
                use_rules: bool = True) -> Checker:
        """The bundled packs (plus ``extra_rules``); with ``classifier="default"`` the shipped model too
        (``consentcheck check`` and ``check_text`` do that; here the default is the rules alone)."""
        model = load_default() if classifier == "default" else classifier
        return cls(compile_packs(load_packs(list(extra_rules), include_default=include_default)),
                   model, use_rules)

    @property
    def mode(self) -> str:
        if self.classifier is None:
            return "rules"
        return "combined" if self.use_rules else "classifier"

    def check(self, document: Document, lang: str | None = None) -> DocumentReport:
        with _cyclic_gc_paused():
            return self._check(document, lang)

    def _check(self, document: Document, lang: str | None) -> DocumentReport:
        if lang:
            language: Language = language_mod.validate(lang)
        else:
            language = language_mod.detect(document.text, document.source)
        text = document.text
        kind = self.document_kind(text, language)
        matched = self.match_rules(text, language, kind).segments if self.use_rules else []
        ruled = {(segment.start, segment.end) for segment, _ in matched}
        classified = self.classify(text, language, ruled) if self.classifier else {}
        by_segment: dict[tuple[int, int], tuple[Segment, list[RuleMatch]]] = {
            (segment.start, segment.end): (segment, matches) for segment, matches in matched}
        for key, (segment, _) in classified.items():
            by_segment.setdefault(key, (segment, []))
        findings: list[Finding] = []
        index = LineIndex(text) if by_segment else None
        for key in sorted(by_segment):
            segment, matches = by_segment[key]
            scores = classified.get(key, (segment, None))[1]
            for finding in self.findings_for(text, segment, language, matches, scores):
                assert index is not None
                finding.line, finding.column = index.locate(finding.start)
                findings.append(finding)
        findings = self._classifier_context(findings, classified)
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
        lead_in_of: dict[int, int] = {}  # list item -> the segment that introduces its list
        lead_in: int | None = None
        rows: dict[int, list[int]] = {}  # table row -> the positions of its cells
        position = 0  # counts blocks for skipped blocks, segments in the others: context is approximate
        for block in blocks(text):
            kind_for_filter = "table-cell" if block.row is not None else block.kind
            if not self.rules.may_match(text[block.start:block.end], lang, kind_for_filter):
                position += 1
                lead_in = _next_lead_in(block.kind, text[block.start:block.end], position, lead_in)
                continue
            for segment in block_segments(text, block, lang):
                position += 1
                if block.row is not None:
                    rows.setdefault(block.row, []).append(position)
                if segment.kind == "list-item" and lead_in is not None:
                    lead_in_of[position] = lead_in
                lead_in = _next_lead_in(segment.kind, text[segment.start:segment.end], position, lead_in)
                matches = [m for m in self.rules.match(text[segment.start:segment.end], lang)
                           if segment.kind in m.rule.segments and kind in m.rule.documents]
                if matches:
                    matched.append((position, segment, matches))
                    categories_at[position] = {m.rule.category for m in matches if m.rule.context is None}
        row_of = {cell: row for row in rows.values() for cell in row}
        result = []
        for where, segment, matches in matched:
            kept = [m for m in matches if m.rule.context is None
                    or _context_holds(m.rule.context, where, categories_at, lead_in_of, row_of)]
            if kept:
                result.append((segment, kept))
        return Matched(segments=result)

    def classify(self, text: str, lang: Language, keep: set[tuple[int, int]] | None = None
                 ) -> dict[tuple[int, int], tuple[Segment, Scores]]:
        """Classifier probabilities per segment, kept for segments where some label passes its threshold
        and for those in ``keep`` (all segments are read, in chunks, never as one batch)."""
        model = self.classifier
        assert model is not None
        result: dict[tuple[int, int], tuple[Segment, Scores]] = {}
        columns = {label: index for index, label in enumerate(model.labels)}
        vocabulary = model.card.concept_tags
        chunk: list[Segment] = []
        positions: list[int] = []

        def flush() -> None:
            sentences = [text[s.start:s.end] for s in chunk]
            tags = ([concept_tags(self.rules, sentence, lang, vocabulary) for sentence in sentences]
                    if vocabulary else None)
            probabilities = model.predict(sentences, tags)
            for segment, position, row, decided in zip(chunk, positions, probabilities,
                                                       model.decide(probabilities), strict=True):
                if decided or (keep and (segment.start, segment.end) in keep):
                    result[(segment.start, segment.end)] = (segment, Scores(
                        decided=decided, row=row.copy(), columns=columns,
                        position=position))
            chunk.clear()
            positions.clear()

        for position, segment in enumerate(segments(text, lang)):
            positions.append(position)
            chunk.append(segment)
            if len(chunk) >= CLASSIFY_CHUNK:
                flush()
        if chunk:
            flush()
        return result

    def findings_for(self, text: str, segment: Segment, lang: Language, matches: list[RuleMatch],
                     scores: Scores | None = None) -> list[Finding]:
        """One finding per category on ``segment`` (rules, classifier or both), after the suppressions."""
        by_category: dict[str, list[RuleMatch]] = {}
        for match in matches:
            by_category.setdefault(match.rule.category, []).append(match)
        gated: dict[str, dict[str, list[tuple[int, int]]]] = {}  # classifier-only categories past their gate
        model_only = [c for c in (scores.decided if scores else {}) if c not in by_category]
        if model_only:
            hits = self.rules.concepts_in(text[segment.start:segment.end], lang)
            for category in model_only:
                support = self.rules.gate_evidence(category, hits)
                if support is not None:
                    gated[category] = {}
                    for name, first, last in support:
                        gated[category].setdefault(name, []).append((first, last))
        for suppression in self.rules.suppressions:
            # a rule's reading outweighs the classifier's: a classifier-only category never removes
            # a rule finding; where it would, the classifier-only finding goes instead
            if suppression.category in by_category:
                if any(c in by_category for c in suppression.when):
                    by_category.pop(suppression.category)
                else:
                    for category in suppression.when:
                        gated.pop(category, None)
            elif suppression.category in gated and any(c in by_category or c in gated for c in suppression.when):
                gated.pop(suppression.category)
        findings = [self._finding(text, segment, lang, group, scores) for group in by_category.values()]
        if scores is not None:
            findings += [self._model_finding(text, segment, lang, category, scores, words)
                         for category, words in gated.items()]
        if any(finding.category in STATEMENT_CATEGORIES for finding in findings):
            statement = self.statements.read(text, segment.start, segment.end, lang, negated=False)
            for finding in findings:
                if finding.category in STATEMENT_CATEGORIES:
                    finding.statement = statement.model_copy(update={"negated": finding.category != "ai-training"})
        return findings

    def _classifier_context(self, findings: list[Finding],
                            classified: dict[tuple[int, int], tuple[Segment, Scores]]) -> list[Finding]:
        """Drops classifier-only findings whose gate asks for a neighbouring finding that is not there."""
        gated = {c: g.context for c, g in self.rules.classifier_gates.items() if g.context is not None}
        if not classified or not any(f.source == "classifier" and f.category in gated for f in findings):
            return findings
        at: dict[int, set[str]] = {}
        for finding in findings:
            at.setdefault(classified[(finding.start, finding.end)][1].position, set()).add(finding.category)
        return [
            finding for finding in findings
            if finding.source != "classifier" or finding.category not in gated
            or _context_holds(gated[finding.category], classified[(finding.start, finding.end)][1].position, at)
        ]

    def _model_finding(self, text: str, segment: Segment, lang: Language, category: str, scores: Scores,
                       support: dict[str, list[tuple[int, int]]]) -> Finding:
        """A finding of the classifier alone: no rule fired; the evidence is the category's gate words."""
        assert self.classifier is not None
        score = scores.decided[category]
        info = self.rules.categories.get(category)
        title = info.title.get(lang) if info else category
        return Finding(
            category=category, severity=self.rules.category_severity.get(category, Severity.medium),
            start=segment.start, end=segment.end, text=text[segment.start:segment.end], line=0, column=0,
            segment=segment.kind, rule=f"model:{self.classifier.name}", source="classifier", score=round(score, 4),
            message=MODEL_MESSAGE[lang].format(title=title, score=score),
            explanation=(info.description.get(lang) + " " if info else "") + MODEL_EXPLANATION[lang],
            evidence=self._word_evidence(text, segment, support),
        )

    @staticmethod
    def _word_evidence(text: str, segment: Segment, hits: dict[str, list[tuple[int, int]]]) -> list[Evidence]:
        """Word-index hits in a segment -> evidence with document offsets."""
        from consentcheck.rulepack.sentence import Sentence

        spans = Sentence.prepare(text[segment.start:segment.end]).word_spans()
        found = {(segment.start + spans[a][0], segment.start + spans[b - 1][1], name)
                 for name, ranges in hits.items() for a, b in ranges}
        return [Evidence(start=s, end=e, text=text[s:e], concept=c) for s, e, c in _outermost(found)]

    def _finding(self, text: str, segment: Segment, lang: Language, group: list[RuleMatch],
                 scores: Scores | None = None) -> Finding:
        primary = max(group, key=lambda m: (m.rule.severity.rank, len(m.evidence)))
        rule = primary.rule
        evidence = _outermost({(segment.start + s, segment.start + e, concept)
                               for match in group for s, e, concept, _ in match.evidence})
        best = min(rank for _, _, _, rank in primary.evidence)
        key = sorted((s, e) for s, e, _, rank in primary.evidence if rank == best)
        quoted = ", ".join(dict.fromkeys(f"“{text[segment.start + s:segment.start + e]}”" for s, e in key[:3]))
        probability = scores.probability(rule.category) if scores else None
        source: Literal["rule", "both"] = "both" if scores and rule.category in scores.decided else "rule"
        return Finding(
            category=rule.category, severity=rule.severity, start=segment.start, end=segment.end,
            text=text[segment.start:segment.end], line=0, column=0, segment=segment.kind, rule=rule.id,
            source=source, score=round(probability, 4) if probability is not None else 1.0,
            message=rule.message.get(lang).replace("{evidence}", quoted),
            explanation=rule.explanation.get(lang),
            evidence=[Evidence(start=s, end=e, text=text[s:e], concept=c) for s, e, c in evidence],
        )


def _next_lead_in(kind: str, text: str, position: int, current: int | None) -> int | None:
    """The segment that introduces the list being read: a list item keeps it, a segment ending in a
    colon ("We use the following data:") starts a new one, anything else ends it."""
    if kind == "list-item":
        return current
    return position if text.rstrip().rstrip("*_").rstrip().endswith(":") else None


def _context_holds(context: Context, position: int, categories_at: dict[int, set[str]],
                   lead_in_of: dict[int, int] | None = None, row_of: dict[int, list[int]] | None = None) -> bool:
    """Whether a segment at ``position`` has the neighbouring finding ``context`` asks for (for a
    rule's or a classifier gate's context; ``categories_at``: the categories found per position;
    ``lead_in_of`` and ``row_of``: the lead-in of each list item, the cells of each cell's row)."""
    wanted = set(context.categories)
    if context.lead_in:
        lead_in = (lead_in_of or {}).get(position)
        return lead_in is not None and bool(categories_at.get(lead_in, set()) & wanted)
    if context.same_row:
        cells = (row_of or {}).get(position, [])
        return any(categories_at.get(cell, set()) & wanted for cell in cells if cell != position)
    for other in range(position - context.before, position + context.after + 1):
        if (other != position or context.include_self) and categories_at.get(other, set()) & wanted:
            return True
    return False


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while one document is checked, then restore it.

    Checking creates no reference cycles (reference counting frees everything), but it creates many
    small containers, and each of the collector's full passes walks every long-lived object: the
    compiled packs, the word cache and the findings so far. Those passes took a fifth of the
    checking time on a 2 MB input.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _outermost(spans: set[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Sorted evidence without spans that lie inside a longer span of the same concept ("AI" in "AI models")."""
    kept = []
    concept, reach = None, -1
    # per concept by start, longer first: a span is inside another when an earlier one reaches as far
    for start, end, name in sorted(spans, key=lambda span: (span[2], span[0], -span[1])):
        if name != concept:
            concept, reach = name, -1
        if end > reach:
            kept.append((start, end, name))
            reach = end
    return sorted(kept)
