"""Segmentation of German and English legal writing, with exact offsets."""

from __future__ import annotations

import pytest

from consentcheck.segment import segments


def split(text: str, lang: str) -> list[str]:
    result = []
    for segment in segments(text, lang):
        piece = text[segment.start : segment.end]
        assert piece == piece.strip() and piece
        result.append(piece)
    return result


GERMAN = [
    (
        "Wir verarbeiten Ihre Daten gem. Art. 6 Abs. 1 lit. f DSGVO. Sie können widersprechen.",
        ["Wir verarbeiten Ihre Daten gem. Art. 6 Abs. 1 lit. f DSGVO.", "Sie können widersprechen."],
    ),
    (
        "Ab dem 23. Mai 2025 nutzen wir Beiträge, z. B. Fotos. Private Nachrichten nicht.",
        ["Ab dem 23. Mai 2025 nutzen wir Beiträge, z. B. Fotos.", "Private Nachrichten nicht."],
    ),
    (
        "Wir speichern u. a. Ihre E-Mail-Adresse. Danach löschen wir sie.",
        ["Wir speichern u. a. Ihre E-Mail-Adresse.", "Danach löschen wir sie."],
    ),
    (
        "Wir nutzen ggf. Dienstleister bzw. Auftragsverarbeiter. Diese sind gebunden.",
        ["Wir nutzen ggf. Dienstleister bzw. Auftragsverarbeiter.", "Diese sind gebunden."],
    ),
    (
        "Im 3. Quartal prüfen wir die 2. Fassung. Dann gilt sie.",
        ["Im 3. Quartal prüfen wir die 2. Fassung.", "Dann gilt sie."],
    ),
    (
        "Das gilt d. h. für alle Konten. Ausnahmen gibt es nicht.",
        ["Das gilt d. h. für alle Konten.", "Ausnahmen gibt es nicht."],
    ),
    (
        "Kontakt: Muster GmbH, Musterstr. 5, 10115 Berlin. Tel. 030 1234.",
        ["Kontakt: Muster GmbH, Musterstr. 5, 10115 Berlin.", "Tel. 030 1234."],
    ),
    (
        "Wir verwenden Daten (z.B. Standort) für Karten. Mehr dazu unten.",
        ["Wir verwenden Daten (z.B. Standort) für Karten.", "Mehr dazu unten."],
    ),
    ("Stand: 1. Oktober 2025", ["Stand: 1. Oktober 2025"]),
    (
        "Nutzen wir Ihre Chats? Nein. Wir trainieren damit nicht!",
        ["Nutzen wir Ihre Chats?", "Nein.", "Wir trainieren damit nicht!"],
    ),
    (
        "Weitere Infos unter https://example.org/ki. Fragen an datenschutz@example.org. Danke.",
        ["Weitere Infos unter https://example.org/ki.", "Fragen an datenschutz@example.org.", "Danke."],
    ),
    (
        "Sie klicken auf „Zulassen“. Danach beginnt der Upload.",
        ["Sie klicken auf „Zulassen“.", "Danach beginnt der Upload."],
    ),
    (
        "# Ihre Rechte\n\nSie haben ein Widerspruchsrecht nach Art. 21 DSGVO.",
        ["Ihre Rechte", "Sie haben ein Widerspruchsrecht nach Art. 21 DSGVO."],
    ),
    (
        "Wir nutzen:\n- öffentliche Beiträge,\n- Kommentare und\n- Fotos.",
        ["Wir nutzen:", "öffentliche Beiträge,", "Kommentare und", "Fotos."],
    ),
    (
        "1. Verbesserung unserer Dienste\n2. Entwicklung neuer Funktionen",
        ["Verbesserung unserer Dienste", "Entwicklung neuer Funktionen"],
    ),
    ("Zulassen\nJetzt nicht\nMehr erfahren", ["Zulassen", "Jetzt nicht", "Mehr erfahren"]),
    (
        "KI-Training\n---------\n\nWir trainieren Modelle i. d. R. nur mit Einwilligung.",
        ["KI-Training", "Wir trainieren Modelle i. d. R. nur mit Einwilligung."],
    ),
    (
        "| Zweck | Rechtsgrundlage |\n|---|---|\n| KI-Training | Art. 6 Abs. 1 lit. a DSGVO |",
        ["Zweck", "Rechtsgrundlage", "KI-Training", "Art. 6 Abs. 1 lit. a DSGVO"],
    ),
    (
        "Die Daten werden bis auf Weiteres nicht genutzt. Das kann sich ändern.",
        ["Die Daten werden bis auf Weiteres nicht genutzt.", "Das kann sich ändern."],
    ),
]

