"""Printing evaluation results: a table per language and label, pooled rows, document facts."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table

from consentcheck.classifier.card import ModelCard
from consentcheck.evaluate import Counts, EvalResult
from consentcheck.gold import EXTRA_LABELS, LABELS


def _row(table: Table, lang: str, label: str, counts: Counts) -> None:
    table.add_row(lang, label, str(counts.gold), str(counts.predicted), f"{counts.precision:.2f}",
                  f"{counts.recall:.2f}", f"{counts.f1:.2f}")


def render(results: dict[str, EvalResult], console: Console) -> None:
    """One table per mode where only rules ran; a side-by-side table where the classifier ran too."""
    if len(results) == 1:
        render_one(next(iter(results.values())), console)
        return
    first = next(iter(results.values()))
    table = Table(title=f"consentcheck eval: {', '.join(first.sets)}", show_edge=False)
    for column in ("lang", "label", "gold", "rules P", "rules R", "rules F1", "classifier F1", "combined P",
                   "combined R", "combined F1"):
        table.add_column(column, justify="left" if column in ("lang", "label") else "right")
    labels = [label for label in LABELS + EXTRA_LABELS if any(label in c for c in first.counts.values())]
    rules, model, both = results["rules"], results["classifier"], results["combined"]
    for lang in sorted(first.counts):
        for label in labels:
            r, m, b = (x.counts[lang].get(label, Counts()) for x in (rules, model, both))
            if r.gold or r.predicted or b.predicted:
                table.add_row(lang, label, str(r.gold), f"{r.precision:.2f}", f"{r.recall:.2f}", f"{r.f1:.2f}",
                              f"{m.f1:.2f}", f"{b.precision:.2f}", f"{b.recall:.2f}", f"{b.f1:.2f}")
        table.add_section()
    console.print(table)
    for lang in sorted(first.counts):
        accuracy = " / ".join(f"{x.doc_accuracy('addresses_ai_training', lang):.2f}" for x in (rules, model, both))
        console.print(
            f"{lang}: macro-F1 over the five labels: rules {rules.macro_f1(lang):.2f}, classifier "
            f"{model.macro_f1(lang):.2f}, combined {both.macro_f1(lang):.2f}; addresses_ai_training accuracy "
            f"(rules / classifier / combined) {accuracy}"
        )


def render_one(result: EvalResult, console: Console) -> None:
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


def as_json(results: dict[str, EvalResult]) -> str:
    return json.dumps({mode: _result_data(result) for mode, result in results.items()}, indent=2)


def render_card(card: ModelCard, console: Console) -> None:
    """The model card's scores: classifier, rules and combined F1 per label and split."""
    for split, scores in card.scores.items():
        table = Table(title=f"{card.name}@{card.version}: {split} (sentence level)", show_edge=False)
        for column in ("label", "gold", "threshold", "classifier F1", "rules F1", "combined F1"):
            table.add_column(column, justify="left" if column == "label" else "right")
        for label in card.labels:
            table.add_row(label, str(scores.rules[label].gold), f"{card.thresholds[label]:.2f}",
                          f"{scores.classifier[label].f1:.2f}", f"{scores.rules[label].f1:.2f}",
                          f"{scores.combined[label].f1:.2f}")
        console.print(table)


def _result_data(result: EvalResult) -> dict[str, object]:
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
    return data


def _counts(counts: Counts) -> dict[str, float]:
    return {"gold": counts.gold, "predicted": counts.predicted, "found": counts.found, "correct": counts.correct,
            "precision": round(counts.precision, 4), "recall": round(counts.recall, 4), "f1": round(counts.f1, 4)}
