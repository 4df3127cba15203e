"""Gold sets -> labelled sentences, and the split of training documents into train and validation.

No torch here: threshold selection, evaluation and the model card use this module at run time too.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from consentcheck.evaluate import overlaps
from consentcheck.gold import EXTRA_LABELS, LABELS, GoldDocument, load_gold_set
from consentcheck.segment import segments

MODEL_LABELS: tuple[str, ...] = LABELS + EXTRA_LABELS
VALIDATION_SHARE = 6  # one training document in six is held out to pick thresholds and the best epoch


@dataclass(frozen=True)
class LabelledSentence:
    document: str
    lang: str
    start: int
    end: int
    text: str
    labels: frozenset[str]


def labelled_sentences(gold: GoldDocument, text: str) -> list[LabelledSentence]:
    """Every segment of the document, with the labels of the gold spans it matches."""
    result = []
    for segment in segments(text, gold.lang):
        labels = {
            label for span in gold.spans if overlaps(segment.start, segment.end, span.start, span.end)
            for label in (*span.labels, *(span.extra or ()))
        }
        result.append(LabelledSentence(gold.id, gold.lang, segment.start, segment.end,
                                       text[segment.start:segment.end], frozenset(labels)))
    return result


def is_validation(document_id: str) -> bool:
    digest = hashlib.sha256(("validation:" + document_id).encode()).digest()
    return digest[0] % VALIDATION_SHARE == 0


def load_split(folder: Path) -> list[tuple[GoldDocument, str]]:
    return load_gold_set(folder) if (folder / "gold.jsonl").is_file() else []
