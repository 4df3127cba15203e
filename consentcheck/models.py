"""The result models that cross the library boundary: findings, document reports, reports.

Everything here is a pydantic model so that JSON output has one documented, stable shape
(``schema_version``). Offsets are Python ``str`` indices into the checked text.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1
MAX_QUOTES = 20
"""Answers and omissions quote at most this many sentences; the findings list has them all."""

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


class AttributeValue(BaseModel):
    """One attribute value of a statement, with the words it was read from (none where inferred)."""

    value: str
    text: str | None = None
    start: int | None = None
    end: int | None = None


class Statement(BaseModel):
    """What an ai-training or ai-training-denial sentence says, normalised to one English vocabulary."""

    data: list[AttributeValue] = Field(default_factory=list)
    actor: list[AttributeValue] = Field(default_factory=list)
    action: list[AttributeValue] = Field(default_factory=list)
    modality: list[AttributeValue] = Field(default_factory=list)
    time: list[AttributeValue] = Field(default_factory=list)
    condition: list[AttributeValue] = Field(default_factory=list)
    negated: bool = False

    def values(self, attribute: str) -> list[str]:
        return list(dict.fromkeys(item.value for item in getattr(self, attribute)))


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
    statement: Statement | None = Field(
        default=None, description="structured attributes, for ai-training and ai-training-denial findings"
    )


class Quote(BaseModel):
    """A sentence of the document that supports a document finding or an answer."""

    start: int
    end: int
    text: str
    category: str

    @classmethod
    def of(cls, finding: Finding) -> Quote:
        return cls(start=finding.start, end=finding.end, text=finding.text, category=finding.category)


class DocumentFinding(BaseModel):
    """Something the whole document does or does not say (an omission)."""

    id: str = Field(description="the omission rule's id")
    category: str
    severity: Severity
    message: str
    explanation: str
    related: list[Quote] = Field(
        default_factory=list, description=f"the findings the omission is about (the first {MAX_QUOTES})")
    related_count: int = Field(default=0, description="how many findings the omission is about in all")


Answer = Literal["yes", "no", "unclear"]


class QuestionAnswer(BaseModel):
    id: str
    question: str = Field(description="the question, in the document's language")
    answer: Answer
    details: list[str] = Field(default_factory=list, description="normalised values (data types, legal bases ...)")
    note: str = Field(default="", description="why the answer is what it is, in the document's language")
    evidence: list[Quote] = Field(default_factory=list, description=f"supporting sentences (the first {MAX_QUOTES})")
    evidence_count: int = Field(default=0, description="how many sentences support the answer in all")


class DocumentReport(BaseModel):
    """The findings of one input document."""

    source: str
    sha256: str
    language: Language
    language_source: Literal["detected", "given"] = "detected"
    format: Literal["text", "markdown", "html"] = "text"
    kind: Literal["document", "consent-dialog"] = "document"
    characters: int
    summary: list[QuestionAnswer] = Field(default_factory=list, description="the answer sheet")
    findings: list[Finding] = Field(default_factory=list)
    document_findings: list[DocumentFinding] = Field(default_factory=list)
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
