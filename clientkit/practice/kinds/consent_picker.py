"""Kind ``consent_picker``: which legal basis / consent does processing this data item need?

DOMAIN.md 1.2 exercise 6; C1-20 (PIPL 第28–30条: sensitive data needs 单独同意), C1-21 (第31条:
a child under 14 needs a parent's or guardian's consent) and PIPL 第13条 (contract necessity).
The answer table is data in YAML (``params.table``: ``item``, ``answer``, ``rule_ids``,
``source``, ``explanation``); the choices are the consent types of
:data:`clientkit.model.schema.CONSENT_TYPES`. ``params.note`` (the DOMAIN.md "recommended
practice" reading for health data needed for underwriting) is shown with EVERY item, so it
does not single out the item it is about.
"""
from __future__ import annotations

from html import escape

import numpy as np

from clientkit.i18n import t
from clientkit.model.schema import CONSENT_TYPES
from clientkit.practice.task import Item, ItemKey

DEFAULT_N = 5
CHOICES = ("contract_necessary", "general", "separate", "guardian")
_ROW_FIELDS = {"item", "answer", "rule_ids", "source", "explanation"}


def check_params(params: dict) -> str | None:
    from clientkit.rules.registry import rule

    table = params.get("table")
    if not isinstance(table, list) or not table:
        return t("practice.problem.param_type", name="table")
    for row in table:
        if not isinstance(row, dict) or set(row) != _ROW_FIELDS:
            return t("practice.problem.consent_row", row=row)
        if row["answer"] not in CHOICES:
            return t("practice.problem.consent_answer", item=row["item"], value=row["answer"])
        for rid in row["rule_ids"]:
            try:
                rule(rid)
            except KeyError:
                return t("practice.problem.unknown_rule", rule_id=rid)
    if params.get("n_items", DEFAULT_N) > len(table):
        return t("practice.problem.pool_small", have=len(table), need=params.get("n_items", DEFAULT_N))
    return None


def options() -> tuple[tuple[str, str], ...]:
    return tuple((c, CONSENT_TYPES[c]) for c in CHOICES)


def build(ex, rng: np.random.Generator, n: int, prefix: str, used: set) -> list[tuple[Item, ItemKey]]:
    table = ex.params["table"]
    note = ex.params.get("note")
    context = f'<div class="ck-muted">{escape(note.strip())}</div>' if note else None
    opts = options()
    out = []
    for i, j in enumerate(rng.choice(len(table), size=min(n, len(table)), replace=False), start=1):
        row = table[int(j)]
        rule_ids = tuple(row["rule_ids"])
        key = ItemKey("choice", row["answer"], CONSENT_TYPES[row["answer"]], rule_ids, row["source"],
                      row["explanation"].strip())
        prompt = t("practice.consent.prompt", item=escape(row["item"]))
        out.append((Item(f"{prefix}{i:02d}", prompt, "single", opts, context=context, rule_ids=tuple(ex.rule_ids)), key))
    return out
