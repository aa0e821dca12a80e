"""Kind ``product_match``: given a client's needs and a few products of the catalogue, pick the
products that may be recommended (DOMAIN.md §4.2–4.4; C4-05, C4-10, C4-11, C4-12, C4-15).

Each item draws a client (ages, income, budget, risk tolerance, needs, existing cover) and
``params.n_products`` (default 6) products of ``sample_data/products.csv`` with ``rng``; the key
is the set of suitable products of :func:`clientkit.rules.ch4_products.match_products` — the
same matcher as the chapter's 产品匹配 tab — and the explanation names, for each excluded
product, the rule that excludes it. "None suitable" is an option.
"""
from __future__ import annotations

from html import escape

import numpy as np

from clientkit.i18n import t
from clientkit.model.schema import PRODUCT_TYPES
from clientkit.practice.task import Item, ItemKey

DEFAULT_N = 2
NONE = "NONE"
_NEEDS = ("term_life", "whole_life", "critical_illness", "medical", "accident", "annuity", "participating",
          "universal", "unit_linked")


def check_params(params: dict) -> str | None:
    k = params.get("n_products", 6)
    if isinstance(k, bool) or not isinstance(k, int) or not 3 <= k <= 10:
        return t("practice.problem.param_type", name="n_products")
    return None


def _client(rng: np.random.Generator):
    from clientkit.rules.ch4_products import Needs

    child = bool(rng.random() < 0.3)
    holder = int(rng.integers(28, 68))
    insured = int(rng.integers(1, 17)) if child else holder
    needs = tuple(str(x) for x in rng.choice(_NEEDS, size=int(rng.integers(2, 5)), replace=False))
    return Needs(insured_age=insured, holder_age=holder, family_income=float(rng.choice([60_000, 150_000, 300_000, 600_000])),
                 budget=float(rng.choice([5_000, 10_000, 20_000, 50_000])), risk_tolerance=int(rng.integers(1, 6)),
                 needs=needs, relation="child" if child else "self", has_indemnity_medical=bool(rng.random() < 0.3),
                 existing_death_cover=float(rng.choice([0, 100_000, 150_000])) if child else 0.0)


def card(n) -> str:
    """The client's needs as a small HTML card (no personal data: ages and amounts only)."""
    rows = [("被保险人", f"{n.insured_age} 周岁" + ("（投保人的子女）" if n.relation == "child" else "（投保人本人）")),
            ("投保人", f"{n.holder_age} 周岁"), ("家庭年收入", f"{n.family_income:,.0f} 元"), ("保费预算", f"{n.budget:,.0f} 元/年"),
            ("风险承受能力", f"{n.risk_tolerance} 级（1 最低，5 最高）"),
            ("保障需求", "、".join(PRODUCT_TYPES[x] for x in n.needs)),
            ("已有费用补偿型医疗险", "有" if n.has_indemnity_medical else "无")]
    if n.relation == "child":
        rows.append(("已有身故保障", f"{n.existing_death_cover:,.0f} 元"))
    body = "".join(f"<tr><th>{escape(a)}</th><td>{escape(b)}</td></tr>" for a, b in rows)
    return f'<table class="ck-card">{body}</table>'


def product_table(frame) -> str:
    head = "<tr><th>产品</th><th>类型</th><th>风险等级</th><th>投保年龄</th><th>身故保险金</th><th>保费</th></tr>"
    body = "".join(
        f"<tr><td>{escape(r.product_name)}</td><td>{escape(PRODUCT_TYPES[r.product_type])}</td><td>R{r.risk_grade}</td>"
        f"<td>{r.min_age}–{r.max_age}</td><td>{r.death_benefit:,}</td><td>{r.premium:,}</td></tr>" for r in frame.itertuples())
    return f'<table class="ck-table">{head}{body}</table>'


def build(ex, rng: np.random.Generator, n: int, prefix: str, used: set) -> list[tuple[Item, ItemKey]]:
    from clientkit.rules.ch4_products import load_products, match_products

    catalogue = load_products()
    k = int(ex.params.get("n_products", 6))
    out = []
    for i in range(1, n + 1):
        needs = _client(rng)
        shown = catalogue.iloc[np.sort(rng.choice(len(catalogue), size=k, replace=False))]
        result = match_products(needs, shown)
        right = frozenset(r["code"] for r in result["suitable"])
        opts = tuple((r.product_code, r.product_name) for r in shown.itertuples()) + ((NONE, t("ch4.kind.none")),)
        why = "；".join(f"{r['name']}：{r['rule_id']} {r['reason']}" for r in result["excluded"]) or t("ch4.kind.all_ok")
        expected = "、".join(r["name"] for r in result["suitable"]) or t("ch4.kind.none")
        rule_ids = tuple(sorted({r["rule_id"] for r in result["excluded"]} | set(ex.rule_ids)))
        key = ItemKey("set", right, expected, rule_ids, t("ch4.kind.source"), why, none_value=NONE)
        context = card(needs) + product_table(shown)
        out.append((Item(f"{prefix}{i:02d}", t("ch4.kind.prompt"), "multi", opts, context=context,
                         rule_ids=tuple(ex.rule_ids)), key))
    return out
