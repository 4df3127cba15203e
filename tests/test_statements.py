"""Structured statements and the answer sheet, in German and English."""

from __future__ import annotations

import pytest

from consentcheck import check_text


def statement(text: str, lang: str):  # noqa: ANN201
    findings = [f for f in check_text(text, lang).findings if f.statement is not None]
    assert findings, text
    for finding in findings:
        for attribute in ("data", "actor", "action", "modality", "time", "condition"):
            for value in getattr(finding.statement, attribute):
                if value.text is not None:
                    assert text[value.start:value.end] == value.text
    return findings[0].statement


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Starting 1 March 2026, we may use public posts and comments of adult users to train the generative AI "
     "models behind Nimbus, unless you object.", "en",
     {"data": ["public-posts"], "actor": ["company"], "action": ["train"], "modality": ["may"],
      "time": ["from-date"], "condition": ["unless-opt-out"]}),
    ("Ab dem 1. Oktober 2025 verwenden wir öffentliche Beiträge volljähriger Nutzer, um die KI-Modelle hinter "
     "Nimbus zu trainieren, sofern Sie dem nicht widersprechen.", "de",
     {"data": ["public-posts"], "actor": ["company"], "action": ["train"], "modality": ["does"],
      "time": ["from-date"], "condition": ["unless-opt-out"]}),
    ("Our partners may use voice recordings to fine-tune their own speech models if you enable Voice Match.",
     "en", {"data": ["voice"], "actor": ["partners"], "action": ["fine-tune"], "condition": ["if-enabled"]}),
    ("Mit deiner Einwilligung nutzen verbundene Unternehmen deine Fotos, um ihre Bildmodelle zu verbessern.",
     "de", {"data": ["photos-videos"], "actor": ["affiliates"], "action": ["improve"], "condition": ["if-consent"]}),
])
def test_attributes(text: str, lang: str, expected: dict[str, list[str]]) -> None:
    found = statement(text, lang)
    for attribute, values in expected.items():
        assert found.values(attribute) == values, (attribute, found.values(attribute))
    assert found.negated is False


def test_denials_are_negated_and_time_limited() -> None:
    for text, lang in [("For now, the clips you upload are not used to train our AI.", "en"),
                       ("Vorerst werden deine hochgeladenen Clips nicht zum Training unserer KI verwendet.", "de")]:
        found = statement(text, lang)
        assert found.negated and found.values("time") == ["currently"]
        assert "photos-videos" in found.values("data")


def test_answer_sheet_of_a_policy() -> None:
    text = (
        "We process personal data under the GDPR.\n\n"
        "We may use your public posts to train our AI models on the basis of our legitimate interests.\n\n"
        "You can object in Settings > Privacy > AI training.\n"
    )
    sheet = {q.id: q for q in check_text(text, "en").summary}
    assert [q.id for q in sheet.values()] == ["trains-on-data", "which-data", "can-i-say-no", "legal-basis",
                                             "limited-or-hedged"]
    assert sheet["trains-on-data"].answer == "yes" and sheet["trains-on-data"].evidence
    assert sheet["which-data"].details == ["public-posts"]
    assert sheet["can-i-say-no"].answer == "yes"
    assert sheet["legal-basis"].details == ["legitimate-interests"]
    assert sheet["limited-or-hedged"].answer == "yes" and "hedged" in sheet["limited-or-hedged"].details
    assert sheet["trains-on-data"].question == "Is my data used to train AI?"


def test_answer_sheet_in_german_for_a_silent_text() -> None:
    sheet = {q.id: q for q in check_text("Wir verarbeiten personenbezogene Daten für den Versand.", "de").summary}
    assert sheet["trains-on-data"].answer == "unclear"
    assert sheet["trains-on-data"].question == "Werden meine Daten für KI-Training genutzt?"
    assert sheet["trains-on-data"].note.startswith("Der Text sagt nicht")
