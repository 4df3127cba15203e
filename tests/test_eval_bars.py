"""The accuracy bars on the shared dev sets (the rules, and the rules merged with the classifier), and the corpus build."""

from __future__ import annotations

from pathlib import Path

import pytest

from consentcheck.corpus import build
from consentcheck.engine import Checker
from consentcheck.evaluate import evaluate
from consentcheck.gold import load_gold_set
from tests.conftest import ROOT, dev_sets_or_skip

BARS = {"ai-training": 0.90, "ai-training-denial": 0.88, "opt-out": 0.88, "temporal-hedge": 0.85, "vague-purpose": 0.80}
PER_LANGUAGE_MIN_SPANS = 10


@pytest.fixture(scope="module")
def dev_result(checker: Checker):  # noqa: ANN201
    return evaluate(dev_sets_or_skip(), checker.check)


@pytest.mark.parametrize("label", sorted(BARS))
def test_f1_bar(dev_result, label: str) -> None:  # noqa: ANN001
    per_language = {lang: by_label.get(label) for lang, by_label in dev_result.counts.items()}
    if all(counts and counts.gold >= PER_LANGUAGE_MIN_SPANS for counts in per_language.values()):
        for lang, counts in per_language.items():
            assert counts is not None
            assert counts.f1 >= BARS[label], f"{label} {lang}: F1 {counts.f1:.3f} < {BARS[label]}"
    else:
        pooled = dev_result.pooled(label)
        assert pooled.f1 >= BARS[label], f"{label} pooled: F1 {pooled.f1:.3f} < {BARS[label]}"


def test_document_level_accuracy(dev_result) -> None:  # noqa: ANN001
    assert dev_result.doc_accuracy("addresses_ai_training") >= 0.95
    assert all(d.lang == d.detected_lang for d in dev_result.documents)


def test_corpus_gold_sets_are_built_from_the_sources(tmp_path: Path) -> None:
    """corpora/train and corpora/test are exactly what scripts/build_corpus.py makes of corpora/src."""
    splits = build(ROOT / "corpora" / "src", tmp_path)
    for split, documents in splits.items():
        committed = {doc.id: (doc, text) for doc, text in load_gold_set(ROOT / "corpora" / split)}
        assert set(committed) == {doc.id for doc, _ in documents}, split
        for doc, text in documents:
            assert committed[doc.id][1] == text and committed[doc.id][0] == doc, doc.id
    languages = {doc.lang for docs in splits.values() for doc, _ in docs}
    assert languages == {"de", "en"}


def test_combined_is_at_least_as_good_as_the_rules(dev_result) -> None:  # noqa: ANN001
    """The classifier issue's bar: merging in the shipped classifier loses nothing, label by label."""
    combined = evaluate(dev_sets_or_skip(), Checker.default(classifier="default").check)
    for lang, by_label in dev_result.counts.items():
        for label in BARS:
            rules, merged = by_label.get(label), combined.counts[lang].get(label)
            if rules is None or not rules.gold:
                continue
            assert merged is not None and merged.f1 >= rules.f1 - 1e-9, (
                f"{label} {lang}: combined F1 {merged.f1 if merged else 0:.3f} < rules {rules.f1:.3f}")
