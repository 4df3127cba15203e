"""Rule packs are validated strictly; errors name the file, the rule id and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from consentcheck.engine import Checker
from consentcheck.errors import RulePackError
from consentcheck.rulepack import compile_packs, load_pack, load_packs
from consentcheck.rulepack.schema import Pack

GOOD_RULE = """\
id: XX-TST-001
name: test-rule
category: ai-training
severity: high
languages: [en, de]
terms:
  en: [robot food]
  de: [roboterfutter]
message: {en: "Robot food: {evidence}", de: "Roboterfutter: {evidence}"}
explanation: {en: "Your data is robot food.", de: "Ihre Daten sind Roboterfutter."}
examples:
  must_match:
    - {lang: en, text: "Your posts are robot food.", evidence: "robot food"}
    - {lang: de, text: "Ihre Beiträge sind Roboterfutter.", evidence: "Roboterfutter"}
  must_not_match:
    - {lang: en, text: "Food for thought."}
    - {lang: de, text: "Futter für Gedanken."}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rule.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_user_rule_file_is_loaded_and_runs(tmp_path: Path) -> None:
    checker = Checker.default([write(tmp_path, GOOD_RULE)])
    assert "XX-TST-001" in checker.rules.rules
    from consentcheck import check_text  # noqa: F401  (public API imports cleanly)

    report = checker.check(_doc("We turn your posts into robot food."), "en")
    assert [(f.category, f.rule) for f in report.findings] == [("ai-training", "XX-TST-001")]
    assert report.findings[0].message == "Robot food: “robot food”"


def _doc(text: str):  # noqa: ANN202
    from consentcheck.ingest import Document

    return Document(source="-", text=text, sha256="0", format="text")


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (("severity: high", "severity: urgent"), "severity"),
        (("name: test-rule", "name: test-rule\nwhatever: 1"), "whatever"),
        (('    - {lang: de, text: "Futter für Gedanken."}\n', ""), "must_not_match example in 'de'"),
        (("  de: [roboterfutter]\n", "  de: [roboterfutter]\nwhen:\n  all: [no-such-concept]\n"), None),
        (("id: XX-TST-001", "id: bad id"), "rule id"),
        (('evidence: "robot food"', 'evidence: "cat food"'), "evidence"),
        (("  en: [robot food]", '  en: ["... food"]'), "may not start or end"),
        (("  de: [roboterfutter]\n", "  de: [roboterfutter]\ncontext: {categories: [ai-training], lead_in: true}\n"),
         "list items only"),
        (("  de: [roboterfutter]\n",
          "  de: [roboterfutter]\ncontext: {categories: [ai-training], lead_in: true, same_row: true}\n"),
         "either lead_in or same_row"),
    ],
)
def test_bad_rules_are_rejected_with_file_and_reason(
    tmp_path: Path, change: tuple[str, str], reason: str | None
) -> None:
    path = write(tmp_path, GOOD_RULE.replace(*change))
    with pytest.raises(RulePackError) as error:
        compile_packs([load_pack(path)])
    message = str(error.value)
    assert "XX-TST-001" in message or "bad id" in message
    assert str(path) in message or "no-such-concept" in message
    if reason:
        assert reason in message


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "id: [unclosed\n")
    with pytest.raises(RulePackError, match=r"rule.yaml: line \d+"):
        load_pack(path)


def test_missing_pack_and_duplicate_ids(tmp_path: Path) -> None:
    with pytest.raises(RulePackError, match="no such rule pack"):
        load_pack(tmp_path / "nothing")
    duplicate = write(tmp_path, GOOD_RULE.replace("XX-TST-001", "CC-AIT-001"))
    with pytest.raises(RulePackError, match="used twice"):
        compile_packs(load_packs([duplicate]))


