"""The terminal report. Per document: the answer sheet (five questions), then each finding with its
position, severity, category, the quoted sentence with the matched words highlighted, the message and
the statement's attributes, then what the text leaves out. A summary closes the report."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table
from rich.text import Text

from consentcheck.models import DocumentReport, Finding, Report, Statement

SEVERITY_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan", "info": "green"}
MAX_QUOTES = 2  # per answer, in the terminal; JSON has them all
ANSWER_STYLE = {"yes": "bold", "no": "bold", "unclear": "yellow"}
HEADINGS = {
    "sheet": {"en": "Answer sheet", "de": "Antworten"},
    "findings": {"en": "Findings", "de": "Fundstellen"},
    "omissions": {"en": "What the text leaves out", "de": "Was der Text auslässt"},
}


def _quote(finding: Finding) -> Text:
    text = Text(finding.text, style="italic")
    for evidence in finding.evidence:
        text.stylize("bold underline magenta", evidence.start - finding.start, evidence.end - finding.start)
    return text


def _statement(statement: Statement) -> str:
    parts = [f"{name} {', '.join(statement.values(name))}" for name in
             ("data", "actor", "action", "modality", "time", "condition") if statement.values(name)]
    return " · ".join(parts + (["negated"] if statement.negated else []))


def render_document(document: DocumentReport, console: Console) -> None:
    lang = document.language
    kind = "consent dialog" if document.kind == "consent-dialog" else "document"
    console.print(Text.assemble(
        (document.source, "bold"),
        f"  ({document.language}, {document.language_source}; {kind}; {document.characters:,} characters, "
        f"{len(document.findings)} findings)",
    ))
    if document.text is not None:
        console.rule("text")
        console.print(Text(document.text))
        console.rule()
    if document.summary:
        console.print(Text(f"  {HEADINGS['sheet'][lang]}", style="bold underline"))
        sheet = Table(show_header=False, show_edge=False, box=None, padding=(0, 1, 0, 4))
        for _ in range(3):
            sheet.add_column()
        positions = {f.start: f"{f.line}:{f.column}" for f in document.findings}
        for item in document.summary:
            details = f" ({', '.join(item.details)})" if item.details else ""
            sheet.add_row(item.question, Text(item.answer, style=ANSWER_STYLE[item.answer]), item.note + details)
            for quote in list(dict.fromkeys((q.start, q.text) for q in item.evidence))[:MAX_QUOTES]:
                short = quote[1] if len(quote[1]) <= 90 else quote[1][:87] + "..."
                sheet.add_row("", "", Text(f"{positions.get(quote[0], '')} “{short}”", style="dim"))
        console.print(sheet)
    if document.findings:
        console.print(Text(f"  {HEADINGS['findings'][lang]}", style="bold underline"))
    for finding in document.findings:
        severity = finding.severity.value
        console.print(Text.assemble(
            f"  {document.source}:{finding.line}:{finding.column}  ",
            (f"{severity:<6}", SEVERITY_STYLE[severity]), "  ",
            (finding.category, "bold"), f"  [{_provenance(finding)}]",
        ))
        console.print(Text("    “", style="dim") + _quote(finding) + Text("”", style="dim"))
        console.print(Text(f"    {finding.message}"))
        if finding.statement is not None:
            console.print(Text(f"    {_statement(finding.statement)}", style="dim"))
    if not document.findings:
        console.print("  no statements about AI training found")
    if document.document_findings:
        console.print(Text(f"  {HEADINGS['omissions'][lang]}", style="bold underline"))
    for omission in document.document_findings:
        severity = omission.severity.value
        console.print(Text.assemble(
            "  ", (f"{severity:<6}", SEVERITY_STYLE[severity]), "  ", (omission.category, "bold"),
            f"  [{omission.id}]",
        ))
        console.print(Text(f"    {omission.message}"))
    console.print()


def _provenance(finding: Finding) -> str:
    """Who found it: the rule, the classifier (with its score), or both."""
    if finding.source == "both":
        return f"{finding.rule} + classifier {finding.score:.2f}"
    if finding.source == "classifier":
        return f"{finding.rule} {finding.score:.2f}"
    return finding.rule


def render_summary(report: Report, console: Console) -> None:
    by_category: Counter[str] = Counter()
    by_severity: Counter[str] = Counter()
    for document in report.documents:
        for finding in [*document.findings, *document.document_findings]:
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
