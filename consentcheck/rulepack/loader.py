"""Load rule packs from YAML. Errors name the file, the rule id where known, and the reason."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import ValidationError

from consentcheck.errors import RulePackError
from consentcheck.rulepack.schema import Attribute, Concept, Omission, Pack, Rule

M = TypeVar("M", Rule, Omission, Attribute)

DEFAULT_RULES_DIR = Path(__file__).resolve().parent.parent / "_rules"
"""The bundled packs: ``rules/`` in a source checkout, copied into the wheel as ``consentcheck/_rules``."""
if not DEFAULT_RULES_DIR.is_dir():
    DEFAULT_RULES_DIR = Path(__file__).resolve().parents[2] / "rules"


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false. In YAML 1.1 "yes", "no", "on", "off" are booleans too, which
    would turn the term lists of a rule pack ("no", "on", "yes") into True/False."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise RulePackError(f"{path}:{where} not valid YAML ({getattr(exc, 'problem', exc)})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RulePackError(f"{path}: cannot be read ({exc})") from None


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    location = ".".join(str(part) for part in first["loc"]) or "(top)"
    more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"[{location}] {first['msg']}{more}"


def load_rule_file(path: Path) -> Rule:
    return _load_one(path, Rule, "rule")


def load_omission_file(path: Path) -> Omission:
    return _load_one(path, Omission, "omission")


def _load_one(path: Path, model: type[M], what: str, key: str = "id") -> M:
    """One mapping per file, validated; errors name the file, the item's ``key`` and the reason."""
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise RulePackError(f"{path}: a {what} file holds one mapping ({key}, ...)")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RulePackError(f"{path}: {what} {data.get(key, '?')}: {_describe(exc)}") from None


def load_concept_file(path: Path) -> list[Concept]:
    data = _read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("concepts"), list):
        raise RulePackError(f"{path}: a concept file holds 'concepts:' with a list of concepts")
    concepts = []
    for item in data["concepts"]:
        concept_id = item.get("id", "?") if isinstance(item, dict) else "?"
        try:
            concepts.append(Concept.model_validate(item))
        except ValidationError as exc:
            raise RulePackError(f"{path}: concept {concept_id}: {_describe(exc)}") from None
    return concepts


def load_attribute_file(path: Path) -> Attribute:
    return _load_one(path, Attribute, "attribute", key="attribute")


def load_pack(path: Path) -> Pack:
    """Load a pack folder (``pack.yaml`` + ``concepts/`` + ``rules/``) or a single rule file."""
    if path.is_file():
        rule = load_rule_file(path)
        return Pack(name=path.stem, version="0", description=f"single rule {path}", license="unknown",
                    languages=list(rule.languages), rules=[rule])
    if not path.is_dir():
        raise RulePackError(f"{path}: no such rule pack; give a pack folder (with pack.yaml) or a rule file")
    meta_path = path / "pack.yaml"
    if not meta_path.is_file():
        raise RulePackError(f"{path}: not a rule pack (pack.yaml missing)")
    meta = _read_yaml(meta_path)
    if not isinstance(meta, dict):
        raise RulePackError(f"{meta_path}: must hold a mapping (name, version, ...)")
    concepts = [c for file in sorted((path / "concepts").glob("*.yaml")) for c in load_concept_file(file)]
    rules = [load_rule_file(file) for file in sorted((path / "rules").glob("*.yaml"))]
    attributes = [load_attribute_file(file) for file in sorted((path / "attributes").glob("*.yaml"))]
    omissions = [load_omission_file(file) for file in sorted((path / "omissions").glob("*.yaml"))]
    try:
        return Pack.model_validate({**meta, "concepts": concepts, "attributes": attributes, "rules": rules,
                                    "omissions": omissions})
    except ValidationError as exc:
        raise RulePackError(f"{meta_path}: {_describe(exc)}") from None


def load_packs(extra: list[Path] | None = None, include_default: bool = True) -> list[Pack]:
    paths: list[Path] = []
    if include_default:
        if not DEFAULT_RULES_DIR.is_dir():
            raise RulePackError(f"{DEFAULT_RULES_DIR}: the bundled rule packs are missing; reinstall consentcheck")
        paths.extend(sorted(p for p in DEFAULT_RULES_DIR.iterdir() if (p / "pack.yaml").is_file()))
    paths.extend(extra or [])
    return [load_pack(p) for p in paths]
