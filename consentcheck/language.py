"""German or English? Function-word profiles, decided per document.

Other languages are recognised well enough to be refused (French, Spanish, Italian, Dutch,
Portuguese profiles): a French policy is reported as unsupported, not checked as English.
"""

from __future__ import annotations

import re
from typing import cast

from consentcheck.errors import UnsupportedLanguageError
from consentcheck.models import Language

SUPPORTED: tuple[Language, ...] = ("de", "en")

PROFILES: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the and of to is are we you your our this that with for not be by it from or as on when "
        "use may will can which these they their have has was were if at about an any how what who "
        "would should do does data information".split()
    ),
    "de": frozenset(
        "der die das und ist sind wir sie ihre ihr ihren ihrer unsere unser unseren zu mit für nicht "
        "von den dem des ein eine einer einen auf im in auch oder wenn werden wird kann können diese "
        "dieser bei nach um sich es du dich dein deine daten wie aus".split()
    ),
    "fr": frozenset(
        "le la les des et est vous nous votre vos notre nos pour avec dans une un du sur par pas qui que "
        "sont être ce cette ces données".split()
    ),
    "es": frozenset(
        "el la los las y es usted nosotros su sus nuestro nuestra para con en una un del por que no se "
        "datos como más al lo".split()
    ),
    "it": frozenset(
        "il lo la gli le e è noi voi tuoi nostro nostra per con una un del della che non si dati come "
        "sono al di".split()
    ),
    "nl": frozenset(
        "de het een en is wij jij u uw onze ons voor met van niet op te dat die deze worden wordt kan "
        "gegevens hoe als bij".split()
    ),
    "pt": frozenset(
        "o a os as e é nós você seu sua nosso nossa para com em uma um do da que não se dados como são ao".split()
    ),
}
NAMES = {"fr": "French", "es": "Spanish", "it": "Italian", "nl": "Dutch", "pt": "Portuguese"}
_WORD = re.compile(r"[^\W\d_]+")
SAMPLE_CHARS = 20_000


def scores(text: str) -> dict[str, int]:
    """Function-word hits per profile over the first SAMPLE_CHARS characters."""
    words = _WORD.findall(text[:SAMPLE_CHARS].lower())
    result = {lang: 0 for lang in PROFILES}
    for word in words:
        for lang, profile in PROFILES.items():
            if word in profile:
                result[lang] += 1
    # umlauts and ß are strong German evidence even in very short dialogs
    result["de"] += sum(text[:SAMPLE_CHARS].count(ch) for ch in "äöüßÄÖÜ")
    return result


def detect(text: str, source: str = "<text>") -> Language:
    """Return ``"de"`` or ``"en"``, or raise UnsupportedLanguageError."""
    ranked = sorted(scores(text).items(), key=lambda item: item[1], reverse=True)
    best, hits = ranked[0]
    if hits == 0:
        raise UnsupportedLanguageError(
            f"{source}: cannot tell the language (no German or English words found); pass --lang de or --lang en"
        )
    if best not in SUPPORTED:
        raise UnsupportedLanguageError(
            f"{source}: the text looks {NAMES[best]}; consentcheck reads only German and English"
            " (pass --lang de|en to force one)"
        )
    return cast(Language, best)


def validate(lang: str, source: str = "--lang") -> Language:
    if lang not in SUPPORTED:
        raise UnsupportedLanguageError(f"{source}: unsupported language '{lang}'; use de or en")
    return cast(Language, lang)
