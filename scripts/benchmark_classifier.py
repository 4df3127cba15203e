"""Classifier throughput (one thread) and the cold start of `consentcheck check` on a short pop-up.

    python scripts/benchmark_classifier.py

Prints sentences/s of the shipped model on sentences of the project's corpus (one onnxruntime
thread), and the wall time of `python -m consentcheck check examples/cloud-processing-en.txt` in a
fresh process, rules only (--no-classifier) and as by default (rules and classifier), median of five
runs each, and whether torch is importable here (the cold start that matters is the one without
torch). A benchmark, not a test.
"""

from __future__ import annotations

import importlib.util
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def throughput() -> tuple[float, int]:
    from consentcheck.classifier import SentenceClassifier
    from consentcheck.classifier.data import labelled_sentences, load_split
    from consentcheck.classifier.features import concept_tags
    from consentcheck.classifier.runtime import DEFAULT_MODEL_DIR
    from consentcheck.rulepack import compile_packs, load_packs

    model = SentenceClassifier(DEFAULT_MODEL_DIR, n_threads=1)
    rules = compile_packs(load_packs())
    sentences = [s for gold, text in load_split(ROOT / "corpora" / "test") for s in labelled_sentences(gold, text)]
    texts = [s.text for s in sentences]
    tags = [concept_tags(rules, s.text, s.lang, model.card.concept_tags) for s in sentences]
    model.predict(texts[:64], tags[:64])
    start = time.perf_counter()
    model.predict(texts, tags)
    return len(texts) / (time.perf_counter() - start), len(texts)


def cold_start(*extra: str) -> float:
    times = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "consentcheck", "check", "examples/cloud-processing-en.txt", *extra],
                       cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    rate, count = throughput()
    print(f"classifier (shipped model, 1 thread): {rate:,.0f} sentences/s over {count:,} corpus sentences "
          "(concept tags excluded from the timing)")
    torch = importlib.util.find_spec("torch") is not None
    print(f"torch importable here: {'yes' if torch else 'no'}")
    print(f"cold start, check a short pop-up, --no-classifier:  {cold_start('--no-classifier'):.2f} s")
    print(f"cold start, check a short pop-up, default:          {cold_start():.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
