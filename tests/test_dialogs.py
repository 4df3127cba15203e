"""Consent pop-ups: recognised as dialogs, checked for postponed declines, bundled consent, defaults and
missing pointers, and answered on the answer sheet."""

from __future__ import annotations

from pathlib import Path

from consentcheck import check_file, check_text

POPUPS = Path(__file__).resolve().parents[1] / "examples" / "popups"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def categories(report) -> set[str]:  # noqa: ANN001
    return {f.category for f in report.findings}


def answers(report) -> dict[str, str]:  # noqa: ANN001
    return {q.id: q.answer for q in report.summary}


def test_dialogs_and_documents_are_told_apart() -> None:
    for path in sorted(POPUPS.glob("*.txt")):
        assert check_file(str(path)).kind == "consent-dialog", path.name
    policy = "# Privacy policy\n\nWe collect your e-mail address to send invoices. " * 80
    assert check_text(policy, "en").kind == "document"


def test_bundled_consent_with_postponed_decline() -> None:
    for name in ("chat-assistant-en.txt", "chat-assistant-de.txt"):
        report = check_file(str(POPUPS / name))
        assert {"bundled-consent", "postponed-decline", "ai-training"} <= categories(report), name
        omitted = {f.category for f in report.document_findings}
        assert {"missing-opt-out", "popup-no-more-info"} <= omitted, name
        sheet = answers(report)
        assert sheet["trains-on-data"] == "yes" and sheet["can-i-say-no"] == "no", name


def test_default_on_voice_recordings_with_a_way_out() -> None:
    for name in ("voice-assistant-en.txt", "voice-assistant-de.txt"):
        report = check_file(str(POPUPS / name))
        assert {"ai-training", "default-on", "opt-out"} <= categories(report), name
        assert "postponed-decline" not in categories(report)
        assert {f.category for f in report.document_findings} == set(), name
        sheet = {q.id: q for q in report.summary}
        assert sheet["can-i-say-no"].answer == "yes"
        assert "voice" in sheet["which-data"].details


def test_cookie_banner_says_nothing_about_ai() -> None:
    for name in ("cookie-banner-en.txt", "cookie-banner-de.txt"):
        report = check_file(str(POPUPS / name))
        assert report.findings == [] and report.document_findings == [], name
        assert answers(report)["trains-on-data"] == "unclear"


def test_cloud_processing_dialog_is_a_time_limited_denial() -> None:
    for name in ("cloud-processing-en.txt", "cloud-processing-de.txt"):
        report = check_file(str(EXAMPLES / name))
        assert {"background-upload", "sensitive-scope", "temporal-hedge", "ai-training-denial",
                "postponed-decline"} <= categories(report), name
        assert "time-limited-denial" in {f.category for f in report.document_findings}
        sheet = {q.id: q for q in report.summary}
        assert sheet["trains-on-data"].answer == "unclear"
        assert sheet["limited-or-hedged"].answer == "yes" and "time-limited" in sheet["limited-or-hedged"].details
        denial = next(f for f in report.findings if f.category == "ai-training-denial")
        assert denial.statement is not None and denial.statement.negated
        assert denial.statement.values("time") == ["currently"]
