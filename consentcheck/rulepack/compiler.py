"""Compile loaded packs into per-language matchers and evaluate rules on one sentence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from consentcheck.errors import RulePackError
from consentcheck.models import Severity
from consentcheck.rulepack.schema import (
    CATEGORIES,
    CategoryInfo,
    ClassifierGate,
    Conditions,
    Near,
    Pack,
    Rule,
    Suppression,
)
from consentcheck.rulepack.sentence import BUILT_IN, COMMA, Hits, Sentence
from consentcheck.rulepack.terms import WORD, Lexicon


@dataclass(frozen=True, slots=True)
class RuleMatch:
    rule: Rule
    evidence: tuple[tuple[int, int, str, int], ...]  # (start, end, concept, rank), relative to the sentence


@dataclass
class _LanguageRules:
    lexicon: Lexicon  # every term of every concept and rule
    anchors: Lexicon | None  # one word per trigger term: the cheap first pass (None: no pre-filter)
    block_anchors: dict[str, Lexicon | None]  # the same per kind of block, from the rules that apply to it
    rules: list[tuple[Rule, frozenset[str]]]  # with the names that must all be hit
    by_trigger: dict[str, list[int]]  # a trigger name -> the rules (indexes) it triggers
    untriggered: list[int]  # rules without a trigger, evaluated on every sentence
    token_rules: list[Rule]
    _matcher: Any = field(default=None, repr=False)


class CompiledPack:
    """Everything needed to run the rules of all loaded packs, per language."""

    def __init__(self, packs: list[Pack]) -> None:
        self.packs = packs
        self.rules: dict[str, Rule] = {}
        self.categories: dict[str, CategoryInfo] = {}
        self.suppressions: list[Suppression] = []
        self.classifier_gates: dict[str, ClassifierGate] = {}
        concepts: dict[str, Any] = {}
        for pack in packs:
            self.categories.update(pack.categories)
            self.suppressions.extend(pack.suppress)
            self.classifier_gates.update(pack.classifier_gates)
            for concept in pack.concepts:
                if concept.id in concepts and concepts[concept.id] != concept:
                    raise RulePackError(f"pack {pack.name}: concept {concept.id} is defined twice, differently")
                concepts[concept.id] = concept
        self.concepts = concepts
        self._not_inside = [(c.id, c.not_inside) for c in concepts.values() if c.not_inside]
        for concept in concepts.values():
            unknown = sorted(set(concept.not_inside) - set(concepts) - BUILT_IN)
            if unknown:
                raise RulePackError(f"concept {concept.id}: not_inside names unknown concept(s) {', '.join(unknown)}")
        for pack in packs:
            for rule in pack.rules:
                self._check_rule(pack, rule)
                self.rules[rule.id] = rule
        for category, gate in self.classifier_gates.items():
            unknown = sorted(gate.when.concept_names() - set(concepts) - BUILT_IN)
            if unknown:
                raise RulePackError(f"classifier gate of {category}: unknown concept(s) {', '.join(unknown)}")
            if gate.context is not None:
                if gate.context.lead_in or gate.context.same_row:
                    raise RulePackError(f"classifier gate of {category}: lead_in and same_row are for rules only")
                unknown = sorted(set(gate.context.categories) - set(self.categories) - set(CATEGORIES))
                if unknown:
                    raise RulePackError(f"classifier gate of {category}: unknown context categories "
                                        f"{', '.join(unknown)}")
        self.category_severity: dict[str, Severity] = {}
        for rule in self.rules.values():
            current = self.category_severity.get(rule.category)
            if current is None or rule.severity.rank > current.rank:
                self.category_severity[rule.category] = rule.severity
        self.by_language: dict[str, _LanguageRules] = {}
        for lang in ("de", "en"):
            self.by_language[lang] = self._compile_language(lang)

    def _compile_language(self, lang: str) -> _LanguageRules:
        terms: dict[str, list[str]] = {cid: self.concept_terms(cid, lang) for cid in self.concepts}
        rules = [rule for rule in self.rules.values() if lang in rule.languages]
        for rule in rules:
            if rule.terms:
                terms[f"rule:{rule.id}"] = rule.terms.get(lang)
        lexicon = Lexicon()
        for owner, owner_terms in terms.items():
            for term in owner_terms:
                lexicon.add(owner, term)
        indexed = [(rule, frozenset(_required_names(rule))) for rule in rules]
        # each rule's trigger: the first required name that has terms; a rule without one
        # (only "any" groups) could fire on any sentence, so then nothing is skipped
        triggers = [next((name for name in required if terms.get(name)), None) for _, required in indexed]

        def anchors_for(kinds: set[str], cell: bool = False) -> Lexicon | None:
            chosen = [t for (rule, _), t in zip(indexed, triggers, strict=True)
                      if kinds & set(rule.segments) and (cell or not (rule.context and rule.context.same_row))]
            return lexicon.anchors({t for t in chosen if t}) if all(chosen) else None

        anchors = anchors_for({"heading", "list-item", "sentence"}, cell=True)  # every rule: for single sentences
        # a paragraph yields sentences and stand-alone lines (headings); a list item only list items;
        # only a table cell opens for the rules that need another cell of its row
        block_anchors = {"heading": anchors_for({"heading"}), "list-item": anchors_for({"list-item"}),
                         "sentence": anchors_for({"sentence", "heading"}),
                         "table-cell": anchors_for({"sentence", "heading"}, cell=True)}
        by_trigger: dict[str, list[int]] = {}
        for index, trigger in enumerate(triggers):
            if trigger:
                by_trigger.setdefault(trigger, []).append(index)
        untriggered = [index for index, trigger in enumerate(triggers) if not trigger]
        token_rules = [rule for rule in rules if rule.tokens and rule.tokens.get(lang)]
        return _LanguageRules(lexicon, anchors, block_anchors, indexed, by_trigger, untriggered, token_rules)

    def concept_terms(self, concept_id: str, lang: str, seen: tuple[str, ...] = ()) -> list[str]:
        """A concept's own terms plus those of the concepts it includes."""
        if concept_id in seen:
            raise RulePackError(f"concept {concept_id}: includes itself (via {' -> '.join(seen)})")
        concept = self.concepts[concept_id]
        terms = list(concept.terms.get(lang))
        for included in concept.includes:
            if included not in self.concepts:
                raise RulePackError(f"concept {concept_id}: includes unknown concept {included}")
            terms += self.concept_terms(included, lang, (*seen, concept_id))
        return terms

    def _check_rule(self, pack: Pack, rule: Rule) -> None:
        where = f"pack {pack.name}: rule {rule.id}"
        if rule.id in self.rules:
            raise RulePackError(f"{where}: the id is used twice; rule ids are unique across packs")
        if rule.category not in self.categories and rule.category not in CATEGORIES:
            raise RulePackError(f"{where}: unknown category '{rule.category}'; define it in pack.yaml categories")
        allowed = set(self.concepts) | BUILT_IN | ({OWN_TERMS} if rule.terms else set())
        missing = sorted(rule.when.concept_names() - allowed)
        if missing:
            raise RulePackError(f"{where}: unknown concept(s) {', '.join(missing)}")

    @property
    def version(self) -> str:
        return "+".join(f"{pack.name}@{pack.version}" for pack in self.packs)

    # --- matching -----------------------------------------------------------------------------

    def concepts_in(self, sentence: str, lang: str) -> Hits:
        """Every concept (and rule-term list) hit in ``sentence``, built-ins included, ``not_inside`` applied."""
        prepared = Sentence.prepare(sentence)
        return self._hits(prepared, self.by_language[lang].lexicon.match(prepared.words))

    def _hits(self, prepared: Sentence, hits: Hits) -> Hits:
        prepared.add_built_ins(hits)
        for name, containers in self._not_inside:
            if name in hits:
                kept = [h for h in hits[name] if not _inside_any(h, containers, hits)]
                if kept:
                    hits[name] = kept
                else:
                    del hits[name]
        return hits

    def gate_evidence(self, category: str, hits: Hits) -> list[tuple[str, int, int]] | None:
        """The concept hits that let the classifier alone report ``category``, or None when its gate's
        conditions do not hold (no gate: nothing is required, no words are evidence)."""
        gate = self.classifier_gates.get(category)
        if gate is None:
            return []
        ranges = _evaluate(gate.when, hits, 0)  # a gate has no term list, so "whole" never applies
        return None if ranges is None else [(name, first, last) for name, first, last, _ in ranges]

    def may_match(self, text: str, lang: str, kind: str | None = None) -> bool:
        """Cheap pre-filter: False when no rule can fire anywhere in ``text`` (no trigger word); with
        ``kind`` (of a block: heading, list-item, sentence, table-cell), only the rules for that kind count."""
        compiled = self.by_language[lang]
        anchors = compiled.anchors if kind is None else compiled.block_anchors[kind]
        return anchors is None or anchors.any_word(WORD.findall(text.lower()))

    def match(self, sentence: str, lang: str) -> list[RuleMatch]:
        """All rules that fire on ``sentence`` (evidence offsets relative to it)."""
        compiled = self.by_language[lang]
        prepared = Sentence.prepare(sentence)
        lowered = prepared.words
        if not lowered or (compiled.anchors is not None and not compiled.anchors.any_word(lowered)):
            return []
        hits = compiled.lexicon.match(lowered)
        if not hits:
            return []
        hits = self._hits(prepared, hits)
        candidates = list(compiled.untriggered)
        for name in hits.keys() & compiled.by_trigger.keys():
            candidates += compiled.by_trigger[name]
        spans: list[tuple[int, int]] | None = None
        matches = []
        for index in sorted(candidates):
            rule, required = compiled.rules[index]
            if not required.issubset(hits):
                continue
            ranges = _evaluate(rule.when, hits, len(lowered), f"rule:{rule.id}" if rule.terms is not None else None)
            if ranges is None:
                continue
            token_evidence: list[tuple[int, int, str]] = []
            if rule.tokens and rule.tokens.get(lang):
                token_evidence = self._token_matches(compiled, lang, rule, sentence)
                if not token_evidence:
                    continue
            if spans is None:
                spans = prepared.word_spans()
            key = [item for item in ranges if item[3] < ANY_RANK] or ranges  # "any" context words are not evidence
            evidence = [(spans[first][0], spans[last - 1][1], owner, rank) for owner, first, last, rank in key]
            evidence += [(start, end, owner, 0) for start, end, owner in token_evidence]
            matches.append(RuleMatch(rule, tuple(sorted(set(evidence)))))
        return matches

    def _token_matches(self, compiled: _LanguageRules, lang: str, rule: Rule, sentence: str) -> list[
            tuple[int, int, str]]:
        if compiled._matcher is None:
            compiled._matcher = self._build_matcher(compiled, lang)
        from consentcheck.nlp import pipeline

        doc = pipeline(lang).make_doc(sentence)
        found = []
        for match_id, start, end in compiled._matcher(doc):
            if doc.vocab.strings[match_id] == rule.id:
                span = doc[start:end]
                found.append((span.start_char, span.end_char, f"rule:{rule.id}"))
        return found

    def _build_matcher(self, compiled: _LanguageRules, lang: str) -> Any:
        from spacy.matcher import Matcher

        from consentcheck.nlp import pipeline

        matcher = Matcher(pipeline(lang).vocab, validate=True)
        for rule in compiled.token_rules:
            assert rule.tokens is not None
            try:
                matcher.add(rule.id, rule.tokens[lang])
            except (ValueError, KeyError) as exc:
                message = " ".join(str(exc).split())[:300]
                raise RulePackError(f"rule {rule.id}: invalid token pattern for '{lang}': {message}") from None
        return matcher


