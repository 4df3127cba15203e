from __future__ import annotations

import pytest

from consentcheck.errors import UnsupportedLanguageError
from consentcheck.language import detect, validate


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Wir nutzen öffentliche Beiträge, um unsere KI-Modelle zu trainieren.", "de"),
        ("Zulassen\nJetzt nicht", "de"),
        ("Cloud-Verarbeitung erlauben?\nErlauben\nSpäter", "de"),
        ("We may use your posts to train our AI models.", "en"),
        ("Allow cloud processing?\nAllow\nNot now", "en"),
    ],
)
def test_detects_german_and_english(text: str, lang: str) -> None:
    assert detect(text) == lang


@pytest.mark.parametrize(
    "text",
    [
        "Nous utilisons vos données pour entraîner nos modèles et améliorer nos services.",
        "Utilizamos sus datos para entrenar nuestros modelos y mejorar los servicios.",
        "12345 678 ---",
    ],
)
def test_other_languages_are_refused(text: str) -> None:
    with pytest.raises(UnsupportedLanguageError):
        detect(text, "policy.txt")


def test_validate_rejects_unknown_codes() -> None:
    assert validate("de") == "de"
    with pytest.raises(UnsupportedLanguageError, match="use de or en"):
        validate("fr")
