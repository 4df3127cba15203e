"""Document-level findings: each omission's own examples, and no omission that contradicts the gold
facts of a dev document."""

from __future__ import annotations

import pytest

from consentcheck.engine import Checker
from consentcheck.gold import load_gold_set
from consentcheck.ingest import Document
from consentcheck.rulepack import load_packs
from consentcheck.rulepack.schema import Omission, OmissionExample
from tests.conftest import dev_sets_or_skip

OMISSIONS = [o for pack in load_packs() for o in pack.omissions]
CASES = [
    pytest.param(omission, example, expected, id=f"{omission.id}-{'fire' if expected else 'silent'}-{example.lang}-{i}")
    for omission in OMISSIONS
    for expected, examples in ((True, omission.examples.must_fire), (False, omission.examples.must_not_fire))
    for i, example in enumerate(examples)
]


def document(text: str) -> Document:
    return Document(source="-", text=text, sha256="0", format="text")


@pytest.mark.parametrize(("omission", "example", "expected"), CASES)
def test_omission_example(checker: Checker, omission: Omission, example: OmissionExample, expected: bool) -> None:
    report = checker.check(document(example.text), example.lang)
    ids = {f.id for f in report.document_findings}
    assert (omission.id in ids) == expected, (example.text, sorted(ids))


def test_every_omission_has_examples_in_both_languages() -> None:
    assert {o.category for o in OMISSIONS} >= {
        "missing-ai-training-statement", "missing-opt-out", "missing-data-scope", "missing-legal-basis",
        "time-limited-denial", "popup-no-more-info",
    }
    for omission in OMISSIONS:
        assert set(omission.languages) == {"de", "en"}
        for lang in ("de", "en"):
            assert any(e.lang == lang for e in omission.examples.must_fire), omission.id
            assert any(e.lang == lang for e in omission.examples.must_not_fire), omission.id


def test_omissions_never_contradict_the_dev_gold_facts(checker: Checker) -> None:
    contradictions = []
    for folder in dev_sets_or_skip():
        for gold, text in load_gold_set(folder):
            categories = {f.category for f in checker.check(document(text)).document_findings}
            if gold.addresses_ai_training and "missing-ai-training-statement" in categories:
                contradictions.append((gold.id, "missing-ai-training-statement"))
            if gold.has_opt_out and "missing-opt-out" in categories:
                contradictions.append((gold.id, "missing-opt-out"))
            if not gold.addresses_ai_training and categories & {"missing-opt-out", "missing-data-scope",
                                                                 "missing-legal-basis", "time-limited-denial"}:
                contradictions.append((gold.id, "omission about a training statement the text does not make"))
    assert contradictions == []


def test_related_findings_are_quoted(checker: Checker) -> None:
    text = "We may use your information to train our AI models."
    report = checker.check(document(text), "en")
    missing = {f.category: f for f in report.document_findings}
    assert set(missing) >= {"missing-opt-out", "missing-data-scope"}
    assert missing["missing-opt-out"].related[0].text == text
    assert missing["missing-opt-out"].message.startswith("Training is stated")
