"""Kind ``completeness``: compute a client file's completeness % and list its missing fields.

DOMAIN.md 1.2 exercise 5; C1-03 (投保人/被保险人/受益人 minimum set), C1-05 (投保单 key items),
C1-13 (complete entry). The required-field list is
:func:`clientkit.model.schema.required_fields` for the client's type and policy roles — shown with
the card, as the exercise gives it — never a second copy. A client of a generated Book gets some
required fields (and some optional ones, as distractors) emptied. Two items per file: a
``number`` (filled required ÷ required × 100, 1 decimal, ``params.tolerance`` default 0.1) and a
``multi`` of the missing required fields ("无缺失" = none).
"""
from __future__ import annotations

import numpy as np

from clientkit.i18n import t
from clientkit.model.schema import required_fields
from clientkit.practice.kinds.cards import rule_source
from clientkit.practice.kinds.client_cards import book_for, ORG_FIELDS, PERSON_FIELDS, blank, client_card, label, roles
from clientkit.practice.task import Item, ItemKey

DEFAULT_N = 1
NONE = "NONE"
_KEEP = ("client_id", "client_type")  # never emptied: the type decides the required list
_OPTIONAL = {"individual": ("employer", "family_income", "updated_on"), "enterprise": ("employee_count", "updated_on"),
             "group": ("updated_on", "last_contact_on")}


def check_params(params: dict) -> str | None:
    tol = params.get("tolerance", 0.1)
    if isinstance(tol, bool) or not isinstance(tol, (int, float)) or tol < 0:
        return t("practice.problem.param_type", name="tolerance")
    return None


def percent(filled: int, total: int) -> float:
    """Completeness in %, rounded half up to 1 decimal (e.g. 12 of 14 → 85.7)."""
    return float(np.floor(filled * 1000 / total + 0.5) / 10)


def _file(rng: np.random.Generator, params: dict):
    book = book_for(rng, int(params.get("book_size", 40)))
    clients = book.clients
    holders = set(book.policies["holder_id"])
    pool = [i for i, (cid, kind) in enumerate(zip(clients["client_id"], clients["client_type"]))
            if kind != "individual" or cid in holders]
    row = clients.iloc[pool[int(rng.integers(0, len(pool)))]].copy()
    kind = str(row["client_type"])
    client_roles = roles(book, row["client_id"]) if kind == "individual" else ()
    required = required_fields(kind, client_roles)
    candidates = [f for f in required if f not in _KEEP]
    k = 0 if rng.random() < 0.15 else int(rng.integers(1, min(4, len(candidates)) + 1))
    for f in rng.choice(candidates, size=k, replace=False):
        row[f] = None
    optional = list(_OPTIONAL[kind])
    for f in rng.choice(optional, size=int(rng.integers(0, len(optional) + 1)), replace=False):
        row[f] = None
    return row, kind, client_roles, required


def build(ex, rng: np.random.Generator, n: int, prefix: str, used: set) -> list[tuple[Item, ItemKey]]:
    out = []
    tol = float(ex.params.get("tolerance", 0.1))
    for i in range(1, n + 1):
        row, kind, client_roles, required = _file(rng, ex.params)
        missing = [f for f in required if blank(row[f])]
        pct = percent(len(required) - len(missing), len(required))
        shown = list(dict.fromkeys(["client_id", *(PERSON_FIELDS if kind == "individual" else ORG_FIELDS),
                                    *required, *_OPTIONAL[kind]]))
        note = t("practice.completeness.required", fields="、".join(label(f) for f in required), n=len(required))
        context = client_card(row, shown, client_roles, frozenset(), note=note)
        rule_ids = ("C1-03", "C1-13") if kind == "individual" else ("C1-13",)
        source = rule_source(rule_ids)
        why = t("practice.completeness.why", filled=len(required) - len(missing), total=len(required), pct=f"{pct:.1f}",
                missing="、".join(label(f) for f in missing) or t("practice.completeness.none"))
        number = Item(f"{prefix}{i:02d}a", t("practice.completeness.pct_prompt"), "number", context=context, unit="%",
                      rule_ids=rule_ids)
        opts = tuple((f, label(f)) for f in required) + ((NONE, t("practice.completeness.none")),)
        fields = Item(f"{prefix}{i:02d}b", t("practice.completeness.missing_prompt"), "multi", opts, rule_ids=rule_ids)
        out.append((number, ItemKey("number", pct, f"{pct:.1f}%", rule_ids, source, why, tolerance=tol)))
        expected = "、".join(label(f) for f in missing) or t("practice.completeness.none")
        out.append((fields, ItemKey("set", frozenset(missing), expected, rule_ids, source, why, none_value=NONE)))
    return out
