"""The terminal report: per document, each finding with position, severity, category, the quoted
sentence with the matched words highlighted, and the message; a summary at the end."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table
from rich.text import Text

from consentcheck.models import DocumentReport, Finding, Report

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan", "info": "green"}


def _quote(finding: Finding) -> Text:
    text = Text(finding.text, style="italic")
    for evidence in finding.evidence:
        text.stylize("bold underline magenta", evidence.start - finding.start, evidence.end - finding.start)
    return text


def render_document(document: DocumentReport, console: Console) -> None:
    console.print(Text.assemble(
        (document.source, "bold"),
        f"  ({document.language}, {document.language_source}; {document.characters:,} characters, "
        f"{len(document.findings)} findings)",
    ))
    if document.text is not None:
        console.rule("text")
        console.print(Text(document.text))
        console.rule()
    for finding in document.findings:
        severity = finding.severity.value
        console.print(Text.assemble(
            f"  {document.source}:{finding.line}:{finding.column}  ",
            (f"{severity:<6}", SEVERITY_STYLE[severity]), "  ",
            (finding.category, "bold"), f"  [{finding.rule}]",
        ))
        console.print(Text("    “", style="dim") + _quote(finding) + Text("”", style="dim"))
        console.print(Text(f"    {finding.message}"))
    if not document.findings:
        console.print("  no statements about AI training found")
    console.print()


def render_summary(report: Report, console: Console) -> None:
    by_category: Counter[str] = Counter()
    by_severity: Counter[str] = Counter()
    for document in report.documents:
        for finding in document.findings:
            by_category[finding.category] += 1
            by_severity[finding.severity.value] += 1
    table = Table(title="Summary", show_edge=False)
    table.add_column("category")
    table.add_column("findings", justify="right")
    for category, count in sorted(by_category.items()):
        table.add_row(category, str(count))
    console.print(table)
    severities = ", ".join(f"{by_severity[s]} {s}" for s in ("high", "medium", "low", "info") if by_severity[s])
    console.print(
        f"{len(report.documents)} document(s) checked, {sum(by_category.values())} finding(s)"
        + (f" ({severities})" if severities else "")
        + (f", {len(report.errors)} input(s) could not be read" if report.errors else "")
    )


def render(report: Report, console: Console) -> None:
    for document in report.documents:
        render_document(document, console)
    render_summary(report, console)
