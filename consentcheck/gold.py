"""Gold sets in the format of GOLD_FORMAT.md: pydantic models, loading and validation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from consentcheck.errors import GoldSetError

LABELS = ("ai-training", "ai-training-denial", "opt-out", "vague-purpose", "temporal-hedge")
"""The labels of the shared gold format (LABELS.md)."""
EXTRA_LABELS = ("hedge", "sensitive-scope", "background-upload", "third-party-ai", "legal-basis",
                "anonymization-claim")
"""The project's further categories; its own corpus carries them in a span's ``extra`` list."""


class GoldSource(BaseModel):
    repo: str | None = None
    path: str | None = None
    commit: str | None = None


class GoldSpan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: int = Field(ge=0)
    end: int
    labels: list[str]
    extra: list[str] | None = Field(default=None, description="project categories beyond LABELS.md")


class GoldDocument(BaseModel):
    id: str
    file: str
    lang: Literal["de", "en"]
    kind: Literal["policy", "terms", "consent-ui", "help"]
    company: str
    source: GoldSource = Field(default_factory=GoldSource)
    spans: list[GoldSpan]
    addresses_ai_training: bool
    has_opt_out: bool

    def facts_from_spans(self) -> tuple[bool, bool]:
        labels = {label for span in self.spans for label in span.labels}
        return bool(labels & {"ai-training", "ai-training-denial"}), "opt-out" in labels


def load_gold_set(folder: Path) -> list[tuple[GoldDocument, str]]:
    """Documents with their text; raises GoldSetError naming the file and line on any problem."""
    index = folder / "gold.jsonl"
    if not index.is_file():
        raise GoldSetError(f"{folder}: not a gold set (gold.jsonl missing); see GOLD_FORMAT.md")
    result = []
    for number, line in enumerate(index.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            document = GoldDocument.model_validate(json.loads(line))
        except (json.JSONDecodeError, ValidationError) as exc:
            reason = " ".join(str(exc).split())[:200]
            raise GoldSetError(f"{index}:{number}: invalid gold line ({reason})") from None
        path = folder / document.file
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise GoldSetError(f"{index}:{number}: cannot read {path} ({exc})") from None
        for span in document.spans:
            piece = text[span.start:span.end]
            if not piece or piece != piece.strip() or span.end > len(text):
                raise GoldSetError(
                    f"{index}:{number}: span {span.start}-{span.end} of {document.id} is empty or padded"
                )
            unknown = (set(span.labels) - set(LABELS)) | (set(span.extra or ()) - set(EXTRA_LABELS))
            if not span.labels and not span.extra:
                raise GoldSetError(f"{index}:{number}: span {span.start}-{span.end} of {document.id} has no label")
            if unknown:
                raise GoldSetError(f"{index}:{number}: unknown label(s) {sorted(unknown)} in {document.id}")
        if document.facts_from_spans() != (document.addresses_ai_training, document.has_opt_out):
            raise GoldSetError(f"{index}:{number}: document facts of {document.id} do not follow from its spans")
        result.append((document, text))
    return result


def write_gold_set(folder: Path, documents: list[tuple[GoldDocument, str]]) -> None:
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    lines = []
    for document, text in documents:
        (folder / document.file).write_text(text, encoding="utf-8")
        data = document.model_dump()
        for span in data["spans"]:
            if span["extra"] is None:
                del span["extra"]  # the shared format has no such field; only project categories add it
        lines.append(json.dumps(data, ensure_ascii=False))
    (folder / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