OWN_TERMS = "@terms"
"""In a rule's conditions, ``@terms`` names the rule's own term list (e.g. in ``not_near``)."""
ANY_RANK = 3


def _required_names(rule: Rule) -> list[str]:
    """Names that must all be hit for ``rule`` to fire, the most selective first (its trigger)."""
    names = [f"rule:{rule.id}"] if rule.terms else []
    names += rule.when.all
    for pair in rule.when.near:
        names += pair.concepts
    return [name for name in dict.fromkeys(names) if name != OWN_TERMS]


def _evaluate(when: Conditions, hits: Hits, n_words: int, own_terms: str | None = None
              ) -> list[tuple[str, int, int, int]] | None:
    """Word ranges ``(owner, first, last, rank)`` that make ``when`` hold, or None when it does not.

    ``own_terms``: the lexicon owner of a rule's own term list, where it has one. ``rank`` orders the
    evidence for the message: own terms, then ``all``, ``near`` and ``any``.
    """
    if own_terms is not None:
        own = hits.get(own_terms)
        if not own or (when.whole and not any(a == 0 and b == n_words for a, b in own)):
            return None
        hits = {**hits, OWN_TERMS: own}
    for name in when.all:
        if name not in hits:
            return None
    for name in when.none:
        if name in hits:
            return None
    for group in when.any:
        if not any(name in hits for name in group):
            return None
    counted = [name for name in when.at_least.of if name in hits] if when.at_least else []
    if when.at_least and len(counted) < when.at_least.n:
        return None
    near_evidence: list[tuple[str, int, int, int]] = []
    for pair in when.near:
        found = _near(hits, pair)
        if found is None:
            return None
        near_evidence.extend((name, a, b, 2) for name, a, b in found)
    for pair in when.not_near:
        if _near(hits, pair) is not None:
            return None
    evidence = [(own_terms, a, b, 0) for a, b in hits.get(OWN_TERMS, ())] if own_terms else []
    evidence += [(name, a, b, 1) for name in [*when.all, *counted] for a, b in hits[name]]
    evidence += near_evidence
    evidence += [(name, a, b, ANY_RANK) for group in when.any for name in group for a, b in hits.get(name, ())]
    return evidence


