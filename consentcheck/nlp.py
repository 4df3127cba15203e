"""spaCy pipelines, built once per language and cached (imported only when a rule needs tokens).

No trained pipeline is required: ``spacy.blank(lang)`` gives the tokenizer and the lexical
attributes (LOWER, LIKE_EMAIL, LIKE_URL, LIKE_NUM ...) that token patterns use. A user who has a
trained pipeline installed can name it with CONSENTCHECK_SPACY_<LANG> (e.g. de_core_news_sm).
"""

from __future__ import annotations

import gc
import os
from contextlib import suppress
from functools import cache
from typing import Any


@cache
def pipeline(lang: str) -> Any:
    """The pipeline for ``lang``. Built during a check, where the engine pauses the cyclic garbage
    collector: importing spaCy (and torch through thinc, where it is installed) leaves cyclic
    garbage, so it is collected here, once per language."""
    import spacy

    name = os.environ.get(f"CONSENTCHECK_SPACY_{lang.upper()}")
    nlp = None
    if name:
        with suppress(OSError):  # fall back to the blank pipeline, which is always there
            nlp = spacy.load(name, exclude=["ner", "parser"])
    if nlp is None:
        nlp = spacy.blank(lang)
    gc.collect()
    return nlp
