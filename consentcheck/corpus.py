"""The project's own corpus: annotated sources (corpora/src) -> gold sets (corpora/train, corpora/test).

Source format (corpora/src/FORMAT.md): front matter with ``company``, then the document text with
every labelled sentence wrapped as ``<<label,label: sentence>>``. Building strips the markers,
records exact offsets and derives the document facts, so the gold sets can never drift from the
sources. Documents are split into train and test by a stable hash of their id.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from consentcheck.errors import GoldSetError
from consentcheck.gold import EXTRA_LABELS, LABELS, GoldDocument, GoldSpan

MARKER = re.compile(r"<<([a-z,-]+): (.+?)>>")
NAME = re.compile(r"^(en|de)-(policy|terms|consent-ui|help)-[a-z0-9-]+$")
TEST_SHARE = 4  # one document in four goes to the test split


def parse_source(path: Path) -> tuple[GoldDocument, str]:
    """Parse one annotated source file; raises GoldSetError naming the file and line."""
    name = path.stem
    match = NAME.match(name)
    if not match:
        raise GoldSetError(f"{path}: file name must be <en|de>-<policy|terms|consent-ui|help>-<slug>.txt")
    raw = path.read_text(encoding="utf-8")
    if not raw.startswith("---\n") or "\n---\n" not in raw[3:]:
        raise GoldSetError(f"{path}: missing front matter (--- / company: ... / ---)")
    header, body = raw[4:].split("\n---\n", 1)
    company = next((line.split(":", 1)[1].strip() for line in header.splitlines() if line.startswith("company:")), "")
    if not company:
        raise GoldSetError(f"{path}: front matter needs 'company: ...'")
    text_parts: list[str] = []
    spans: list[GoldSpan] = []
    length = 0
    position = 0
    for marker in MARKER.finditer(body):
        before = body[position:marker.start()]
        _check_plain(path, body, position, before)
        text_parts.append(before)
        length += len(before)
        labels = marker.group(1).split(",")
        unknown = [label for label in labels if label not in LABELS and label not in EXTRA_LABELS]
        sentence = marker.group(2)
        line = body.count("\n", 0, marker.start()) + 1
        if unknown:
            raise GoldSetError(f"{path}: body line {line}: unknown label(s) {unknown}")
        if sentence != sentence.strip():
            raise GoldSetError(f"{path}: body line {line}: marker text has leading/trailing space")
        extra = sorted({label for label in labels if label in EXTRA_LABELS})
        spans.append(GoldSpan(start=length, end=length + len(sentence),
                              labels=sorted({label for label in labels if label in LABELS}), extra=extra or None))
        text_parts.append(sentence)
        length += len(sentence)
        position = marker.end()
    _check_plain(path, body, position, body[position:])
    text_parts.append(body[position:])
    text = "".join(text_parts)
    label_set = {label for span in spans for label in span.labels}
    document = GoldDocument(
        id=name, file=f"docs/{name}.txt", lang=match.group(1), kind=match.group(2),  # type: ignore[arg-type]
        company=company, spans=spans,
        addresses_ai_training=bool(label_set & {"ai-training", "ai-training-denial"}),
        has_opt_out="opt-out" in label_set,
    )
    return document, text


def _check_plain(path: Path, body: str, offset: int, piece: str) -> None:
    for token in ("<<", ">>"):
        index = piece.find(token)
        if index >= 0:
            line = body.count("\n", 0, offset + index) + 1
            raise GoldSetError(f"{path}: body line {line}: unbalanced or malformed marker")


def split_of(document_id: str) -> str:
    digest = hashlib.sha256(document_id.encode()).digest()
    return "test" if digest[0] % TEST_SHARE == 0 else "train"


def build(source_dir: Path, out_dir: Path) -> dict[str, list[tuple[GoldDocument, str]]]:
    """Parse every source and write ``out_dir/train`` and ``out_dir/test`` gold sets."""
    from consentcheck.gold import write_gold_set

    splits: dict[str, list[tuple[GoldDocument, str]]] = {"train": [], "test": []}
    for path in sorted(source_dir.glob("*.txt")):
        document, text = parse_source(path)
        splits[split_of(document.id)].append((document, text))
    for split, documents in splits.items():
        folder = out_dir / split
        if (folder / "docs").is_dir():
            for old in (folder / "docs").glob("*.txt"):
                old.unlink()
        write_gold_set(folder, documents)
    return splits
