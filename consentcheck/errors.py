"""Errors a user can cause. Library code raises these; only the CLI turns them into exit codes."""

from __future__ import annotations


class ConsentcheckError(Exception):
    """Base class: ``str(error)`` is a one-line message that names the file and what to do."""


class InputError(ConsentcheckError):
    """An input file cannot be read as text (missing, binary, bad encoding, empty, unsupported)."""


class UnsupportedLanguageError(ConsentcheckError):
    """The text is in a language other than German or English, or ``--lang`` names another one."""


class RulePackError(ConsentcheckError):
    """A rule pack is malformed: names the file, the rule id where known, and the reason."""


class GoldSetError(ConsentcheckError):
    """A gold set folder does not follow GOLD_FORMAT.md."""


class ModelError(ConsentcheckError):
    """A classifier model cannot be loaded or trained."""
