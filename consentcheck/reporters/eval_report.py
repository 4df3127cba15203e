"""Printing evaluation results: a table per language and label, pooled rows, document facts."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table

from consentcheck.evaluate import Counts, EvalResult
from consentcheck.gold import EXTRA_LABELS, LABELS


def _row(table: Table, lang: str, label: str, counts: Counts) -> None:
    table.add_row(lang, label, str(counts.gold), str(counts.predicted), f"{counts.precision:.2f}",
                  f"{counts.recall:.2f}", f"{counts.f1:.2f}")


def render(result: EvalResult, console: Console) -> None:
    table = Table(title=f"consentcheck eval: {', '.join(result.sets)}", show_edge=False)
    for column in ("lang", "label", "gold", "predicted", "P", "R", "F1"):
        table.add_column(column, justify="right" if column in ("gold", "predicted", "P", "R", "F1") else "left")
    labels = [label for label in LABELS + EXTRA_LABELS if any(label in c for c in result.counts.values())]
    for lang in sorted(result.counts):
        for label in labels:
            counts = result.counts[lang].get(label)
            if counts and (counts.gold or counts.predicted):
                _row(table, lang, label, counts)
        table.add_section()
    for label in labels:
        _row(table, "all", label, result.pooled(label))
    console.print(table)
    for lang in sorted(result.counts):
        docs = sum(d.lang == lang for d in result.documents)
        console.print(
            f"{lang}: macro-F1 {result.macro_f1(lang):.2f}; {docs} documents; "
            f"addresses_ai_training accuracy {result.doc_accuracy('addresses_ai_training', lang):.2f}, "
            f"has_opt_out accuracy {result.doc_accuracy('has_opt_out', lang):.2f}"
        )
    wrong_lang = [d.id for d in result.documents if d.lang != d.detected_lang]
    console.print(
        f"all: {len(result.documents)} documents; addresses_ai_training accuracy "
        f"{result.doc_accuracy('addresses_ai_training'):.2f}, has_opt_out accuracy "
        f"{result.doc_accuracy('has_opt_out'):.2f}; language detected wrongly: {len(wrong_lang)}"
        + (f" ({', '.join(wrong_lang)})" if wrong_lang else "")
    )


def as_json(result: EvalResult) -> str:
    data = {
        "sets": result.sets,
        "labels": {
            lang: {label: _counts(c) for label, c in by_label.items()} for lang, by_label in result.counts.items()
        },
        "pooled": {label: _counts(result.pooled(label)) for label in LABELS + EXTRA_LABELS
                   if any(label in c for c in result.counts.values())},
        "macro_f1": {lang: result.macro_f1(lang) for lang in result.counts},
        "documents": {
            "count": len(result.documents),
            "addresses_ai_training_accuracy": result.doc_accuracy("addresses_ai_training"),
            "has_opt_out_accuracy": result.doc_accuracy("has_opt_out"),
        },
    }
    return json.dumps(data, indent=2)


def _counts(counts: Counts) -> dict[str, float]:
    return {"gold": counts.gold, "predicted": counts.predicted, "found": counts.found, "correct": counts.correct,
            "precision": round(counts.precision, 4), "recall": round(counts.recall, 4), "f1": round(counts.f1, 4)}
