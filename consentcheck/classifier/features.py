"""Concept tags: the rule packs' concepts found in a sentence, given to the model beside the words.

The model sees ``[CLS] concept tags [SEP] sentence [SEP]``. Concepts are the project's normalised
vocabulary ("train-verb", "negation", "ai-system" ...), the same in German and English, so the model
can learn how they combine without having to learn every word from a few thousand examples.
"""

from __future__ import annotations

from consentcheck.rulepack import CompiledPack


def tag_token(concept: str) -> str:
    return f"[c:{concept}]"


def concept_tags(rules: CompiledPack, sentence: str, lang: str, vocabulary: list[str]) -> str:
    """The tag tokens of the concepts in ``sentence`` that belong to ``vocabulary``, in its order."""
    hits = rules.concepts_in(sentence, lang)
    return " ".join(tag_token(name) for name in vocabulary if name in hits)


def tag_vocabulary(rules: CompiledPack) -> list[str]:
    """Every concept and built-in concept of the packs (rule-own term lists excluded; so is ``@comma``,
    a clause mark in nearly every sentence that only bounds negation scope)."""
    from consentcheck.rulepack.sentence import BUILT_IN, COMMA

    return sorted(rules.concepts) + sorted(BUILT_IN - {COMMA})
