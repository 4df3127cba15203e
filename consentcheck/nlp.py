"""spaCy pipelines, built once per language and cached (imported only when a rule needs tokens).

No trained pipeline is required: ``spacy.blank(lang)`` gives the tokenizer and the lexical
attributes (LOWER, LIKE_EMAIL, LIKE_URL, LIKE_NUM ...) that token patterns use. A user who has a
trained pipeline installed can name it with CONSENTCHECK_SPACY_<LANG> (e.g. de_core_news_sm).
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any


@cache
def pipeline(lang: str) -> Any:
    import spacy

    name = os.environ.get(f"CONSENTCHECK_SPACY_{lang.upper()}")
    if name:
        try:
            return spacy.load(name, exclude=["ner", "parser"])
        except OSError:
            pass  # fall back to the blank pipeline, which is always there
    return spacy.blank(lang)
