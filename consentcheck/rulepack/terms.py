"""Fast term matching over the words of a sentence.

Terms are compiled into a per-language lexicon: each distinct word of the input is looked up once
(exact words through a dict, prefixes and suffixes through dicts of every prefix/suffix, infixes by
a short scan) and cached, so the cost per word is a dict lookup. Phrases are then verified word by
word from the positions where their first word matched. This is the cheap trigger layer: a sentence
whose words match no term costs one regex scan and a few dict lookups.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from consentcheck.rulepack.schema import term_parts

WORD = re.compile(r"\w+")
GAP = 3  # words that "..." may skip; "...N" skips up to N


@dataclass(frozen=True, slots=True)
class Spec:
    kind: str  # exact | prefix | suffix | infix | gap
    value: str

    @classmethod
    def parse(cls, part: str) -> Spec:
        if part.startswith("..."):
            return cls("gap", part[3:] or str(GAP))
        if part.startswith("*") and part.endswith("*"):
            return cls("infix", part.strip("*"))
        if part.endswith("*"):
            return cls("prefix", part[:-1])
        if part.startswith("*"):
            return cls("suffix", part[1:])
        return cls("exact", part)


@dataclass(frozen=True, slots=True)
class Term:
    owner: str  # concept id, or "rule:<id>" for a rule's own terms
    text: str
    specs: tuple[int, ...]  # spec ids; a negative number -N is a gap of up to N words


class Lexicon:
    """All terms of one language. ``match(words)`` -> {owner: [(first, last_exclusive), ...]}."""

    def __init__(self) -> None:
        self._spec_ids: dict[Spec, int] = {}
        self._by_id: list[Spec] = []
        self._exact: dict[str, list[int]] = defaultdict(list)
        self._prefix: dict[str, list[int]] = defaultdict(list)
        self._suffix: dict[str, list[int]] = defaultdict(list)
        self._infix: list[tuple[str, int]] = []
        self._singles: dict[int, list[str]] = defaultdict(list)  # one-word terms: spec -> owners
        self._starts: dict[int, list[Term]] = defaultdict(list)  # terms with gaps, by their first spec
        # terms of consecutive words, by their most selective word (the longest), with its position
        self._anchored: dict[int, list[tuple[Term, int]]] = defaultdict(list)
        self._cache: dict[str, frozenset[int]] = {}
        self._actions: dict[int, tuple[list[str], list[tuple[Term, int]], list[Term]]] | None = None
        self._max_prefix = 0
        self._max_suffix = 0

    def add(self, owner: str, term: str) -> None:
        specs = []
        for part in term_parts(term):
            spec = Spec.parse(part)
            if spec.kind == "gap":
                specs.append(-int(spec.value))
                continue
            if spec not in self._spec_ids:
                spec_id = len(self._spec_ids)
                self._spec_ids[spec] = spec_id
                self._by_id.append(spec)
                if spec.kind == "exact":
                    self._exact[spec.value].append(spec_id)
                elif spec.kind == "prefix":
                    self._prefix[spec.value].append(spec_id)
                    self._max_prefix = max(self._max_prefix, len(spec.value))
                elif spec.kind == "suffix":
                    self._suffix[spec.value].append(spec_id)
                    self._max_suffix = max(self._max_suffix, len(spec.value))
                else:
                    self._infix.append((spec.value, spec_id))
            specs.append(self._spec_ids[spec])
        if len(specs) == 1:
            if owner not in self._singles[specs[0]]:
                self._singles[specs[0]].append(owner)
        elif min(specs) >= 0:
            offset = max(range(len(specs)), key=lambda k: len(self._by_id[specs[k]].value))
            self._anchored[specs[offset]].append((Term(owner, term, tuple(specs)), offset))
        else:
            self._starts[specs[0]].append(Term(owner, term, tuple(specs)))
        self._cache.clear()
        self._actions = None

    def _spec_actions(self) -> dict[int, tuple[list[str], list[tuple[Term, int]], list[Term]]]:
        """Per spec: the one-word terms' owners, the anchored terms and the gapped terms it starts
        (one dict lookup per spec of a word in ``match`` instead of three)."""
        if self._actions is None:
            keys = self._singles.keys() | self._anchored.keys() | self._starts.keys()
            self._actions = {key: (self._singles.get(key, []), self._anchored.get(key, []), self._starts.get(key, []))
                             for key in keys}
        return self._actions

    def specs_of(self, word: str) -> frozenset[int]:
        """Spec ids that a (lower-case) word satisfies; cached per distinct word."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        found: list[int] = list(self._exact.get(word, ()))
        for length in range(1, min(len(word), self._max_prefix) + 1):
            found.extend(self._prefix.get(word[:length], ()))
        for length in range(1, min(len(word), self._max_suffix) + 1):
            found.extend(self._suffix.get(word[-length:], ()))
        for value, spec_id in self._infix:
            if value in word:
                found.append(spec_id)
        result = frozenset(found)
        if len(self._cache) < 500_000:
            self._cache[word] = result
        return result

    def anchors(self, owners: set[str]) -> Lexicon:
        """A lexicon of one word per term of ``owners``: the word that any match must contain
        (its longest one). A text none of whose words is an anchor cannot match those owners."""
        anchors = Lexicon()
        inverse = self._by_id

        def as_term(spec: Spec) -> str:
            return {"exact": "{}", "prefix": "{}*", "suffix": "*{}", "infix": "*{}*"}[spec.kind].format(spec.value)

        for spec_id, spec_owners in self._singles.items():
            if owners.intersection(spec_owners):
                anchors.add("anchor", as_term(inverse[spec_id]))
        for spec_id, anchored in self._anchored.items():
            if any(term.owner in owners for term, _ in anchored):
                anchors.add("anchor", as_term(inverse[spec_id]))
        for terms in self._starts.values():
            for term in terms:
                if term.owner in owners:
                    best = max((inverse[s] for s in term.specs if s >= 0), key=lambda spec: len(spec.value))
                    anchors.add("anchor", as_term(best))
        return anchors

    def any_word(self, words: list[str]) -> bool:
        """Does any of the (lower-case) words satisfy any spec? Dict lookups only, for words seen before."""
        cache = self._cache
        for word in words:
            specs = cache.get(word)
            if specs is None:
                specs = self.specs_of(word)
            if specs:
                return True
        return False

    def match(self, words: list[str]) -> dict[str, list[tuple[int, int]]]:
        """Hits per owner as word-index ranges; ``words`` are lower-case."""
        cache = self._cache
        word_specs = [cache.get(word) for word in words]
        for index, specs in enumerate(word_specs):
            if specs is None:
                word_specs[index] = self.specs_of(words[index])
        hits: dict[str, list[tuple[int, int]]] = defaultdict(list)
        actions = self._spec_actions()
        count = len(words)
        for index, specs in enumerate(word_specs):
            if not specs:
                continue
            for spec_id in specs:
                action = actions.get(spec_id)
                if action is None:
                    continue
                owners, anchored, starts = action
                for owner in owners:
                    hits[owner].append((index, index + 1))
                for term, offset in anchored:
                    specs_ = term.specs
                    start = index - offset
                    end = start + len(specs_)
                    if start < 0 or end > count:
                        continue
                    for k, spec in enumerate(specs_):
                        if k != offset and spec not in word_specs[start + k]:  # type: ignore[operator]
                            break
                    else:
                        hits[term.owner].append((start, end))
                for term in starts:
                    found = _rest(term.specs, 1, word_specs, index + 1)  # type: ignore[arg-type]
                    if found is not None:
                        hits[term.owner].append((index, found))
        return hits


def _rest(specs: tuple[int, ...], position: int, word_specs: list[frozenset[int]], index: int) -> int | None:
    if position == len(specs):
        return index
    spec = specs[position]
    if spec < 0:
        for skip in range(-spec + 1):
            end = _rest(specs, position + 1, word_specs, index + skip)
            if end is not None:
                return end
        return None
    if index < len(word_specs) and spec in word_specs[index]:
        return _rest(specs, position + 1, word_specs, index + 1)
    return None
