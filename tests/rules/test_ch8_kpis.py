"""KPIs of DOMAIN.md §8.2 on small books worked out by hand (readings in clientkit/rules/ch8_kpis.py)."""
from datetime import date

import pandas as pd
import pytest

from clientkit.model.book import Book
from clientkit.model.frames import coerce_frame
from clientkit.rules.ch8_appraisal import improvement_log
from clientkit.rules.ch8_kpis import KPI_CODES, kpis, kpis_for

ON = date(2024, 12, 31)


def book(**frames) -> Book:
    return Book({name: coerce_frame(pd.DataFrame(df), name)[0] for name, df in frames.items()})


def row(b: Book, code: str, on=ON, **kw) -> pd.Series:
    return kpis_for(b, on, **kw).set_index("kpi").loc[code]


def test_shape_and_formulas():
    out = kpis(Book.empty(), ON)
    assert list(out["kpi"]) == list(KPI_CODES)
    assert list(out.columns) == ["kpi", "name", "value", "numerator", "denominator", "unit", "formula"]
    assert out["value"].isna().all() and (out["denominator"] == 0).all()
    assert out["formula"].str.contains("÷").all() and out["name"].str.len().gt(0).all()
    assert "30 天" in out.set_index("kpi").loc["timely_update", "formula"]


def test_completeness_counts_required_fields_by_type_and_role():
    # an individual holder needs 9 fields + the columns every individual needs; emptying phone
    # and occupation leaves 2 missing. An enterprise with every required column empty but id/type/name.
    from clientkit.model.schema import required_fields

    need_holder = required_fields("individual", ("holder",))
    need_org = required_fields("enterprise")
    person = {f: "x" for f in need_holder} | {"client_id": "C1", "client_type": "individual", "phone": None,
                                              "occupation": None, "birth_date": "1980-01-01", "annual_income": 1.0,
                                              "gender": "male", "id_type": "id_card", "created_on": "2020-01-01",
                                              "archive_state": "active"}
    org = {"client_id": "C2", "client_type": "enterprise", "name": "某公司"}
    b = book(clients=[person, org], policies=[{"policy_id": "P1", "holder_id": "C1", "insured_id": "C1"}])
    filled_org = sum(1 for f in need_org if f in org)
    r = row(b, "completeness")
    assert r["denominator"] == len(need_holder) + len(need_org)
    assert r["numerator"] == len(need_holder) - 2 + filled_org


def test_accuracy_checks_ids_usccs_and_phones():
    clients = [
        {"client_id": "C1", "client_type": "individual", "id_type": "id_card", "id_number": "11010519491231002X", "phone": "13812345678"},
        {"client_id": "C2", "client_type": "individual", "id_type": "id_card", "id_number": "110105194912310021", "phone": "12345"},
        {"client_id": "C3", "client_type": "individual", "id_type": "passport", "id_number": "E12345678"},
        {"client_id": "C4", "client_type": "enterprise", "uscc": "91350100M000100Y43", "phone": "0591-87654321"},
    ]
    r = row(book(clients=clients), "accuracy")
    # checked: 2 ID cards (passport not checked), 1 USCC, 3 phones = 6; valid: 1 ID, 1 USCC, 2 phones = 4
    assert (r["numerator"], r["denominator"]) == (4, 6)
    assert r["value"] == pytest.approx(400 / 6)


def test_timely_update_30_days_inclusive_and_period():
    updates = [
        {"update_id": "U1", "client_id": "C1", "field": "phone", "changed_on": "2024-03-01", "recorded_on": "2024-03-31"},  # 30 days: on time
        {"update_id": "U2", "client_id": "C1", "field": "phone", "changed_on": "2024-03-01", "recorded_on": "2024-04-01"},  # 31: late
        {"update_id": "U3", "client_id": "C2", "field": "address", "changed_on": "2024-12-31", "recorded_on": None},       # never recorded
        {"update_id": "U4", "client_id": "C2", "field": "address", "changed_on": "2023-12-31", "recorded_on": "2024-01-01"},  # before period
    ]
    r = row(book(updates=updates), "timely_update")
    assert (r["numerator"], r["denominator"]) == (1, 3)


def test_return_visit_success_per_policy():
    inter = [
        {"interaction_id": "I1", "client_id": "C1", "policy_id": "P1", "kind": "return_visit", "occurred_on": "2024-05-01", "success": False},
        {"interaction_id": "I2", "client_id": "C1", "policy_id": "P1", "kind": "return_visit", "occurred_on": "2024-05-03", "success": True},
        {"interaction_id": "I3", "client_id": "C2", "policy_id": "P2", "kind": "return_visit", "occurred_on": "2024-06-01", "success": False},
        {"interaction_id": "I4", "client_id": "C3", "policy_id": "P3", "kind": "return_visit", "occurred_on": "2024-07-01", "success": True},
        {"interaction_id": "I5", "client_id": "C4", "policy_id": "P4", "kind": "contact", "occurred_on": "2024-07-01", "success": True},
    ]
    r = row(book(interactions=inter), "return_visit")
    assert (r["numerator"], r["denominator"]) == (2, 3)


