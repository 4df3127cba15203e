"""The rule-pack schema. Unknown keys are errors; cross-field checks live here.

A pack is a folder: ``pack.yaml`` (metadata, categories, suppressions), ``concepts/*.yaml`` (named
term lists per language) and ``rules/*.yaml`` (one rule per file, with its own examples).
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from consentcheck.models import Severity

Lang = Literal["de", "en"]
DocumentKind = Literal["document", "consent-dialog"]
LANGS: tuple[Lang, ...] = ("de", "en")
CATEGORIES = ("ai-training", "ai-training-denial", "opt-out", "vague-purpose", "temporal-hedge")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_RULE_ID = re.compile(r"^[A-Z]{2,5}-[A-Z0-9]{2,8}-\d{3}$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(Strict):
    """A text in both languages: every message exists in German and English."""

    en: str = Field(min_length=1)
    de: str = Field(min_length=1)

    @field_validator("en", "de")
    @classmethod
    def _strip(cls, value: str) -> str:
        return " ".join(value.split())  # folded YAML (>) leaves a trailing newline

    def get(self, lang: str) -> str:
        return self.de if lang == "de" else self.en


class TermLists(Strict):
    """Terms per language. Syntax: words separated by spaces; ``train*`` prefix, ``*daten`` suffix,
    ``*training*`` infix; ``...`` skips up to three words, ``...6`` up to six. Punctuation splits words like the matcher
    does ("opt-out" = "opt out")."""

    en: list[str] = Field(default_factory=list)
    de: list[str] = Field(default_factory=list)

    @field_validator("en", "de")
    @classmethod
    def _terms_are_valid(cls, terms: list[str]) -> list[str]:
        for term in terms:
            parts = term_parts(term)
            if not parts or all(part.startswith("...") or part == "*" for part in parts):
                raise ValueError(f"term {term!r} has no words")
            if parts[0].startswith("...") or parts[-1].startswith("..."):
                raise ValueError(f"term {term!r} may not start or end with '...'")
            for part in parts:
                if part.startswith("..."):
                    if part[3:] and not 1 <= int(part[3:]) <= 12:
                        raise ValueError(f"term {term!r}: a gap '...N' skips 1 to 12 words")
                    continue
                if part.strip("*") == "":
                    raise ValueError(f"term {term!r}: a wildcard needs letters beside it")
                if "*" in part.strip("*"):
                    raise ValueError(f"term {term!r}: '*' only at the start or end of a word")
        return terms

    def get(self, lang: str) -> list[str]:
        return self.de if lang == "de" else self.en


def term_parts(term: str) -> list[str]:
    return re.findall(r"\.\.\.\d*|[\w*]+", term.lower())


class Near(Strict):
    """Two concepts within ``within`` words of each other (``ordered``: the first comes first).

    ``reach`` models the scope of a negation: the first concept may also come up to ``reach`` words
    before the second, as long as no hit of ``unless_between`` (e.g. a clause break) lies between.
    ``trail`` is the same the other way round: the first concept may come up to ``trail`` words
    after the second (German puts ``nicht`` at the end of the clause: "Für das Training nutzen wir
    diese Daten nicht"). It stops at ``unless_between`` and also at a comma, semicolon, colon or
    dash (the built-in ``@comma``), so that it stays inside one clause; with ``trail`` set, the same
    holds for the first concept after the second within ``within`` words ("Wir trainieren unsere
    Modelle mit Beiträgen, die wir nicht verkaufen" is no denial).
    """

    concepts: tuple[str, str]
    within: int = Field(ge=0, le=40)
    ordered: bool = False
    reach: int = Field(default=0, ge=0, le=40)
    trail: int = Field(default=0, ge=0, le=40)
    unless_between: list[str] = Field(default_factory=list)


class AtLeast(Strict):
    """At least ``n`` different concepts of ``of`` occur (e.g. several purposes bundled in one consent)."""

    n: int = Field(ge=2)
    of: list[str] = Field(min_length=2)


class Conditions(Strict):
    all: list[str] = Field(default_factory=list, description="concepts that must all occur")
    at_least: AtLeast | None = None
    whole: bool = Field(default=False, description="the rule's own terms cover every word of the segment")
    any: list[list[str]] = Field(
        default_factory=list, description="groups of concepts: at least one concept of every group must occur"
    )
    none: list[str] = Field(default_factory=list, description="none of these concepts may occur")
    near: list[Near] = Field(default_factory=list)
    not_near: list[Near] = Field(default_factory=list)

    def concept_names(self) -> set[str]:
        names = set(self.all) | set(self.none) | {name for group in self.any for name in group}
        if self.at_least:
            names.update(self.at_least.of)
        for pair in self.near + self.not_near:
            names.update(pair.concepts)
            names.update(pair.unless_between)
        return names


class Context(Strict):
    """The rule fires only when a neighbouring segment has a finding of one of ``categories``
    (e.g. "You can object using this form." right after a sentence about AI training)."""

    categories: list[str] = Field(min_length=1)
    before: int = Field(default=3, ge=0, le=20)
    after: int = Field(default=1, ge=0, le=20)
    include_self: bool = Field(default=False, description="the segment's own findings count too")
    lead_in: bool = Field(
        default=False,
        description="instead of before/after: the finding must be on the segment that introduces the "
                    "list this list item belongs to (the last one before the list, ending in a colon)")
    same_row: bool = Field(
        default=False,
        description="instead of before/after: the finding must be in another cell of the same table row "
                    "(the rule then applies to table cells only)")

    @model_validator(mode="after")
    def _one_kind(self) -> Context:
        if self.lead_in and self.same_row:
            raise ValueError("a context is either lead_in or same_row")
        return self


class Example(Strict):
    lang: Lang
    text: str = Field(min_length=1)
    evidence: str | None = Field(default=None, description="words the finding must highlight")


class Examples(Strict):
    must_match: list[Example]
    must_not_match: list[Example]


def _rule_id(value: str) -> str:
    if not _RULE_ID.match(value):
        raise ValueError(f"rule id {value!r} must look like CC-AIT-001 (prefix-group-number)")
    return value


def _slug(value: str, what: str) -> str:
    if not _ID.match(value):
        raise ValueError(f"{what} {value!r} must be lower-case words joined by '-'")
    return value


def _rule_name(value: str) -> str:
    return _slug(value, "rule name")


class Checkable(Strict):
    """What sentence rules and omissions share: identity, category, scope and the words shown to people."""

    id: str
    name: str
    category: str
    severity: Severity
    languages: list[Lang] = Field(min_length=1)
    documents: list[DocumentKind] = Field(
        default=["document", "consent-dialog"], min_length=1,
        description="the kinds of document it applies to (e.g. only consent dialogs)",
    )
    message: Bilingual
    explanation: Bilingual

    _id_format = field_validator("id")(_rule_id)
    _name_format = field_validator("name")(_rule_name)


class Rule(Checkable):
    when: Conditions = Field(default_factory=Conditions)
    terms: TermLists | None = None
    tokens: dict[Lang, list[list[dict[str, object]]]] | None = Field(
        default=None, description="spaCy Matcher patterns, checked only after the cheap conditions"
    )
    context: Context | None = None
    segments: list[Literal["heading", "list-item", "sentence"]] = Field(
        default=["heading", "list-item", "sentence"], min_length=1,
        description="the kinds of segment the rule applies to (e.g. not headings)",
    )
    examples: Examples

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
        if self.when.whole and not self.terms:
            raise ValueError("'whole: true' needs the rule's own terms")
        if self.context and self.context.lead_in and self.segments != ["list-item"]:
            raise ValueError("a rule with 'lead_in' context applies to list items only: segments: [list-item]")
        for lang in self.languages:
            has_terms = bool(self.terms and self.terms.get(lang))
            has_tokens = bool(self.tokens and self.tokens.get(lang))
            if not (has_terms or has_tokens or self.when.all or self.when.any or self.when.near):
                raise ValueError(f"rule has nothing to match in language '{lang}'")
            for kind in ("must_match", "must_not_match"):
                if not any(example.lang == lang for example in getattr(self.examples, kind)):
                    raise ValueError(f"rule needs at least one {kind} example in '{lang}'")
        for example in self.examples.must_match + self.examples.must_not_match:
            if example.lang not in self.languages:
                raise ValueError(f"example in '{example.lang}' but the rule is only for {self.languages}")
            if example.evidence and example.evidence not in example.text:
                raise ValueError(f"evidence {example.evidence!r} is not part of its example text")
        return self


class Concept(Strict):
    id: str
    description: str
    terms: TermLists = Field(default_factory=TermLists)
    includes: list[str] = Field(default_factory=list, description="other concepts whose terms this one adds")
    not_inside: list[str] = Field(
        default_factory=list,
        description="drop a hit of this concept where it lies inside a hit of one of these concepts",
    )

    _id_format = field_validator("id")(lambda value: _slug(value, "concept id"))


ATTRIBUTES = ("data", "actor", "action", "modality", "time", "condition")


class AttributeValueSpec(Strict):
    value: str
    terms: TermLists

    _value_format = field_validator("value")(lambda value: _slug(value, "attribute value"))


class Attribute(Strict):
    """A vocabulary for one attribute of AI-training statements (data, actor, action ...)."""

    attribute: Literal["data", "actor", "action", "modality", "time", "condition"]
    description: str
    values: list[AttributeValueSpec] = Field(min_length=1)


class Suppression(Strict):
    """Drop findings of ``category`` on a segment that also has a finding of one of ``when``."""

    category: str
    when: list[str] = Field(min_length=1)


class CategoryInfo(Strict):
    title: Bilingual
    description: Bilingual


class Every(Strict):
    """Every finding of ``category`` shares its sentence with a finding of one of ``with_categories``."""

    category: str
    with_categories: list[str] = Field(min_length=1)


class OmissionConditions(Strict):
    present: list[str] = Field(default_factory=list, description="some finding of one of these categories")
    absent: list[str] = Field(default_factory=list, description="no finding of any of these categories")
    mentions: list[str] = Field(default_factory=list, description="the text contains one of these concepts")
    not_mentions: list[str] = Field(default_factory=list, description="the text contains none of these concepts")
    every: Every | None = None
    without_attribute: str | None = Field(
        default=None, description="no ai-training statement names a specific value of this attribute")


class OmissionExample(Strict):
    lang: Lang
    text: str = Field(min_length=1)


class OmissionExamples(Strict):
    must_fire: list[OmissionExample]
    must_not_fire: list[OmissionExample]


class Omission(Checkable):
    """A document-level finding: something the text never says."""

    when: OmissionConditions
    examples: OmissionExamples

    @model_validator(mode="after")
    def _examples_per_language(self) -> Omission:
        for lang in self.languages:
            for kind in ("must_fire", "must_not_fire"):
                if not any(example.lang == lang for example in getattr(self.examples, kind)):
                    raise ValueError(f"omission needs at least one {kind} example in '{lang}'")
        return self


class ClassifierGate(Strict):
    """What a sentence needs before the classifier alone may report a category on it.

    ``when``: concept conditions, as in a rule (e.g. an opt-out needs a way to opt out);
    ``context``: a finding of one of these categories, by rule or classifier, in a neighbouring
    segment (e.g. an opt-out needs an AI-training statement nearby). A bare list of concept
    groups is short for ``when: {any: ...}``.
    """

    when: Conditions = Field(default_factory=Conditions)
    context: Context | None = None

    @model_validator(mode="before")
    @classmethod
    def _groups(cls, value: Any) -> Any:
        return {"when": {"any": value}} if isinstance(value, list) else value

    @model_validator(mode="after")
    def _no_terms(self) -> ClassifierGate:
        if self.when.whole:
            raise ValueError("a classifier gate has no term list of its own: 'whole' does not apply")
        return self


class Pack(Strict):
    name: str
    version: str
    description: str
    license: str
    languages: list[Lang]
    categories: dict[str, CategoryInfo] = Field(default_factory=dict)
    suppress: list[Suppression] = Field(default_factory=list)
    classifier_gates: dict[str, ClassifierGate] = Field(
        default_factory=dict, description="category -> what a classifier-only finding of it needs")
    concepts: list[Concept] = Field(default_factory=list)
    attributes: list[Attribute] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    omissions: list[Omission] = Field(default_factory=list)
