"""Running a trained classifier: onnxruntime + tokenizers, loaded lazily, no network, no torch."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from consentcheck.classifier.card import ModelCard
from consentcheck.errors import ModelError

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "default"
MODEL_FILE, TOKENIZER_FILE, CARD_FILE = "model.onnx", "tokenizer.json", "card.json"
BATCH = 64


def threads() -> int:
    """Threads for onnxruntime: CONSENTCHECK_THREADS, default 1 (the machine's cores are shared)."""
    try:
        return max(1, int(os.environ.get("CONSENTCHECK_THREADS", "1")))
    except ValueError:
        return 1


class SentenceClassifier:
    """Multi-label sentence classifier: ``predict(texts)`` -> probabilities, one column per label."""

    def __init__(self, folder: Path, n_threads: int | None = None) -> None:
        for name in (MODEL_FILE, TOKENIZER_FILE, CARD_FILE):
            if not (folder / name).is_file():
                raise ModelError(
                    f"{folder}: not a consentcheck model ({name} missing); train one with consentcheck train")
        import onnxruntime
        from tokenizers import Tokenizer

        self.folder = folder
        self.card = ModelCard.model_validate_json((folder / CARD_FILE).read_text(encoding="utf-8"))
        self.labels = self.card.labels
        self.tokenizer: Any = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self.tokenizer.enable_truncation(self.card.max_length)
        self.tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = n_threads or threads()
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(str(folder / MODEL_FILE), options,
                                                    providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self.session.get_inputs()}
        self.pad_id = self.tokenizer.token_to_id("[PAD]") or 0

    @property
    def name(self) -> str:
        return f"{self.card.name}@{self.card.version}"

    def predict(self, texts: list[str], tags: list[str] | None = None) -> np.ndarray:
        """Probabilities (sigmoid of the logits), shape (len(texts), len(labels)).

        ``tags``: the concept tags of each text (see features.py), where the model was trained with them.
        """
        result = np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        if not texts:
            return result
        if self.card.concept_tags:
            if tags is None:
                raise ModelError(f"{self.folder}: this model needs concept tags; use it through the Checker")
            encodings = self.tokenizer.encode_batch(list(zip(tags, texts, strict=True)))
        else:
            encodings = self.tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))  # similar lengths per batch
        for begin in range(0, len(order), BATCH):
            chunk = order[begin:begin + BATCH]
            width = max(len(encodings[i].ids) for i in chunk)
            ids = np.full((len(chunk), width), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(chunk), width), dtype=np.int64)
            for row, index in enumerate(chunk):
                tokens = encodings[index].ids
                ids[row, :len(tokens)] = tokens
                mask[row, :len(tokens)] = 1
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            logits = self.session.run(None, feed)[0]
            result[chunk] = 1.0 / (1.0 + np.exp(-logits))
        return result

    def decide(self, probabilities: np.ndarray) -> list[dict[str, float]]:
        """Per text: the labels at or above their threshold, with their probability."""
        thresholds = np.array([self.card.thresholds.get(label, 0.5) for label in self.labels], dtype=np.float32)
        hits = probabilities >= thresholds
        return [
            {self.labels[j]: float(probabilities[i, j]) for j in np.flatnonzero(hits[i])}
            for i in range(probabilities.shape[0])
        ]


@cache
def load_default() -> SentenceClassifier | None:
    """The model shipped in the package, or None where it is missing (e.g. a stripped install)."""
    if not (DEFAULT_MODEL_DIR / MODEL_FILE).is_file():
        return None
    return SentenceClassifier(DEFAULT_MODEL_DIR)
