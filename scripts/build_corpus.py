"""Build the gold sets corpora/train and corpora/test from corpora/src: python scripts/build_corpus.py"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from consentcheck.corpus import build  # noqa: E402


def main() -> int:
    splits = build(ROOT / "corpora" / "src", ROOT / "corpora")
    for split, documents in splits.items():
        counts: Counter[tuple[str, str]] = Counter()
        for document, _ in documents:
            counts[(document.lang, "documents")] += 1
            for span in document.spans:
                for label in span.labels:
                    counts[(document.lang, label)] += 1
        print(split, dict(sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
