"""``--format json``: one JSON object, the Report model (schema_version 1), written piece by piece.

The output is exactly ``Report.model_dump_json(exclude_none=True)`` (indented), but each document and
each finding is serialised on its own, so a large input never needs its whole report as one string.
"""

from __future__ import annotations

import json
from typing import TextIO

from pydantic import BaseModel

from consentcheck.models import DocumentReport, Report

INDENT = 2


def _dump(model: BaseModel, level: int) -> str:
    text = model.model_dump_json(indent=INDENT, exclude_none=True)
    return text.replace("\n", "\n" + " " * (INDENT * level))


def _write_list(out: TextIO, items: list[BaseModel], level: int) -> None:
    if not items:
        out.write("[]")
        return
    pad = " " * (INDENT * (level + 1))
    out.write("[\n")
    for index, item in enumerate(items):
        out.write(pad + _dump(item, level + 1) + (",\n" if index < len(items) - 1 else "\n"))
    out.write(" " * (INDENT * level) + "]")


def _write_document(out: TextIO, document: DocumentReport, level: int) -> None:
    pad = " " * (INDENT * (level + 1))
    head = document.model_dump(mode="json", exclude_none=True, exclude={"findings", "document_findings", "summary"})
    out.write("{\n")
    for key, value in head.items():
        out.write(f"{pad}{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
    for key in ("summary", "findings", "document_findings"):
        out.write(f"{pad}{json.dumps(key)}: ")
        _write_list(out, getattr(document, key), level + 1)
        out.write(",\n" if key != "document_findings" else "\n")
    out.write(" " * (INDENT * level) + "}")


def write(report: Report, out: TextIO) -> None:
    pad = " " * INDENT
    out.write("{\n")
    out.write(f'{pad}"schema_version": {report.schema_version},\n')
    out.write(f'{pad}"tool": {_dump(report.tool, 1)},\n')
    out.write(f'{pad}"documents": ')
    if report.documents:
        out.write("[\n")
        for index, document in enumerate(report.documents):
            out.write(pad * 2)
            _write_document(out, document, 2)
            out.write(",\n" if index < len(report.documents) - 1 else "\n")
        out.write(pad + "]")
    else:
        out.write("[]")
    out.write(",\n")
    out.write(f'{pad}"errors": ')
    _write_list(out, report.errors, 1)
    out.write("\n}\n")


def render(report: Report, console) -> None:  # noqa: ANN001 - a rich Console
    write(report, console.file)
