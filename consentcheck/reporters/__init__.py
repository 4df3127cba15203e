"""Output formats: one module each, one registry. A reporter writes a Report to a console."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console

from consentcheck.models import Report
from consentcheck.reporters import json_report, text_report

Reporter = Callable[[Report, Console], None]

REPORTERS: dict[str, Reporter] = {
    "text": text_report.render,
    "json": json_report.render,
}

__all__ = ["REPORTERS", "Reporter"]
