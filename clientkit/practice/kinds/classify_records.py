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
    return cases.check_case_params(params)


def build(ex, rng: np.random.Generator, n: int, prefix: str, used: set) -> list[tuple[Item, ItemKey]]:
    out = []
    for i, c in cases.draw(ex, rng, n):
        labels = dict(c.options)
        key = ItemKey("choice", c.answer, labels[c.answer], c.rule_ids, rule_source(c.rule_ids), c.explanation)
        item = Item(f"{prefix}{i:02d}", c.prompt or t("records.classify_prompt"), "single", tuple(c.options),
                    context=card(c.rows, note=c.note), rule_ids=tuple(ex.rule_ids))
        out.append((item, key))
    return out
