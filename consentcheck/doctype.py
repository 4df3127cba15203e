"""Is a document a consent dialog (a title, a few sentences, button labels) or a longer text?"""

from __future__ import annotations

from consentcheck.models import Language
from consentcheck.rulepack import CompiledPack
from consentcheck.rulepack.terms import WORD
from consentcheck.segment import segments

DIALOG_MAX_CHARACTERS = 3000
DIALOG_MAX_SEGMENTS = 30
BUTTON_CONCEPT = "button-label"


def is_consent_dialog(text: str, lang: Language, rules: CompiledPack) -> bool:
    """Short, and at least one line is nothing but a button label ("Allow", "Jetzt nicht")."""
    if len(text) > DIALOG_MAX_CHARACTERS or BUTTON_CONCEPT not in rules.concepts:
        return False
    labels = {" ".join(WORD.findall(term.lower())) for term in rules.concepts[BUTTON_CONCEPT].terms.get(lang)}
    found = False
    for count, segment in enumerate(segments(text, lang), 1):
        if count > DIALOG_MAX_SEGMENTS:
            return False
        if segment.kind == "heading" and " ".join(WORD.findall(text[segment.start:segment.end].lower())) in labels:
            found = True
    return found
