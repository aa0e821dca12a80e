"""Kind ``number_calc``: compute one number for the shown case (within a tolerance).

Generic (NPS, ratios, amounts, counts — the numeric twin of ``date_calc``): ``params.case``
names a case generator of :mod:`clientkit.practice.cases` (``"ch3.nps"``) whose ``answer`` is the
number COMPUTED by the library's calculator; ``Case.extra`` may give ``unit`` and ``tolerance``
(``params.tolerance`` overrides it). ``params.include`` lists fixed cases (dicts of the case's
inputs) used first.
"""
from __future__ import annotations

from html import escape

import numpy as np

from clientkit.i18n import t
from clientkit.practice import cases
from clientkit.practice.kinds.cards import card, rule_source
from clientkit.practice.task import Item, ItemKey

DEFAULT_N = 2


def check_params(params: dict) -> str | None:
    problem = cases.check_case_params(params)
    if problem:
        return problem
    tol = params.get("tolerance", 0)
    if isinstance(tol, bool) or not isinstance(tol, (int, float)) or tol < 0:
        return t("practice.problem.param_type", name="tolerance")
    return None


def build(ex, rng: np.random.Generator, n: int, prefix: str, used: set) -> list[tuple[Item, ItemKey]]:
    out = []
    for i, c in cases.draw(ex, rng, n):
        value = float(c.answer)
        unit = c.extra.get("unit")
        tolerance = float(ex.params.get("tolerance", c.extra.get("tolerance", 0.0)))
        context = card(c.rows, note=c.note) if c.rows else (f'<div class="ck-muted">{escape(c.note)}</div>' if c.note else None)
        key = ItemKey("number", value, f"{value:g}" + (unit or ""), c.rule_ids, rule_source(c.rule_ids), c.explanation,
                      tolerance=tolerance)
        out.append((Item(f"{prefix}{i:02d}", c.prompt, "number", context=context, unit=unit, rule_ids=tuple(ex.rule_ids)), key))
    return out
