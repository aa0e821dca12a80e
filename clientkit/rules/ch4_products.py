"""Chapter 4 — the synthetic product catalogue and the needs-based matcher (DOMAIN.md §4.1–4.4).

:func:`load_products` reads ``sample_data/products.csv`` (columns in ``sample_data/PRODUCTS.md``).
:func:`match_products` takes a :class:`Needs` and returns suitable products ranked with their
reasons and the declarations / 双录 a sale would need, and the excluded products with the rule
that excludes them. Gates, in this order (the first that applies is reported):

* C4-11 — no insurable interest (保险法 第31条): every product is excluded;
* C4-15 — the insured's age is outside the product's age limits;
* C4-05 — the product type is not one of the client's needs (需求明显不匹配);
* C4-05/C4-20 — an indemnity (费用补偿型) product on top of existing indemnity medical cover;
* C4-03/C4-05 — the premium exceeds the family's annual income (支付能力明显不足);
* C4-10 — product risk grade above the client's risk tolerance;
* C4-07 (☑S, bank channel only) — uncertain-benefit products for a holder over 65, or over 60 for 期交;
* C4-12 — a minor's death benefit above the cap left after existing cover.

Requirements of a suitable product: C4-06 投保声明 (clauses of 第39条), C4-09 抄录风险提示语,
C4-08 风险承受能力评估 (投连), C4-12 被保险人同意 (death cover, not a parent for a minor) and
C2-08 双录 (:func:`clientkit.rules.ch2_profile.needs_dual_recording`: bank any >1-year life; agent /
broker 60周岁以上 >1-year or any 投连; never internet). Ranking: life-stage priority
(C4-25, practice), then the order of ``needs``, then lower risk grade, then lower premium.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from clientkit.config import sample_data_dir
from clientkit.errors import InputError
from clientkit.i18n import t
from clientkit.model.schema import PRODUCT_TYPES
from clientkit.rules.ch2_profile import needs_dual_recording
from clientkit.rules.ch4_heuristics import LIFE_STAGES
from clientkit.rules.ch4_suitability import (UNCERTAIN_TYPES, _age, _number, contract_verdict, declaration_triggers,
                                             insurable_interest, minor_death_cap, relation_key)

COLUMNS = ("product_code", "product_name", "product_type", "risk_grade", "term_years", "pay_years", "min_age",
           "max_age", "death_benefit", "indemnity", "premium")


@lru_cache(maxsize=2)
def load_products(path: str | None = None) -> pd.DataFrame:
    """The product catalogue (default ``sample_data/products.csv``), one row per product."""
    frame = pd.read_csv(path or sample_data_dir() / "products.csv", dtype={"product_code": str, "product_name": str})
    missing = [c for c in COLUMNS if c not in frame.columns]
    bad_type = set(frame["product_type"]) - set(PRODUCT_TYPES) if "product_type" in frame else set()
    if missing or bad_type:
        raise InputError("ch4.error.catalogue", detail="、".join(missing + sorted(bad_type)))
    return frame[list(COLUMNS)]


@dataclass(frozen=True)
class Needs:
    """What the agent learnt (C4-01/C4-02). Ages in 周岁, money in 元 per year."""

    insured_age: int
    holder_age: int
    family_income: float
    budget: float
    risk_tolerance: int
    needs: tuple[str, ...]
    relation: str = "self"
    insured_consents: bool = True
    has_indemnity_medical: bool = False
    existing_death_cover: float = 0.0
    channel: str = "agent"
    stage: str | None = None
    extra: dict = field(default_factory=dict, compare=False)

    def checked(self) -> Needs:
        """Self, validated: InputError with a Chinese message for bad values."""
        _age(self.insured_age), _age(self.holder_age)
        _number("family_income", self.family_income)
        _number("budget", self.budget, positive=True)
        _number("existing_death_cover", self.existing_death_cover)
        relation_key(self.relation)
        if isinstance(self.risk_tolerance, bool) or self.risk_tolerance not in (1, 2, 3, 4, 5):
            raise InputError("ch4.error.tolerance", value=self.risk_tolerance)
        unknown = [n for n in self.needs if n not in PRODUCT_TYPES]
        if not self.needs or unknown:
            raise InputError("ch4.error.needs", value="、".join(map(str, unknown)) or "-")
        if self.stage is not None and self.stage not in LIFE_STAGES:
            raise InputError("ch4.error.stage", value=self.stage)
        return self


def _exclusion(p, n: Needs, verdict: str) -> tuple[str, str] | None:
    ptype, single = p.product_type, p.pay_years == 1 and p.term_years != 1
    if verdict == "void":
        return "C4-11", t("ch4.match.void")
    if not p.min_age <= n.insured_age <= p.max_age:
        return "C4-15", t("ch4.match.age", age=n.insured_age, low=p.min_age, high=p.max_age)
    if ptype not in n.needs:
        return "C4-05", t("ch4.match.not_needed", type=PRODUCT_TYPES[ptype])
    if p.indemnity and n.has_indemnity_medical:
        return "C4-05", t("ch4.match.duplicate")
    if p.premium > n.family_income:
        return "C4-05", t("ch4.match.capacity", premium=f"{p.premium:,.0f}", income=f"{n.family_income:,.0f}")
    if p.risk_grade > n.risk_tolerance:
        return "C4-10", t("ch4.match.risk", grade=p.risk_grade, tolerance=n.risk_tolerance)
    if n.channel == "bank" and ptype in UNCERTAIN_TYPES and (n.holder_age > 65 or (n.holder_age > 60 and not single)):
        return "C4-07", t("ch4.match.bank_legacy", age=n.holder_age)
    if p.death_benefit > 0 and n.insured_age < 18 and relation_key(n.relation) == "child":
        room = max(minor_death_cap(n.insured_age) - n.existing_death_cover, 0)
        if p.death_benefit > room:
            return "C4-12", t("ch4.match.minor_cap", cap=f"{minor_death_cap(n.insured_age):,}",
                              room=f"{room:,.0f}", death=f"{p.death_benefit:,.0f}")
    return None


def requirements(p, n: Needs) -> list[tuple[str, str]]:
    """``(rule_id, Chinese text)`` of what selling product ``p`` to ``n`` needs."""
    out = []
    ptype, single = p.product_type, p.pay_years == 1 and p.term_years != 1
    if ptype in UNCERTAIN_TYPES:
        clauses = declaration_triggers(age=n.holder_age, family_income=n.family_income, budget=n.budget,
                                       premium=float(p.premium), pay_years=int(p.pay_years), single_premium=single)
        if clauses:
            out.append(("C4-06", t("ch4.match.declaration", clauses="、".join(f"第{c}项" for c in sorted(clauses)))))
        out.append(("C4-09", t("ch4.match.hand_copy")))
    if ptype == "unit_linked":
        out.append(("C4-08", t("ch4.match.risk_assessment")))
    key = relation_key(n.relation)
    if p.death_benefit > 0 and key != "self" and not (key == "child" and n.insured_age < 18):
        out.append(("C4-12", t("ch4.match.consent")))
    if needs_dual_recording(n.holder_age, n.channel, ptype, p.term_years):
        out.append(("C2-08", t("ch4.match.dual_record")))
    return out


def match_products(needs: Needs, products: pd.DataFrame | None = None) -> dict[str, list[dict]]:
    """``{"suitable": [...], "excluded": [...]}`` for ``needs`` (see the module docstring).

    A suitable row: code, name, type, rank, reasons (texts), requirements ((rule_id, text)).
    An excluded row: code, name, type, rule_id, reason."""
    n = needs.checked()
    catalogue = load_products() if products is None else products
    verdict = contract_verdict(n.relation, insured_consents=n.insured_consents, death_benefit=False,
                               insured_age=n.insured_age)
    if not insurable_interest(n.relation, n.insured_consents):
        verdict = "void"  # nothing can be sold until the insured consents (第31条第2款)
    stage = LIFE_STAGES.get(n.stage or "", ())
    suitable, excluded = [], []
    for p in catalogue.itertuples(index=False):
        base = {"code": p.product_code, "name": p.product_name, "type": PRODUCT_TYPES[p.product_type]}
        hit = _exclusion(p, n, verdict)
        if hit:
            excluded.append({**base, "rule_id": hit[0], "reason": hit[1]})
            continue
        reasons = [t("ch4.match.need", type=PRODUCT_TYPES[p.product_type]),
                   t("ch4.match.risk_ok", grade=p.risk_grade, tolerance=n.risk_tolerance),
                   t("ch4.match.age_ok", low=p.min_age, high=p.max_age),
                   t("ch4.match.budget", share=round(100 * p.premium / n.budget))]
        if p.product_type in stage:
            reasons.append(t("ch4.match.stage", pos=stage.index(p.product_type) + 1))
        order = (stage.index(p.product_type) if p.product_type in stage else len(stage),
                 n.needs.index(p.product_type), p.risk_grade, p.premium)
        suitable.append({**base, "order": order, "reasons": reasons, "requirements": requirements(p, n)})
    suitable.sort(key=lambda r: r["order"])
    for i, row in enumerate(suitable, start=1):
        row.pop("order")
        row["rank"] = i
    return {"suitable": suitable, "excluded": excluded}
