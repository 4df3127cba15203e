"""Document-level findings: what a text never says (no opt-out, no data named, a denial only for now).

Omissions are data too (``rules/<pack>/omissions/*.yaml``). They look at the sentence findings of a
document and, where they need to, at whether the text mentions a concept anywhere. They are built to
stay silent when in doubt: an omission claims the text lacks something, so it must not fire on a text
that says it in words the rules did not classify.
"""

from __future__ import annotations

import re

from consentcheck.models import MAX_QUOTES, DocumentFinding, Finding, Quote
from consentcheck.rulepack import CompiledPack
from consentcheck.rulepack.schema import Omission
from consentcheck.rulepack.sentence import LINK
from consentcheck.rulepack.terms import WORD, Lexicon

_ANY_LINK = re.compile(r"\]\(|https?://|www\.", re.IGNORECASE)
GENERIC_VALUES = {"user-content"}  # "your data" names no scope


class OmissionChecker:
    def __init__(self, rules: CompiledPack) -> None:
        self.omissions: list[Omission] = [o for pack in rules.packs for o in pack.omissions]
        self.categories = rules.categories
        names = {n for o in self.omissions for n in (*o.when.mentions, *o.when.not_mentions) if n != LINK}
        unknown = sorted(names - set(rules.concepts))
        if unknown:
            from consentcheck.errors import RulePackError

            raise RulePackError(f"omissions name unknown concept(s) {', '.join(unknown)}")
        self._lexicons: dict[str, Lexicon] = {}
        for lang in ("de", "en"):
            lexicon = Lexicon()
            for name in names:
                for term in rules.concept_terms(name, lang):
                    lexicon.add(name, term)
            self._lexicons[lang] = lexicon

    def check(self, text: str, lang: str, kind: str, findings: list[Finding]) -> list[DocumentFinding]:
        found: list[DocumentFinding] = []
        mentioned: list[set[str]] = []  # filled on first need: the concepts the text mentions
        by_category: dict[str, list[Finding]] = {}
        for finding in findings:
            by_category.setdefault(finding.category, []).append(finding)
        for omission in self.omissions:
            if lang not in omission.languages or kind not in omission.documents:
                continue
            related = self._holds(omission, text, lang, by_category, mentioned)
            if related is None:
                continue
            found.append(DocumentFinding(
                id=omission.id, category=omission.category, severity=omission.severity,
                message=omission.message.get(lang), explanation=omission.explanation.get(lang),
                related=[Quote.of(f) for f in related[:MAX_QUOTES]],
                related_count=len(related),
            ))
        return found

    def _holds(self, omission: Omission, text: str, lang: str, by_category: dict[str, list[Finding]],
               mentioned: list[set[str]]) -> list[Finding] | None:
        """The findings the omission is about, or None when it does not hold."""
        when = omission.when
        related = [f for category in when.present for f in by_category.get(category, [])]
        if when.present and not related:
            return None
        if any(by_category.get(category) for category in when.absent):
            return None
        if when.every:
            subjects = by_category.get(when.every.category, [])
            partners = {(f.start, f.end) for c in when.every.with_categories for f in by_category.get(c, [])}
            if not subjects or any((f.start, f.end) not in partners for f in subjects):
                return None
            related = related or subjects
        if when.without_attribute:
            statements = [f.statement for f in by_category.get("ai-training", []) if f.statement]
            if any(set(s.values(when.without_attribute)) - GENERIC_VALUES for s in statements):
                return None
        if when.mentions and not any(self._mentions(name, text, lang, mentioned) for name in when.mentions):
            return None
        if any(self._mentions(name, text, lang, mentioned) for name in when.not_mentions):
            return None
        return related

    def _mentions(self, name: str, text: str, lang: str, cache: list[set[str]]) -> bool:
        if not cache:
            present = {LINK} if _ANY_LINK.search(text) else set()
            lexicon = self._lexicons[lang]
            for block in text.split("\n\n"):
                present.update(lexicon.match(WORD.findall(block.lower())))
            cache.append(present)
        return name in cache[0]
