"""Kind ``flag_records``: tick every flag / violation that applies to a shown record (set-F1).

Generic: ``params.case`` names a case generator of :mod:`clientkit.practice.cases`
(``"ch2.profile_flags"``) whose answer is a frozenset of option values computed by the library;
the option ``NONE`` ("无") stands for the empty set. ``params.include`` lists fixed records.
"""
from __future__ import annotations

import numpy as np

from clientkit.i18n import t
from clientkit.practice import cases
from clientkit.practice.kinds.cards import card, rule_source
from clientkit.practice.task import Item, ItemKey

DEFAULT_N = 3
NONE = "NONE"


def check_params(params: dict) -> str | None:
    return cases.check_case_params(params)


def build(ex, rng: np.random.Generator, n: int, prefix: str, used: set) -> list[tuple[Item, ItemKey]]:
    out = []
    for i, c in cases.draw(ex, rng, n):
        labels = dict(c.options)
        options = tuple(c.options) + ((NONE, t("records.none")),)
        expected = "、".join(labels[v] for v, _ in c.options if v in c.answer) or t("records.none")
        key = ItemKey("set", frozenset(c.answer), expected, c.rule_ids, rule_source(c.rule_ids), c.explanation,
                      none_value=NONE)
        item = Item(f"{prefix}{i:02d}", c.prompt or t("records.flag_prompt"), "multi", options,
                    context=card(c.rows, note=c.note), rule_ids=tuple(ex.rule_ids))
        out.append((item, key))
    return out