def _ledger(paid2_p1, paid2_p2, status_p2="in_force"):
    policies = [{"policy_id": "P1", "pay_mode": "annual", "status": "in_force"},
                {"policy_id": "P2", "pay_mode": "annual", "status": status_p2},
                {"policy_id": "P3", "pay_mode": "single", "status": "in_force"}]
    premiums = [
        {"payment_id": "F1", "policy_id": "P1", "policy_year": 1, "due_date": "2023-01-31", "amount": 1000, "paid_date": "2023-01-31"},
        {"payment_id": "F2", "policy_id": "P1", "policy_year": 2, "due_date": "2024-01-31", "amount": 1000, "paid_date": paid2_p1},
        {"payment_id": "F3", "policy_id": "P2", "policy_year": 1, "due_date": "2023-06-10", "amount": 3000, "paid_date": "2023-06-10"},
        {"payment_id": "F4", "policy_id": "P2", "policy_year": 2, "due_date": "2024-06-10", "amount": 3000, "paid_date": paid2_p2},
        {"payment_id": "F5", "policy_id": "P3", "policy_year": 1, "due_date": "2023-05-01", "amount": 9000, "paid_date": "2023-05-01"},
    ]
    return book(policies=policies, premiums=premiums)


def test_persistency_13_grace_end_rolls_off_the_weekend():
    # P1: due 2024-01-31 + 60 days = Sunday 2024-03-31 → grace ends Monday 2024-04-01 (民法典 第203条)
    # P2: due 2024-06-10 + 60 days = 2024-08-09 (Friday). P3 is 趸交: excluded.
    r = row(_ledger("2024-04-01", "2024-08-09"), "persistency_13")
    assert (r["numerator"], r["denominator"], r["value"]) == (4000, 4000, 100.0)
    r = row(_ledger("2024-04-02", "2024-08-10"), "persistency_13")
    assert (r["numerator"], r["denominator"], r["value"]) == (0, 4000, 0.0)
    r = row(_ledger("2024-04-01", None), "persistency_13")
    assert r["value"] == pytest.approx(25.0)


def test_persistency_excludes_cooling_off_and_claim_terminated():
    r = row(_ledger("2024-02-01", None, status_p2="cancelled_cooling_off"), "persistency_13")
    assert (r["numerator"], r["denominator"]) == (1000, 1000)
    r = row(_ledger("2024-02-01", None, status_p2="claim_terminated"), "persistency_13")
    assert r["denominator"] == 1000


def test_persistency_25_uses_the_third_year():
    b = book(policies=[{"policy_id": "P1", "pay_mode": "annual", "status": "in_force"}], premiums=[
        {"payment_id": "F1", "policy_id": "P1", "policy_year": 1, "due_date": "2022-03-01", "amount": 500, "paid_date": "2022-03-01"},
        {"payment_id": "F2", "policy_id": "P1", "policy_year": 2, "due_date": "2023-03-01", "amount": 500, "paid_date": "2023-03-01"},
        {"payment_id": "F3", "policy_id": "P1", "policy_year": 3, "due_date": "2024-03-01", "amount": 500, "paid_date": "2024-04-15"},
    ])
    r25, r13 = row(b, "persistency_25"), row(b, "persistency_13")
    assert (r25["numerator"], r25["denominator"]) == (500, 500)
    assert r13["denominator"] == 0  # year-2 grace ended 2023-04-30, before the period


def test_complaints_on_time_and_rate():
    # 2024-09-16 simple: 15 days → 10-01 (国庆) → deadline 2024-10-08. 2024-11-01 complex: 30 days → 12-01 (Sunday) → 12-02.
    inter = [
        {"interaction_id": "I1", "client_id": "C1", "kind": "complaint", "occurred_on": "2024-09-16", "complaint_level": "simple", "decided_on": "2024-10-08"},
        {"interaction_id": "I2", "client_id": "C2", "kind": "complaint", "occurred_on": "2024-09-16", "complaint_level": "simple", "decided_on": "2024-10-09"},
        {"interaction_id": "I3", "client_id": "C3", "kind": "complaint", "occurred_on": "2024-11-01", "complaint_level": "complex", "decided_on": "2024-12-02"},
        {"interaction_id": "I4", "client_id": "C4", "kind": "complaint", "occurred_on": "2024-12-20", "complaint_level": "simple", "decided_on": None},  # not yet due
        {"interaction_id": "I5", "client_id": "C5", "kind": "complaint", "occurred_on": "2024-10-01", "complaint_level": "simple", "decided_on": None},  # overdue
    ]
    policies = [{"policy_id": f"P{i}", "status": "in_force" if i <= 4 else "surrendered"} for i in range(1, 6)]
    b = book(interactions=inter, policies=policies)
    r = row(b, "complaint_on_time")
    assert (r["numerator"], r["denominator"]) == (2, 4)
    rate = row(b, "complaint_rate")
    assert (rate["numerator"], rate["denominator"], rate["value"]) == (5, 4, 12500.0)



