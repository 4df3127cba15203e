"""Rule packs: schema (pydantic), term matching, loading and compiling."""

from consentcheck.rulepack.compiler import CompiledPack, RuleMatch, compile_packs
from consentcheck.rulepack.loader import DEFAULT_RULES_DIR, load_pack, load_packs
from consentcheck.rulepack.schema import Concept, Pack, Rule

__all__ = [
    "DEFAULT_RULES_DIR",
    "CompiledPack",
    "Concept",
    "Pack",
    "Rule",
    "RuleMatch",
    "compile_packs",
    "load_pack",
    "load_packs",
]
