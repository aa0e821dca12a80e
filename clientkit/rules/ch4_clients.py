"""Chapter 4 — a client of a Book as matcher input (C4-01/C4-02 information; C4-25 life stage).

:func:`needs_of` reads what the book knows about an individual client: age on ``on`` (周岁),
family (or own) annual income, the latest risk-tolerance level (C2-04; 2 when none), whether an
in-force 费用补偿型 medical policy already covers them, and a life stage guessed from age and
children (practice, C4-25). The budget defaults to 10% of income (双十, practice, C4-23) and the
needs to the stage's priorities — an agent then edits them in the 产品匹配 tool.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from clientkit.errors import InputError
from clientkit.rules.ch4_heuristics import LIFE_STAGES
from clientkit.rules.ch4_products import Needs
from clientkit.rules.context import dates, text
from clientkit.rules.settings import current_settings

OPEN = ("in_force", "grace")


def _age(birth, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _age_of(row: pd.DataFrame, on: date) -> int:
    birth = dates(row["birth_date"]).iloc[0]
    return max(min(_age(birth.date(), on), 120), 0) if pd.notna(birth) else 30


def stage_of(age: int, has_children: bool) -> str:
    """C4-25 (practice): single / forming / growing / mature / retired."""
    if age >= 60:
        return "retired"
    if has_children:
        return "growing" if age < 45 else "mature"
    return "single" if age < 30 else ("forming" if age < 45 else "mature")


def needs_of(book, client_id: str, on: date) -> Needs:
    """The matcher input for ``client_id`` (an individual of ``book``); InputError if unknown."""
    c = book.clients
    row = c[text(c["client_id"]) == client_id]
    if row.empty or text(row["client_type"]).iloc[0] != "individual":
        raise InputError("ch4.error.client", value=client_id)
    age = _age_of(row, on)
    pol = book.policies
    as_child = pol[(text(pol["insured_id"]) == client_id) & (text(pol["relation"]) == "child")]
    holder_row, relation = row, "self"
    if age < 18 and len(as_child):
        holder_row = c[text(c["client_id"]) == text(as_child["holder_id"]).iloc[0]]
        relation = "child" if len(holder_row) else "self"
        holder_row = holder_row if len(holder_row) else row
    r = holder_row.iloc[0]
    income = r.get("family_income")
    if pd.isna(income):
        income = r.get("annual_income")
    income = float(income) if pd.notna(income) else 0.0
    ra = book.tables["risk_assessments"]
    mine = ra[text(ra["client_id"]) == client_id]
    level = int(mine.sort_values("assessed_on")["level"].iloc[-1]) if len(mine) else 2
    open_ = text(pol["status"]).isin(OPEN)
    medical = open_ & (text(pol["insured_id"]) == client_id) & (text(pol["product_type"]) == "medical")
    children = ((text(pol["holder_id"]) == client_id) & (text(pol["relation"]) == "child")).any()
    stage = stage_of(age, bool(children)) if relation == "self" else "growing"
    budget = round(income * current_settings().twin_ten_premium_share, -2) or 1000.0
    death = pd.to_numeric(pol.loc[open_ & (text(pol["insured_id"]) == client_id), "death_benefit"], errors="coerce").sum()
    return Needs(insured_age=age, holder_age=_age_of(holder_row, on), relation=relation,
                 existing_death_cover=float(death) if relation == "child" else 0.0, family_income=income, budget=budget,
                 risk_tolerance=min(max(level, 1), 5), needs=LIFE_STAGES[stage], has_indemnity_medical=bool(medical.any()),
                 stage=stage)