def test_bad_token_pattern_is_reported(tmp_path: Path) -> None:
    rule = GOOD_RULE.replace("  de: [roboterfutter]\n", "  de: [roboterfutter]\ntokens:\n  en: [[{NOT_AN_ATTR: 1}]]\n")
    checker = Checker.default([write(tmp_path, rule)])
    with pytest.raises(RulePackError, match="invalid token pattern"):
        checker.check(_doc("Your posts are robot food."), "en")


def test_bundled_token_patterns_are_valid() -> None:
    from spacy.matcher import Matcher

    from consentcheck.nlp import pipeline

    for pack in load_packs():
        for rule in pack.rules:
            for lang, patterns in (rule.tokens or {}).items():
                Matcher(pipeline(lang).vocab, validate=True).add(rule.id, patterns)


def _gates(gates: dict) -> Pack:
    return Pack.model_validate({"name": "gates", "version": "1", "description": "classifier gates",
                                "license": "MIT", "languages": ["en", "de"], "classifier_gates": gates})


def test_classifier_gates_take_concept_groups_or_conditions_with_context() -> None:
    core = load_packs()
    compiled = compile_packs([*core, _gates({
        "hedge": [["hedge-modal", "hedge-scope"]],
        "opt-out": {"when": {"all": ["opt-out-action"], "none": ["marketing"]},
                    "context": {"categories": ["ai-training"], "before": 2}},
    })])
    assert compiled.classifier_gates["hedge"].when.any == [["hedge-modal", "hedge-scope"]]
    assert compiled.classifier_gates["opt-out"].context is not None
    hits = compiled.concepts_in("You can opt out in Settings.", "en")
    assert compiled.gate_evidence("opt-out", hits) == [("opt-out-action", 2, 4)]
    assert compiled.gate_evidence("opt-out", compiled.concepts_in("Opt out of our newsletter.", "en")) is None
    for gates, reason in (({"hedge": [["no-such-concept"]]}, "unknown concept"),
                          ({"opt-out": {"context": {"categories": ["no-such-category"]}}}, "unknown context")):
        with pytest.raises(RulePackError, match=reason):
            compile_packs([*core, _gates(gates)])


TRAIL_RULE = GOOD_RULE.replace(
    "  de: [roboterfutter]\n",
    "  de: [roboterfutter]\n"
    "when:\n"
    "  not_near:\n"
    "    - {concepts: [negation, \"@terms\"], within: 2, reach: 8, trail: 8, unless_between: [clause-break]}\n",
)


@pytest.mark.parametrize(
    ("lang", "text", "fires"),
    [
        # a clause-final negation, well after the terms, still negates them (trail)
        ("de", "Zu Roboterfutter verarbeiten wir die Beiträge aus Ihrem Familienkonto grundsätzlich nicht.", False),
        ("en", "Robot food from your posts is something we do not make.", False),
        # ... but not across a comma, semicolon or dash: that negation belongs to another clause
        ("de", "Ihre Beiträge werden zu Roboterfutter, das wir nicht verkaufen.", True),
        ("en", "Your posts become robot food; we do not sell it.", True),
        ("en", "Your posts become robot food – we do not sell it.", True),
        # the comma of a number is no clause mark
        ("en", "Robot food from 1,000 posts we do not make.", False),
    ],
)
def test_trail_negation_stays_inside_its_clause(tmp_path: Path, lang: str, text: str, fires: bool) -> None:
    checker = Checker.default([write(tmp_path, TRAIL_RULE)])
    report = checker.check(_doc(text), lang)
    assert ("XX-TST-001" in {f.rule for f in report.findings}) is fires


def test_an_ordered_pair_without_trail_needs_its_order() -> None:
    from consentcheck.rulepack.compiler import _near
    from consentcheck.rulepack.schema import Near

    hits = {"negation": [(2, 3)], "train-verb": [(1, 2)]}  # the negation right after the training word
    assert _near(hits, Near(concepts=("negation", "train-verb"), within=3, ordered=True)) is None
    assert _near(hits, Near(concepts=("negation", "train-verb"), within=3, ordered=True, trail=3)) is not None
    assert _near(hits, Near(concepts=("negation", "train-verb"), within=3)) is not None