def test_complaints_on_time_in_2027_are_marked_provisional():
    # 2027 has no published schedule: the statutory layer answers (1-1 Friday 元旦, no 补假).
    # 2026-12-20 simple: 15 days → Monday 2027-01-04; 2026-12-28 simple → Tuesday 2027-01-12.
    inter = [
        {"interaction_id": "I1", "client_id": "C1", "kind": "complaint", "occurred_on": "2026-12-20", "complaint_level": "simple", "decided_on": "2027-01-04"},
        {"interaction_id": "I2", "client_id": "C2", "kind": "complaint", "occurred_on": "2026-12-28", "complaint_level": "simple", "decided_on": "2027-01-13"},
    ]
    out = kpis_for(book(interactions=inter, policies=[{"policy_id": "P1", "status": "in_force"}]), date(2027, 1, 31))
    r = out.set_index("kpi").loc["complaint_on_time"]
    assert (r["numerator"], r["denominator"]) == (1, 2)
    assert out.attrs["provisional"] == ["complaint_on_time"]
    # a deadline inside 2026 (12-01 + 15 → Wednesday 12-16) comes from chinese_calendar: not provisional
    early = [{**inter[0], "occurred_on": "2026-12-01", "decided_on": "2026-12-10"}]
    assert kpis_for(book(interactions=early), date(2026, 12, 31)).attrs["provisional"] == []

def test_nps_domain_example():
    # DOMAIN.md §3.5 exercise 5: 120 promoters, 50 passives, 30 detractors → 45
    scores = [10] * 120 + [8] * 50 + [3] * 30
    inter = [{"interaction_id": f"S{i}", "client_id": "C1", "kind": "survey", "occurred_on": "2024-06-01", "nps_score": s}
             for i, s in enumerate(scores)]
    r = row(book(interactions=inter), "nps")
    assert (r["numerator"], r["denominator"], r["value"]) == (90, 200, 45.0)


def test_dual_qc_and_rectification():
    policies = [{"policy_id": p, "sign_date": "2024-05-01", "dual_recorded": True} for p in ("P1", "P2", "P3")]
    docs = [{"document_id": "D1", "policy_id": "P1", "doc_type": "dual_recording", "sha256": "a" * 64, "edited": False},
            {"document_id": "D2", "policy_id": "P2", "doc_type": "dual_recording", "sha256": "b" * 64, "edited": True},
            {"document_id": "D3", "policy_id": "P3", "doc_type": "application", "sha256": "c" * 64, "edited": False}]
    r = row(book(policies=policies, documents=docs), "dual_qc")
    assert (r["numerator"], r["denominator"]) == (1, 3)
    log = improvement_log([
        {"finding": "a", "owner": "o", "due_on": "2024-06-30", "metric": "m", "closed_on": "2024-06-30"},
        {"finding": "b", "owner": "o", "due_on": "2024-06-30", "metric": "m", "closed_on": "2024-07-01"},
        {"finding": "c", "owner": "o", "due_on": "2024-11-30", "metric": "m"},
        {"finding": "d", "owner": "o", "due_on": "2025-03-01", "metric": "m"},
    ])
    r = row(Book.empty(), "rectification_on_time", improvements=log)
    assert (r["numerator"], r["denominator"]) == (1, 3)


def test_generated_book_kpis_are_rates():
    from clientkit.generate import generate_book

    b = generate_book(300, seed=4, defect_rate=0.2)
    out = kpis(b, b.meta["on"]).set_index("kpi")
    rates = out.drop(index=["nps", "complaint_rate", "rectification_on_time"])
    rates = rates.dropna()
    assert len(rates) >= 6 and ((rates["value"] >= 0) & (rates["value"] <= 100)).all()
    assert (rates["numerator"] <= rates["denominator"]).all()
    assert out.loc["completeness", "value"] < 100  # planted C1-03/C1-13 gaps


def test_odd_data_reports_instead_of_raising():
    # dates outside the holiday calendar, unknown level, missing cells: KPIs still computed
    inter = [
        {"interaction_id": "I1", "client_id": "C1", "kind": "complaint", "occurred_on": "1999-03-01", "complaint_level": None, "decided_on": None},
        {"interaction_id": "I2", "client_id": "C2", "kind": "complaint", "occurred_on": "1999-12-20", "complaint_level": "complex", "decided_on": "2000-01-10"},
        {"interaction_id": "I3", "client_id": "C3", "kind": "return_visit", "occurred_on": "1999-06-01", "success": None, "policy_id": "P1"},
    ]
    premiums = [{"payment_id": "F1", "policy_id": "P1", "policy_year": 2, "due_date": "1999-02-01", "amount": 10, "paid_date": None}]
    b = book(interactions=inter, premiums=premiums, policies=[{"policy_id": "P1", "pay_mode": "annual", "status": "in_force"}])
    out = kpis(b, "1999-12-31").set_index("kpi")
    assert (out.loc["complaint_on_time", "numerator"], out.loc["complaint_on_time", "denominator"]) == (1, 2)
    assert (out.loc["return_visit", "numerator"], out.loc["return_visit", "denominator"]) == (0, 1)
    assert out.loc["persistency_13", "denominator"] == 0  # no year-1 premium recorded
