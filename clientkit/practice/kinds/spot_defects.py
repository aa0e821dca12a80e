"""Kind ``spot_defects``: flag the faulty fields on client cards of a generated Book.

DOMAIN.md chapter 1 (C1-03, C1-08, C1-09, C1-10, C1-11, C1-12, C1-13). Each card is one ``multi``
item whose options are the card's fields plus "无问题". The key is the generator's ground truth
(``book.defects``: rule id, client, field), never typed twice; the explanation is the finding of
:func:`clientkit.rules.audit.audit` for the same client (the test checks both agree). Only defects
that a single card shows are used (``params.rules``): a client with any other planted defect (e.g.
a phone shared across families, C1-06) is not drawn. A field that a rule of the exercise judges
(:data:`SUBJECT_FIELDS`: the phone for C1-11/C1-12, the address and legal representative for C1-13,
the ID number and USCC for C1-08…C1-10) is shown as it is — a masked phone cannot be judged
(content review, issue 9); every other personal field (e.g. the name of a person) stays masked.
"""
from __future__ import annotations

from datetime import date

import numpy as np

from clientkit.i18n import t
from clientkit.practice.kinds.cards import rule_source
from clientkit.practice.kinds.client_cards import book_for, ORG_FIELDS, PERSON_FIELDS, client_card, label, roles
from clientkit.practice.task import Item, ItemKey

DEFAULT_N = 5
NONE = "NONE"
VISIBLE_RULES = ("C1-03", "C1-08", "C1-09", "C1-10", "C1-11", "C1-12", "C1-13")
RAW = frozenset({"id_number", "uscc"})
# rule -> the card fields whose raw value the rule judges (a blank is visible even when masked)
SUBJECT_FIELDS = {
    "C1-03": frozenset(),
    "C1-08": frozenset({"id_number", "birth_date", "gender"}),
    "C1-09": frozenset({"id_number"}),
    "C1-10": frozenset({"uscc"}),
    "C1-11": frozenset({"phone"}),
    "C1-12": frozenset({"phone"}),
    "C1-13": frozenset({"phone", "address", "province", "city", "industry", "legal_rep", "employee_count"}),
}


def raw_fields(rules) -> frozenset:
    """The fields shown unmasked when the exercise is about ``rules``."""
    return RAW.union(*(SUBJECT_FIELDS[r] for r in rules))


def check_params(params: dict) -> str | None:
    rate = params.get("defect_rate", 0.5)
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 < rate <= 1:
        return t("practice.problem.param_type", name="defect_rate")
    if not set(params.get("rules") or VISIBLE_RULES) <= set(VISIBLE_RULES):
        return t("practice.problem.spot_rules", rules="、".join(VISIBLE_RULES))
    return None


def fields_of(kind: str) -> tuple[str, ...]:
    return PERSON_FIELDS if kind == "individual" else tuple(f for f in ORG_FIELDS if f != "employee_count" or kind == "group")


def draw(book, rng: np.random.Generator, n: int, rules, clean_share: float) -> list[str]:
    """Client ids for ``n`` cards: defective clients whose every defect is a visible one of
    ``rules``, and about ``clean_share`` defect-free clients."""
    d = book.defects
    per_client = d.groupby("client_id")
    ok = set()
    for cid, rows in per_client:
        kind = book.clients.loc[book.clients["client_id"] == cid, "client_type"].iloc[0]
        if rows["rule_id"].isin(rules).all() and rows["field"].isin(fields_of(kind)).all():
            ok.add(cid)
    defective = sorted(ok)
    clean = sorted(set(book.clients["client_id"]) - set(d["client_id"]))
    n_def = min(n - int(round(n * clean_share)), len(defective))
    n_clean = min(n - n_def, len(clean))
    picks = [defective[i] for i in rng.choice(len(defective), size=n_def, replace=False)]
    picks += [clean[i] for i in rng.choice(len(clean), size=n_clean, replace=False)]
    return [picks[i] for i in rng.permutation(len(picks))]


def build(ex, rng: np.random.Generator, n: int, prefix: str, used: set) -> list[tuple[Item, ItemKey]]:
    from clientkit.rules.audit import audit

    p = ex.params
    on = date.fromisoformat(str(p["on"])) if p.get("on") else None
    rules = tuple(p.get("rules") or VISIBLE_RULES)
    book = book_for(rng, int(p.get("book_size", 80)), defect_rate=float(p.get("defect_rate", 0.5)), on=on)
    chosen = draw(book, rng, n, rules, float(p.get("clean_share", 0.25)))
    findings = audit(book, chapter=1)
    findings = findings[findings["client_id"].isin(chosen) & findings["rule_id"].isin(rules)]
    out = []
    for i, cid in enumerate(chosen, start=1):
        row = book.clients.loc[book.clients["client_id"] == cid].iloc[0]
        kind = str(row["client_type"])
        fields = fields_of(kind)
        defects = book.defects[book.defects["client_id"] == cid]
        key_fields = [f for f in fields if f in set(defects["field"])]
        rule_ids = tuple(sorted(set(defects["rule_id"]))) or tuple(ex.rule_ids)
        found = findings[findings["client_id"] == cid]
        why = "；".join(f'{r["rule_id"]} {label(r["field"]) if r["field"] in fields else r["field"]}：{r["message"]}'
                       for _, r in found.iterrows()) or t("practice.spot.clean")
        context = client_card(row, fields, roles(book, cid), raw_fields(rules))
        opts = tuple((f, label(f)) for f in fields) + ((NONE, t("practice.spot.none")),)
        expected = "、".join(label(f) for f in key_fields) or t("practice.spot.none")
        key = ItemKey("set", frozenset(key_fields), expected, rule_ids, rule_source(rule_ids), why, none_value=NONE)
        out.append((Item(f"{prefix}{i:02d}", t("practice.spot.prompt"), "multi", opts, context=context,
                         rule_ids=tuple(ex.rule_ids)), key))
    return out
