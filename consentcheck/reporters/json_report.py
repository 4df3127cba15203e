"""``--format json``: one JSON object, the Report model (schema_version 1)."""

from __future__ import annotations

from rich.console import Console

from consentcheck.models import Report


def render(report: Report, console: Console) -> None:
    console.file.write(report.model_dump_json(indent=2, exclude_none=True) + "\n")
