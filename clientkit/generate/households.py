"""Clients of a synthetic book: families of individuals and enterprise/group clients.

A family (one 投保人 with spouse, children under 18 or a parent) shares an agent, a creation
date and usually an address. Each individual's ID number carries the birth date, the gender
(17th digit odd = 男) and a region code in use in the birth year; the address lies in that
code's province and city (DOMAIN.md C1-08; :mod:`clientkit.generate.regions`). Enterprise and
group clients (C1-02, C1-10) sit in provincial capitals with a valid USCC and a landline.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from clientkit.generate import days, identities, regions, vocab

HOLDER, SPOUSE, CHILD, PARENT = 0, 1, 2, 3
# family shapes: members by role, and their probabilities
_SHAPES = ([HOLDER], [HOLDER, SPOUSE], [HOLDER, SPOUSE, CHILD], [HOLDER, SPOUSE, CHILD, CHILD], [HOLDER, PARENT])
_SHAPE_P = [0.3, 0.25, 0.25, 0.1, 0.1]


def _place(tab, rows, street):
    prov, city, county = tab["province"][rows], tab["city"][rows], tab["county"][rows]
    city_part = np.where(city == prov, "", city)
    address = prov + city_part + county + street
    return prov, city, address


def individuals(rng: np.random.Generator, m: int, on: int, agent_ids: np.ndarray) -> pd.DataFrame:
    """``m`` individuals in families; extra columns ``family``, ``member`` and ``age`` for later steps."""
    shapes = rng.choice(len(_SHAPES), m // 2 + 2, p=_SHAPE_P)
    shape_sizes = np.array([len(s) for s in _SHAPES])
    while shape_sizes[shapes].sum() < m:  # many one-person households: draw more (rare, small m)
        shapes = np.concatenate([shapes, rng.choice(len(_SHAPES), m // 2 + 2, p=_SHAPE_P)])
    sizes = shape_sizes[shapes]
    fam = np.repeat(np.arange(len(shapes)), sizes)[:m]
    member = np.concatenate([_SHAPES[s] for s in shapes])[:m]
    f = fam.max() + 1 if m else 0
    has_child = np.isin(shapes[:f], [2, 3])
    h_age = np.where(has_child, rng.integers(30, 51, f), np.where(shapes[:f] == 4, rng.integers(35, 61, f), rng.integers(25, 66, f)))
    ha = h_age[fam]
    age = np.select(
        [member == HOLDER, member == SPOUSE, member == CHILD],
        [ha, np.maximum(ha + rng.integers(-4, 5, m), 23), rng.integers(0, 10**6, m) % np.minimum(18, ha - 21)],
        np.minimum(ha + rng.integers(24, 35, m), 92),
    )
    birth = on - np.round(age * 365.2425).astype(np.int64) - rng.integers(15, 350, m)
    age = days.age_on(birth, on)
    h_male = rng.random(f) < 0.5
    male = np.where(member == HOLDER, h_male[fam], np.where(member == SPOUSE, ~h_male[fam], rng.random(m) < 0.5))
    byear = days.ymd(birth)[0]
    tab = regions.region_table()
    own = regions.sample_regions(rng, byear)
    first = np.flatnonzero(member == HOLDER)
    h_row = own[first][fam]
    same = (tab["start"][h_row] < byear) & (byear < tab["end"][h_row])
    row = np.where(same, h_row, own)
    street = vocab.streets(rng, f)[fam]
    prov, city, address = _place(tab, row, street)
    ids = identities.id_numbers(tab["code"][row], birth.astype("datetime64[D]"), male, rng)
    client_id = identities.serials("C", m, 6)
    holder_id = client_id[first][fam]

    adult = age >= 18
    phone = identities.unique_mobiles(rng, m).astype(object)
    child_phone = np.where(rng.random(m) < 0.5, holder_id, None)
    phone = np.where(member == CHILD, np.where((age >= 12) & (rng.random(m) < 0.5), phone, None), phone)
    kid_shares = (member == CHILD) & pd.isna(phone) & (child_phone != None) & (rng.random(m) < 0.8)  # noqa: E711
    holder_phone = phone[first][fam]
    phone = np.where(kid_shares, holder_phone, phone)
    phone = np.where((member == PARENT) & (rng.random(m) < 0.3), None, phone)

    w = vocab.words()
    job = w["jobs"][rng.integers(0, len(w["jobs"]), m)].astype(object)
    occupation = np.where(adult, np.where(age >= 62, "退休人员", job), np.where(age >= 6, "学生", "学龄前儿童"))
    working = adult & (age < 62)
    employer = np.where(working, _company_names(rng, tab["city"][row]), None)
    income = np.where(working, np.round(np.exp(rng.normal(11.8, 0.6, m)), -3), np.where(adult, np.round(rng.uniform(24, 60, m)) * 1000, np.nan))
    fam_income = np.bincount(fam, weights=np.nan_to_num(income))[fam]
    created = on - rng.integers(60, 6 * 365, f)[fam]
    capacity = np.where(adult, "full", np.where(age >= 8, "limited", "none"))
    df = pd.DataFrame({
        "client_id": client_id, "client_type": "individual", "name": vocab.names(rng, male),
        "gender": np.where(male, "male", "female"), "birth_date": days.to_datetime(birth), "id_type": "id_card",
        "id_number": ids, "uscc": None, "phone": phone, "province": prov, "city": city, "address": address,
        "occupation": occupation, "employer": employer,
        "annual_income": np.where(member == CHILD, np.nan, income),
        "family_income": np.where(member == HOLDER, fam_income, np.nan),
        "health_notes": np.where(adult & (rng.random(m) < 0.15), vocab.HEALTH_NOTES[rng.integers(0, len(vocab.HEALTH_NOTES), m)], None),
        "bank_account": np.where((member == HOLDER) & (rng.random(m) < 0.7), identities.bank_cards(rng, m), None),
        "civil_capacity": capacity, "guardian_id": np.where(adult, None, holder_id),
        "industry": None, "legal_rep": None, "employee_count": np.nan,
        "agent_id": agent_ids[rng.integers(0, len(agent_ids), f)][fam], "created_on": days.to_datetime(created),
        "archive_state": "active",
    })
    df["family"], df["member"], df["age"], df["birth"], df["created"] = fam, member, age, birth, created
    return df


def _company_names(rng, cities: np.ndarray, suffixes: np.ndarray = vocab.COMPANY_SUFFIXES) -> np.ndarray:
    w = vocab.words()
    n = len(cities)
    pre = w["company_prefixes"][rng.integers(0, len(w["company_prefixes"]), n)]
    suf = suffixes[rng.integers(0, len(suffixes), n)]
    short = np.array([c[:-1] if c.endswith("市") else c for c in cities], dtype=object)
    return short + pre.astype(object) + suf.astype(object)


def organisations(rng: np.random.Generator, n_ent: int, n_grp: int, on: int, agent_ids: np.ndarray, start: int, family0: int) -> pd.DataFrame:
    """Enterprise and group clients with USCC, industry, legal representative and landline."""
    n = n_ent + n_grp
    tab = regions.region_table()
    row = regions.sample_capitals(rng, n)
    is_group = np.arange(n) >= n_ent
    street = vocab.streets(rng, n)
    prov, city, address = _place(tab, row, street)
    suffixes = np.where(is_group, vocab.GROUP_SUFFIXES[rng.integers(0, len(vocab.GROUP_SUFFIXES), n)],
                        vocab.COMPANY_SUFFIXES[rng.integers(0, len(vocab.COMPANY_SUFFIXES), n)])
    name = _company_names(rng, city, np.array([""])) + suffixes.astype(object)
    public = np.array([s.endswith(("学校", "医院", "研究院")) for s in suffixes])
    prefix = np.where(public, "12", "91")
    industry = np.where(public, np.where(np.char.endswith(suffixes.astype(str), "医院"), "卫生和社会工作", "教育"),
                        vocab.INDUSTRIES[rng.integers(0, 8, n)])
    code = tab["code"][row]
    created = on - rng.integers(60, 5 * 365, n)
    male = rng.random(n) < 0.7
    df = pd.DataFrame({
        "client_id": identities.serials("C", n, 6, start),
        "client_type": np.where(is_group, "group", "enterprise"), "name": name,
        "uscc": identities.uscc_codes(rng, code, prefix), "phone": identities.landlines(rng, code // 10000),
        "province": prov, "city": city, "address": address, "industry": industry,
        "legal_rep": vocab.names(rng, male),
        "employee_count": np.where(is_group, rng.integers(30, 2000, n), np.where(rng.random(n) < 0.5, rng.integers(5, 500, n), -1)),
        "agent_id": agent_ids[rng.integers(0, len(agent_ids), n)], "created_on": days.to_datetime(created),
        "archive_state": "active",
    })
    df["employee_count"] = df["employee_count"].astype("Int64").where(df["employee_count"] >= 0)
    df["family"], df["member"], df["age"], df["created"] = family0 + np.arange(n), HOLDER, -1, created
    df["birth"] = days.NO_DAY
    return df
