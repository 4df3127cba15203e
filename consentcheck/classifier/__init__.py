"""The sentence classifier: a small BERT-style encoder trained by the project, run with onnxruntime.

Importing this package never imports torch: ``runtime`` needs only onnxruntime, tokenizers and
numpy; ``train`` (torch + transformers, the ``train`` extra) is imported only by ``consentcheck train``.
"""

from consentcheck.classifier.card import ModelCard
from consentcheck.classifier.runtime import DEFAULT_MODEL_DIR, SentenceClassifier, load_default

__all__ = ["DEFAULT_MODEL_DIR", "ModelCard", "SentenceClassifier", "load_default"]
