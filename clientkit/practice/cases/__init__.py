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