ENGLISH = [
    (
        "Example Inc. is based in the U.S. and Ireland. We process your data.",
        ["Example Inc. is based in the U.S. and Ireland.", "We process your data."],
    ),
    (
        "We use content, e.g. posts and photos, to train models. You can opt out.",
        ["We use content, e.g. posts and photos, to train models.", "You can opt out."],
    ),
    (
        "Some data (i.e. usage data) is aggregated. Other data is not.",
        ["Some data (i.e. usage data) is aggregated.", "Other data is not."],
    ),
    (
        "Contact Dr. Smith at privacy@example.com. We reply within 30 days.",
        ["Contact Dr. Smith at privacy@example.com.", "We reply within 30 days."],
    ),
    ("Click “do not train on my content.” Then save.", ["Click “do not train on my content.”", "Then save."]),
    ("Is my data used? No. We never train on it!", ["Is my data used?", "No.", "We never train on it!"]),
    ("See Art. 6(1)(f) GDPR. It applies.", ["See Art. 6(1)(f) GDPR.", "It applies."]),
    (
        "## How we use data\nWe use data to improve our services.",
        ["How we use data", "We use data to improve our services."],
    ),
    (
        "We use information to:\n- provide the service;\n- improve our products.",
        ["We use information to:", "provide the service;", "improve our products."],
    ),
    ("Allow\nNot now", ["Allow", "Not now"]),
    (
        "Learn more at [our help page](https://example.com/help.html). Thanks.",
        ["Learn more at [our help page](https://example.com/help.html).", "Thanks."],
    ),
    ("**AI training.** We may use public posts.", ["**AI training.**", "We may use public posts."]),
    (
        "This notice was updated on Jan. 5, 2025. It replaces the old one.",
        ["This notice was updated on Jan. 5, 2025.", "It replaces the old one."],
    ),
    ("We keep chats for 30 days...Then we delete them.", ["We keep chats for 30 days...Then we delete them."]),
    ("Our policy\n==========\n\nWe respect your privacy.", ["Our policy", "We respect your privacy."]),
]


@pytest.mark.parametrize(("text", "expected"), GERMAN, ids=[f"de-{i}" for i in range(len(GERMAN))])
def test_german(text: str, expected: list[str]) -> None:
    assert split(text, "de") == expected


@pytest.mark.parametrize(("text", "expected"), ENGLISH, ids=[f"en-{i}" for i in range(len(ENGLISH))])
def test_english(text: str, expected: list[str]) -> None:
    assert split(text, "en") == expected


def test_kinds_and_offsets() -> None:
    text = "# Title\n\nA sentence here. Another one.\n- an item\n"
    found = list(segments(text, "en"))
    assert [s.kind for s in found] == ["heading", "sentence", "sentence", "list-item"]
    assert text[found[3].start : found[3].end] == "an item"


def test_hard_wrapped_paragraph_is_joined() -> None:
    text = (
        "We may use the content you post on our services, including photos and\n"
        "comments, to train our models. You can object at any time."
    )
    assert split(text, "en") == [
        "We may use the content you post on our services, including photos and\ncomments, to train our models.",
        "You can object at any time.",
    ]


def test_br_tags_in_tables_split() -> None:
    text = "| Purpose | Your posts<br><br>Your chats, unless you object. |"
    assert split(text, "en") == ["Purpose", "Your posts", "Your chats, unless you object."]
