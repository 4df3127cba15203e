"""The result models that cross the library boundary: findings, document reports, reports.

Everything here is a pydantic model so that JSON output has one documented, stable shape
(``schema_version``). Offsets are Python ``str`` indices into the checked text.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

Language = Literal["de", "en"]
SegmentKind = Literal["heading", "list-item", "sentence"]


class Severity(str, Enum):
    """Closed, ordered severity set (like Vale's levels)."""

    info = "info"
    low = "low"
    medium = "medium"
    high = "high"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self.value]


_SEVERITY_RANK = {"info": 0, "low": 1, "medium": 2, "high": 3}


class Evidence(BaseModel):
    """One matched stretch of words inside a finding's sentence (document offsets)."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    text: str
    concept: str = Field(description="the concept or rule-local term list that matched")


class Finding(BaseModel):
    """One sentence (heading, list item) that carries one category."""

    category: str
    severity: Severity
    start: int
    end: int
    text: str
    line: int = Field(description="1-based line of `start`")
    column: int = Field(description="1-based column of `start`")
    segment: SegmentKind = "sentence"
    rule: str = Field(description="id of the rule (or model) that produced the finding")
    source: Literal["rule", "classifier", "both"] = "rule"
    score: float = 1.0
    message: str
    explanation: str
    evidence: list[Evidence] = Field(default_factory=list)


class DocumentReport(BaseModel):
    """The findings of one input document."""

    source: str
    sha256: str
    language: Language
    language_source: Literal["detected", "given"] = "detected"
    format: Literal["text", "markdown", "html"] = "text"
    characters: int
    findings: list[Finding] = Field(default_factory=list)
    text: str | None = Field(default=None, description="the checked text, only with --show-text")


class InputProblem(BaseModel):
    """An input that could not be checked, with the one-line reason."""

    source: str
    message: str


class ToolInfo(BaseModel):
    name: str = "consentcheck"
    version: str
    rules_version: str


class Report(BaseModel):
    """What ``consentcheck check --format json`` prints."""

    schema_version: int = SCHEMA_VERSION
    tool: ToolInfo
    documents: list[DocumentReport] = Field(default_factory=list)
    errors: list[InputProblem] = Field(default_factory=list)
