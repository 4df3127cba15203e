"""consentcheck: what privacy policies, terms and consent pop-ups say about AI training.

Public API::

    from consentcheck import check_text, check_file
    report = check_text("We may use your posts to train our AI models.")
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from consentcheck.engine import Checker
    from consentcheck.models import DocumentReport


@cache
def default_checker() -> Checker:
    """The bundled rules and, where installed, the shipped classifier: what ``consentcheck check`` runs."""
    from consentcheck.engine import Checker

    return Checker.default(classifier="default")


def check_text(text: str, lang: str | None = None, source: str = "<text>") -> DocumentReport:
    """Check a string; offsets in the result index into ``text``."""
    import hashlib

    from consentcheck.ingest import Document

    document = Document(source=source, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(), format="text")
    return default_checker().check(document, lang)


def check_file(path: str, lang: str | None = None) -> DocumentReport:
    """Check one text, Markdown or HTML file."""
    from consentcheck.ingest import read_path

    return default_checker().check(read_path(path), lang)


__all__ = ["__version__", "check_file", "check_text", "default_checker"]
