"""Case generators for the generic kinds ``classify_records`` and ``flag_records``.

A case module of this package (``ch2.py`` …) exposes ``CASES = {name: function}``; YAML names a
case as ``"<module>.<name>"`` (e.g. ``ch2.suitability``). A case function takes the numpy
generator and the exercise params and returns a :class:`Case`: the record shown (label/value
rows), the options, and the answer COMPUTED by the library's calculator for that record. The
kinds turn cases into items; chapters add cases, not kinds.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import Callable


@dataclass(frozen=True)
class Case:
    """One record to classify (``answer`` an option value) or to flag (``answer`` a frozenset)."""

    rows: list
    options: tuple
    answer: object
    explanation: str
    rule_ids: tuple
    prompt: str = ""
    note: str | None = None
    extra: dict = field(default_factory=dict)


def find(name) -> Callable | None:
    """The case function named ``"<module>.<name>"``, or None when there is no such case."""
    if not isinstance(name, str) or name.count(".") != 1:
        return None
    module, case = name.split(".")
    try:
        cases = getattr(import_module(f"{__name__}.{module}"), "CASES", {})
    except ImportError:
        return None
    return cases.get(case)


def check_case_params(params: dict) -> str | None:
    """The parameter check every case-driven kind shares: a known ``case`` and a list ``include``."""
    from clientkit.i18n import t

    if find(params.get("case")) is None:
        return t("practice.problem.param_type", name="case")
    if not isinstance(params.get("include", []), list):
        return t("practice.problem.param_type", name="include")
    return None


def draw(ex, rng, n: int):
    """``(number, case)`` for the ``n`` items of a case-driven exercise: the fixed records of
    ``params.include`` first, then cases drawn from ``rng``."""
    make = find(ex.params["case"])
    fixed = list(ex.params.get("include") or [])[:n]
    for i in range(1, n + 1):
        yield i, make(rng, ex.params, fixed[i - 1] if i <= len(fixed) else None)
