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
    return cases.check_case_params(params)


def build(ex, rng: np.random.Generator, n: int, prefix: str, used: set) -> list[tuple[Item, ItemKey]]:
    out = []
    for i, c in cases.draw(ex, rng, n):
        key = ItemKey("date", str(c.answer), str(c.answer), c.rule_ids, rule_source(c.rule_ids), c.explanation)
        item = Item(f"{prefix}{i:02d}", c.prompt or t("ch5.case.date_prompt"), "date",
                    context=card(c.rows, note=c.note), rule_ids=tuple(ex.rule_ids))
        out.append((item, key))
    return out