def _inside_any(hit: tuple[int, int], containers: list[str], hits: dict[str, list[tuple[int, int]]]) -> bool:
    start, end = hit
    return any(c_start <= start and end <= c_end for name in containers for c_start, c_end in hits.get(name, ()))


def _near(hits: dict[str, list[tuple[int, int]]], pair: Near) -> list[tuple[str, int, int]] | None:
    """All hits of the pair's two concepts that lie close enough to each other, or None."""
    first, second = pair.concepts
    barriers = [start for name in pair.unless_between for start, _ in hits.get(name, ())]
    clause_ends = barriers + [start for start, _ in hits.get(COMMA, ())] if pair.trail else []
    found: list[tuple[str, int, int]] = []
    for a_start, a_end in hits.get(first, ()):
        for b_start, b_end in hits.get(second, ()):
            forward = b_start - a_end  # words from the end of the first to the second
            # with ``trail``, the first after the second counts only inside the same clause
            other_clause = any(b_end <= barrier <= a_start for barrier in clause_ends)
            close = (max(forward, a_start - b_end) <= pair.within and (not pair.ordered or a_start <= b_start)
                     and not other_clause)
            reaches = (
                a_start <= b_start and forward <= pair.reach
                and not any(a_end <= barrier < b_start for barrier in barriers)
            )
            trails = bool(pair.trail) and b_start <= a_start and a_start - b_end <= pair.trail and not other_clause
            if close or reaches or trails:
                found += [(first, a_start, a_end), (second, b_start, b_end)]
    return found or None


def compile_packs(packs: list[Pack]) -> CompiledPack:
    return CompiledPack(packs)
