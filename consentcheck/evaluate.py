"""Scoring predicted findings against gold sets.

A predicted finding and a gold span match when their overlap is at least half of the shorter of
the two. A gold span is found when some finding of its label matches it; a finding is correct when
it matches some gold span of its label. Precision = correct / predicted, recall = found / gold.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, Field

from consentcheck.gold import EXTRA_LABELS, LABELS, GoldDocument, load_gold_set
from consentcheck.ingest import Document
from consentcheck.models import DocumentReport


class Counts(BaseModel):
    gold: int = 0
    predicted: int = 0
    found: int = 0  # gold spans matched
    correct: int = 0  # predictions matched

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.found += other.found
        self.correct += other.correct

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else (1.0 if not self.predicted else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


class DocumentFacts(BaseModel):
    id: str
    lang: str
    detected_lang: str
    addresses_gold: bool
    addresses_predicted: bool
    opt_out_gold: bool
    opt_out_predicted: bool


class EvalResult(BaseModel):
    sets: list[str]
    counts: dict[str, dict[str, Counts]] = Field(default_factory=dict)  # lang -> label -> counts
    documents: list[DocumentFacts] = Field(default_factory=list)
    errors: list[str] = Field(default_factory=list)  # (doc id, label, kind, text) for inspection

    def pooled(self, label: str) -> Counts:
        total = Counts()
        for by_label in self.counts.values():
            total.add(by_label.get(label, Counts()))
        return total

    def doc_accuracy(self, fact: str, lang: str | None = None) -> float:
        docs = [d for d in self.documents if lang is None or d.lang == lang]
        if not docs:
            return 0.0
        if fact == "addresses_ai_training":
            right = sum(d.addresses_gold == d.addresses_predicted for d in docs)
        else:
            right = sum(d.opt_out_gold == d.opt_out_predicted for d in docs)
        return right / len(docs)

    def macro_f1(self, lang: str) -> float:
        rows = [self.counts.get(lang, {}).get(label, Counts()) for label in LABELS]
        rows = [row for row in rows if row.gold or row.predicted]
        return sum(row.f1 for row in rows) / len(rows) if rows else 0.0


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    overlap = min(a_end, b_end) - max(a_start, b_start)
    return overlap > 0 and overlap >= 0.5 * min(a_end - a_start, b_end - b_start)


def score_document(gold: GoldDocument, report: DocumentReport, text: str, result: EvalResult,
                   labels: tuple[str, ...] = LABELS) -> None:
    by_label = result.counts.setdefault(gold.lang, {})
    for label in labels:
        gold_spans = [(s.start, s.end) for s in gold.spans if label in s.labels or label in (s.extra or ())]
        predicted = [(f.start, f.end) for f in report.findings if f.category == label]
        counts = by_label.setdefault(label, Counts())
        counts.gold += len(gold_spans)
        counts.predicted += len(predicted)
        for start, end in gold_spans:
            if any(overlaps(start, end, ps, pe) for ps, pe in predicted):
                counts.found += 1
            else:
                result.errors.append(f"FN {gold.id} {label}: {text[start:end][:160]!r}")
        for start, end in predicted:
            if any(overlaps(start, end, gs, ge) for gs, ge in gold_spans):
                counts.correct += 1
            else:
                result.errors.append(f"FP {gold.id} {label}: {text[start:end][:160]!r}")
    categories = {f.category for f in report.findings}
    result.documents.append(DocumentFacts(
        id=gold.id, lang=gold.lang, detected_lang=report.language,
        addresses_gold=gold.addresses_ai_training,
        addresses_predicted=bool(categories & {"ai-training", "ai-training-denial"}),
        opt_out_gold=gold.has_opt_out, opt_out_predicted="opt-out" in categories,
    ))


def evaluate(folders: list[Path], check: Callable[[Document], DocumentReport]) -> EvalResult:
    """Run ``check`` over every document of the gold sets and score it."""
    result = EvalResult(sets=[str(folder) for folder in folders])
    for folder in folders:
        documents = load_gold_set(folder)
        # the project's further categories are scored only on sets annotated with them
        extra = any(span.extra for gold, _ in documents for span in gold.spans)
        labels = LABELS + EXTRA_LABELS if extra else LABELS
        for gold, text in documents:
            document = Document(source=str(folder / gold.file), text=text,
                                sha256=hashlib.sha256(text.encode()).hexdigest(), format="text")
            score_document(gold, check(document), text, result, labels)
    return result
