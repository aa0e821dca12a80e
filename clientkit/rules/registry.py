"""One registry of every rule of the handbook (DESIGN.md "Rules").

Rule metadata is data: ``clientkit/rules/data/chN.yaml`` holds, per chapter, the chapter number,
the module with its data checks and a list of rules (id, section, severity, tag, source,
title, statement, params, checkable, needs). A chapter module exposes ``CHECKS = {rule_id: function}``;
the registry attaches each function to its rule. A later chapter only adds a YAML file and a
module — loading is generic.

Tags (DOMAIN.md §0.1): ``V`` ✅ checked against the full text, ``S`` ☑ secondary source,
``P`` ⚠ industry practice (a company setting), ``H`` 📘 handbook text; display labels are the
catalog keys ``rules.tag.V`` …
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import import_module
from pathlib import Path
from typing import Any, Callable

import yaml

from clientkit.errors import ContentError
from clientkit.i18n import t
from clientkit.model.schema import TABLES

# libyaml's parser when PyYAML has it: the same documents, parsed ≈ 6× faster (first page of a kernel)
_YAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DATA_DIR = Path(__file__).with_name("data")
TAGS = ("V", "S", "P", "H")
SEVERITIES = ("high", "medium", "low")
_FIELDS = {"id", "section", "severity", "tag", "source", "title", "statement", "params", "checkable", "needs"}


@dataclass(frozen=True)
class Rule:
    """A rule of the handbook. ``check(book, on, settings) -> DataFrame`` of findings for rules
    checkable on data, else None. ``params`` maps setting names to their defaults. ``needs``: the
    tables (schema names) the check reads, declared once in the chapter's YAML; 档案体检 does not
    run a rule whose tables were not uploaded (:func:`clientkit.rules.audit.audit`, ``tables``)."""

    id: str
    chapter: int
    section: str
    severity: str
    tag: str
    source: str
    statement: str
    params: dict[str, Any] = field(default_factory=dict)
    check: Callable | None = field(default=None, compare=False, repr=False)
    title: str = ""
    needs: tuple[str, ...] = ()

    @property
    def tag_label(self) -> str:
        """The tag as shown to users, e.g. ``✔ 已核对法规原文``."""
        return t(f"rules.tag.{self.tag}")

    @property
    def severity_label(self) -> str:
        return t(f"rules.severity.{self.severity}")

    @property
    def checkable(self) -> bool:
        return self.check is not None


def _invalid(path: Path, detail: str) -> ContentError:
    return ContentError("error.content", detail=f"{path.name}: {detail}")


def _load_chapter(path: Path) -> list[Rule]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML) or {}
    chapter = int(data["chapter"])
    checks = getattr(import_module(data["module"]), "CHECKS", {}) if data.get("module") else {}
    out = []
    for item in data.get("rules", []):
        unknown = set(item) - _FIELDS
        if unknown or item.get("tag") not in TAGS or item.get("severity") not in SEVERITIES:
            raise _invalid(path, f"{item.get('id')}: {sorted(unknown) or item.get('tag') or item.get('severity')}")
        check = checks.get(item["id"]) if item.get("checkable") else None
        if item.get("checkable") and check is None:
            raise _invalid(path, f"{item['id']}: checkable but {data['module']} has no check")
        needs = tuple(item.get("needs") or ())
        if (check is not None and not needs) or not set(needs) <= set(TABLES):
            raise _invalid(path, f"{item['id']}: needs {list(needs)}")
        out.append(
            Rule(
                id=item["id"], chapter=chapter, section=str(item["section"]), severity=item["severity"],
                tag=item["tag"], source=item["source"], statement=item["statement"],
                params=dict(item.get("params") or {}), check=check, title=item.get("title", ""),
                needs=needs,
            )
        )
    return out


@lru_cache(maxsize=1)
def _all() -> tuple[Rule, ...]:
    found: list[Rule] = []
    for path in sorted(DATA_DIR.glob("ch*.yaml"), key=lambda p: int("".join(filter(str.isdigit, p.stem)) or 0)):
        found += _load_chapter(path)
    ids = [r.id for r in found]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise ContentError("error.content", detail=f"duplicate rule ids {sorted(dupes)}")
    return tuple(found)


def rules(chapter: int | None = None) -> list[Rule]:
    """Every rule in id order, or those of ``chapter``."""
    return [r for r in _all() if chapter is None or r.chapter == chapter]


def rule(rule_id: str) -> Rule:
    """The rule ``rule_id`` (e.g. ``"C1-08"``); raises KeyError for an unknown id."""
    for r in _all():
        if r.id == rule_id:
            return r
    raise KeyError(rule_id)


def default_params() -> dict[str, Any]:
    """Every parameter any rule declares, with its default (the base of company settings)."""
    out: dict[str, Any] = {}
    for r in _all():
        for name, value in r.params.items():
            if name in out and out[name] != value:
                raise ContentError("error.content", detail=f"parameter {name} declared twice with different defaults")
            out[name] = value
    return out
