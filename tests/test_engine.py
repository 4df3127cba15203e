"""The checker on realistic German and English text."""

from __future__ import annotations

from consentcheck import check_text

POLICY_EN = """# How we use your information

We use the information we collect to provide, maintain and improve our services.

## Generative AI

Starting 1 March 2026, we may use public posts and comments of adult users to train the generative AI models behind Nimbus Assist. We rely on our legitimate interests (Art. 6(1)(f) GDPR).
We do not use private messages to train our models.
You can object to this use at any time in Settings > Privacy > AI training.

Our support staff receive regular data protection training.
"""

POLICY_DE = """# Wie wir Ihre Daten verwenden

Wir verwenden Ihre Daten zur Verbesserung und Weiterentwicklung unserer Dienste.

## Generative KI

Ab dem 1. März 2026 verwenden wir öffentliche Beiträge volljähriger Nutzer, um die KI-Modelle hinter Nimbus Assist zu trainieren. Rechtsgrundlage ist unser berechtigtes Interesse nach Art. 6 Abs. 1 lit. f DSGVO.
Private Nachrichten fließen nicht in das Training ein.
Sie können dieser Nutzung jederzeit in den Einstellungen unter „Datenschutz“ widersprechen.

Unsere Mitarbeitenden nehmen regelmäßig an Datenschutzschulungen teil.
"""


def categories_by_sentence(text: str, lang: str) -> dict[str, set[str]]:
    report = check_text(text, lang)
    result: dict[str, set[str]] = {}
    for finding in report.findings:
        assert text[finding.start : finding.end] == finding.text
        result.setdefault(finding.text, set()).add(finding.category)
    return result


def test_english_policy() -> None:
    found = categories_by_sentence(POLICY_EN, "en")
    assert found["We use the information we collect to provide, maintain and improve our services."] == {
        "vague-purpose"
    }
    training = next(s for s in found if s.startswith("Starting 1 March 2026"))
    assert found[training] == {"ai-training", "hedge"}
    assert found["We rely on our legitimate interests (Art. 6(1)(f) GDPR)."] == {"legal-basis"}
    assert found["We do not use private messages to train our models."] == {"ai-training-denial", "sensitive-scope"}
    assert "opt-out" in found["You can object to this use at any time in Settings > Privacy > AI training."]
    assert not any("staff" in sentence for sentence in found)


def test_german_policy() -> None:
    found = categories_by_sentence(POLICY_DE, "de")
    assert found["Wir verwenden Ihre Daten zur Verbesserung und Weiterentwicklung unserer Dienste."] == {
        "vague-purpose"
    }
    training = next(s for s in found if s.startswith("Ab dem 1. März 2026"))
    assert found[training] == {"ai-training"}
    assert "legal-basis" in found["Rechtsgrundlage ist unser berechtigtes Interesse nach Art. 6 Abs. 1 lit. f DSGVO."]
    assert found["Private Nachrichten fließen nicht in das Training ein."] == {"ai-training-denial", "sensitive-scope"}
    objection = "Sie können dieser Nutzung jederzeit in den Einstellungen unter „Datenschutz“ widersprechen."
    assert "opt-out" in found[objection]
    assert not any("Mitarbeitenden" in sentence for sentence in found)


def test_detected_language_and_positions() -> None:
    report = check_text(POLICY_DE)
    assert report.language == "de" and report.language_source == "detected"
    first = report.findings[0]
    assert (first.line, first.column) == (3, 1)


def test_time_limited_denial_in_both_languages() -> None:
    for text, lang in [
        ("For now, the photos you upload are not used to train our AI.", "en"),
        ("Vorerst werden die hochgeladenen Fotos nicht zum Training unserer KI verwendet.", "de"),
    ]:
        categories = {f.category for f in check_text(text, lang).findings}
        assert categories == {"ai-training-denial", "temporal-hedge"}, (lang, categories)


def test_hard_negatives_stay_silent() -> None:
    for text, lang in [
        ("The current version of this policy applies from 1 May 2025. Our assistant answers your questions.", "en"),
        ("Es gilt die derzeit gültige Fassung. Der Assistent beantwortet deine Fragen direkt auf dem Gerät.", "de"),
        ("Choose the iPhone model you want to repair. Our trainers create a plan for you.", "en"),
        ("Wählen Sie Ihr Modell aus der Liste. Newsletter können Sie jederzeit abbestellen.", "de"),
    ]:
        assert check_text(text, lang).findings == [], text


def test_large_input_is_checked_block_by_block() -> None:
    paragraph = "We may use your posts to train our models. We deliver parcels on weekdays.\n\n"
    quiet = "Our shop opens at nine. Parcels leave the warehouse every morning.\n\n"
    text = (paragraph + quiet) * 2000
    report = check_text(text, "en")
    training = [f for f in report.findings if f.category == "ai-training"]
    assert len(training) == 2000
    assert {f.text for f in report.findings} == {"We may use your posts to train our models."}
    assert training[-1].line == 4 * 1999 + 1


def test_evidence_keeps_only_the_outermost_span_of_a_concept() -> None:
    from consentcheck.engine import _outermost

    spans = {(0, 2, "ai-system"), (0, 9, "ai-system"), (3, 9, "ai-system"), (0, 2, "negation"), (12, 15, "ai-system")}
    assert _outermost(spans) == [(0, 2, "negation"), (0, 9, "ai-system"), (12, 15, "ai-system")]


def test_checking_restores_the_garbage_collector() -> None:
    import gc

    assert gc.isenabled()
    check_text("We use your posts to train our models.", lang="en")
    assert gc.isenabled()
    gc.disable()
    try:
        check_text("Wir nutzen Ihre Beiträge, um unsere Modelle zu trainieren.", lang="de")
        assert not gc.isenabled()
    finally:
        gc.enable()
