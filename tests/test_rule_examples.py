"""Every rule's own examples, each as its own test (like sqlfluff's per-rule fixtures)."""

from __future__ import annotations

import pytest

from consentcheck.engine import Checker
from consentcheck.rulepack import load_packs
from consentcheck.rulepack.schema import Example, Rule

RULES = [rule for pack in load_packs() for rule in pack.rules]
CASES = [
    pytest.param(rule, example, expected, id=f"{rule.id}-{'match' if expected else 'nomatch'}-{example.lang}-{i}")
    for rule in RULES
    for expected, examples in ((True, rule.examples.must_match), (False, rule.examples.must_not_match))
    for i, example in enumerate(examples)
]


def rule_matches(checker: Checker, rule: Rule, example: Example) -> list[tuple[int, int]]:
    """Evidence ranges of ``rule`` on the example text, or [] when it does not fire."""
    ranges = []
    kind = checker.document_kind(example.text, example.lang)
    for segment, matches in checker.match_rules(example.text, example.lang, kind).segments:
        for match in matches:
            if match.rule.id == rule.id:
                ranges.extend((segment.start + s, segment.start + e) for s, e, _, _ in match.evidence)
    return ranges


@pytest.mark.parametrize(("rule", "example", "expected"), CASES)
def test_rule_example(checker: Checker, rule: Rule, example: Example, expected: bool) -> None:
    ranges = rule_matches(checker, rule, example)
    if not expected:
        assert not ranges, f"{rule.id} must not match: {example.text!r}"
        return
    assert ranges, f"{rule.id} must match: {example.text!r}"
    if example.evidence:
        start = example.text.index(example.evidence)
        end = start + len(example.evidence)
        assert any(s < end and start < e for s, e in ranges), (
            f"{rule.id}: evidence {example.evidence!r} not highlighted; got {[example.text[s:e] for s, e in ranges]}"
        )


def test_every_rule_has_examples_in_each_language() -> None:
    for rule in RULES:
        for lang in rule.languages:
            assert any(e.lang == lang for e in rule.examples.must_match), rule.id
            assert any(e.lang == lang for e in rule.examples.must_not_match), rule.id


def test_every_rule_is_bilingual_and_documented() -> None:
    for rule in RULES:
        assert set(rule.languages) == {"de", "en"}, f"{rule.id}: German and English are equal"
        for lang in ("de", "en"):
            assert len(rule.explanation.get(lang)) > 60, f"{rule.id}: explanation too thin in {lang}"
