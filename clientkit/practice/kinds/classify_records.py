"""Kind ``classify_records``: put each shown record in one class (single choice, exact).

Generic (DESIGN.md "Exercises": classify tier, RFM, risk level, life stage, suitability …):
``params.case`` names a case generator of :mod:`clientkit.practice.cases` (``"ch2.rfm"``) that
draws a record and computes its class with the library's calculator; ``params.include`` is a
list of fixed records passed to the case function first (each a dict of its inputs).
"""
from __future__ import annotations

import numpy as np

from clientkit.i18n import t
from clientkit.practice import cases
from clientkit.practice.kinds.cards import card, rule_source
from clientkit.practice.task import Item, ItemKey

DEFAULT_N = 5


def check_params(params: dict) -> str | None:
    if cases.find(params.get("case")) is None:
        return t("practice.problem.param_type", name="case")
    if not isinstance(params.get("include", []), list):
        return t("practice.problem.param_type", name="include")
    return None


def build(ex, rng: np.random.Generator, n: int, prefix: str, used: set) -> list[tuple[Item, ItemKey]]:
    make = cases.find(ex.params["case"])
    fixed = list(ex.params.get("include") or [])[:n]
    out = []
    for i in range(1, n + 1):
        c = make(rng, ex.params, fixed[i - 1] if i <= len(fixed) else None)
        labels = dict(c.options)
        key = ItemKey("choice", c.answer, labels[c.answer], c.rule_ids, rule_source(c.rule_ids), c.explanation)
        item = Item(f"{prefix}{i:02d}", c.prompt or t("records.classify_prompt"), "single", tuple(c.options),
                    context=card(c.rows, note=c.note), rule_ids=tuple(ex.rule_ids))
        out.append((item, key))
    return out
