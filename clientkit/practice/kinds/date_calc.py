"""Kind ``date_calc``: compute a date for the shown record (exact match).

Generic (deadlines, retention-until days, valid-until days): ``params.case`` names a case
generator of :mod:`clientkit.practice.cases` (``"ch5.retention"``) whose ``answer`` is the ISO
date computed by the library's calculator; ``params.include`` lists fixed records (dicts of the
case's inputs) used first. The exercise intro states the reading graded (DOMAIN.md §0.5).
"""
from __future__ import annotations

import numpy as np

from clientkit.i18n import t
from clientkit.practice import cases
from clientkit.practice.kinds.cards import card, rule_source
from clientkit.practice.task import Item, ItemKey

DEFAULT_N = 4


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
        key = ItemKey("date", str(c.answer), str(c.answer), c.rule_ids, rule_source(c.rule_ids), c.explanation)
        item = Item(f"{prefix}{i:02d}", c.prompt or t("ch5.case.date_prompt"), "date",
                    context=card(c.rows, note=c.note), rule_ids=tuple(ex.rule_ids))
        out.append((item, key))
    return out
