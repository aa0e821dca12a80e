"""Chapter 3 data checks (C3-05, C3-12, C3-15, C3-22) on a clean generated book and on
hand-made faults; 回访 item and coaching-phrase helpers."""
from datetime import date

import pandas as pd
import pytest

from clientkit.generate import generate_book
from clientkit.model.book import Book
from clientkit.rules.audit import audit
from clientkit.rules.ch3_service import coaching_phrases_in, visit_items_missing

ON = date(2026, 6, 30)


@pytest.fixture(scope="module")
def book():
    return generate_book(400, seed=5)


def _copy(book, **changes):
    tables = {k: v.copy() for k, v in book.tables.items()}
    for name, fn in changes.items():
        tables[name] = fn(tables[name])
    return Book(tables)


def _found(book, rule):
    f = audit(book, on=ON, chapter=3)
    return f[f.rule_id == rule]


def test_clean_book_has_no_chapter3_findings(book):
    assert audit(book, on=ON, chapter=3).empty


def test_visit_items_and_coaching_helpers():
    all7 = "本人投保;亲自签名;已阅读条款;知悉保险责任与责任免除;知悉退保损失;知悉犹豫期;知悉缴费期间与频率"
    assert visit_items_missing(all7) == []
    assert visit_items_missing("本人投保；亲自签名") == ["已阅读条款", "知悉保险责任与责任免除", "知悉退保损失", "知悉犹豫期", "知悉缴费期间与频率"]
    # item 7 (缴费期间与频率) is only for installment policies
    assert visit_items_missing(all7.rsplit(";", 1)[0], "single") == []
    assert visit_items_missing(all7.rsplit(";", 1)[0], "annual") == ["知悉缴费期间与频率"]
    assert coaching_phrases_in("回访时您就说都清楚了、知道了") == ["清楚了", "知道了"]
    assert coaching_phrases_in("请您如实回答回访问题") == []


def test_c3_05_missing_visit_and_missing_items(book):
    visits = book.interactions[book.interactions.kind == "return_visit"]
    gone, short = visits.iloc[0], visits.iloc[1]

    def change(df):
        df = df[df.interaction_id != gone.interaction_id].copy()
        df.loc[df.interaction_id == short.interaction_id, "items_confirmed"] = "本人投保;亲自签名;已阅读条款"
        return df

    found = _found(_copy(book, interactions=change), "C3-05")
    assert set(zip(found.table, found.field, found.client_id)) == {
        ("policies", "sign_date", gone.client_id), ("interactions", "items_confirmed", short.client_id)}
    assert "知悉退保损失" in found[found.table == "interactions"].message.iloc[0]


def test_c3_05_visit_after_the_cooling_off_period(book):
    visit = book.interactions[book.interactions.kind == "return_visit"].iloc[2]
    sign = book.policies.set_index("policy_id").loc[visit.policy_id, "sign_date"]

    def late(df):
        df.loc[df.interaction_id == visit.interaction_id, "occurred_on"] = sign + pd.Timedelta(days=40)
        return df

    found = _found(_copy(book, interactions=late), "C3-05")
    assert list(found.client_id) == [visit.client_id] and list(found.field) == ["sign_date"]


def test_c3_15_complaint_late_and_open(book):
    rows = pd.DataFrame({
        "interaction_id": ["X1", "X2", "X3", "X4"], "client_id": book.clients.client_id.iloc[:4].tolist(),
        "kind": "complaint", "occurred_on": pd.to_datetime(["2025-03-03", "2025-03-03", "2026-06-20", "2025-03-03"]),
        "complaint_level": ["simple", "simple", "simple", "very_complex"],
        # 3-18 is the last day (ok); 3-19 is late; 6-20 + 15 not yet due; very complex → 5-6 (ok)
        "decided_on": pd.to_datetime(["2025-03-18", "2025-03-19", None, "2025-05-06"]),
    })
    found = _found(_copy(book, interactions=lambda df: pd.concat([df, rows], ignore_index=True)), "C3-15")
    assert list(found.client_id) == [book.clients.client_id.iloc[1]]
    assert "2025-03-18" in found.message.iloc[0]
    rows.loc[2, "occurred_on"] = pd.Timestamp("2026-06-01")  # deadline 6-16 passed, still open
    found = _found(_copy(book, interactions=lambda df: pd.concat([df, rows], ignore_index=True)), "C3-15")
    assert sorted(found.client_id) == sorted(book.clients.client_id.iloc[[1, 2]])



def test_c3_15_a_provisional_deadline_carries_the_calendar_note(book):
    # 2027-09-16 simple: 15 days → 10-01 国庆, 10-2/10-3 weekend, 10-4/10-5 补假 → 2027-10-06 (statutory
    # layer, provisional); decided 10-08 is late. 2026-03-02 simple → 3-17 (published calendar).
    rows = pd.DataFrame({
        "interaction_id": ["Y1", "Y2"], "client_id": book.clients.client_id.iloc[:2].tolist(), "kind": "complaint",
        "occurred_on": pd.to_datetime(["2027-09-16", "2026-03-02"]), "complaint_level": ["simple", "simple"],
        "decided_on": pd.to_datetime(["2027-10-08", "2026-03-18"]),
    })
    f = audit(_copy(book, interactions=lambda df: pd.concat([df, rows], ignore_index=True)), on=date(2027, 12, 31), chapter=3)
    f = f[f.rule_id == "C3-15"].set_index("client_id")
    assert f.loc[book.clients.client_id.iloc[0], "message"] == (
        "投诉处理决定晚于期限 2027-10-06（按法定节假日推算，待国务院公布调休安排后以公司日历为准）。")
    assert f.loc[book.clients.client_id.iloc[1], "message"] == "投诉处理决定晚于期限 2026-03-17。"

def test_c3_22_nps_out_of_range(book):
    survey = book.interactions[book.interactions.kind == "survey"].iloc[0]

    def bad(df):
        df.loc[df.interaction_id == survey.interaction_id, "nps_score"] = 11
        return df

    found = _found(_copy(book, interactions=bad), "C3-22")
    assert list(found.client_id) == [survey.client_id]


def test_c3_12_departed_agent_without_notice(book):
    pol = book.policies
    open_long = pol[pol.status.isin(["in_force", "grace", "suspended"]) & (pol.term_years > 1)]
    agent = open_long.agent_id.iloc[0]
    mine = open_long[open_long.agent_id == agent]
    notified = mine.holder_id.iloc[0]

    def leave(df):
        df.loc[df.agent_id == agent, ["status", "departed_on"]] = ["departed", pd.Timestamp("2026-04-01")]
        return df

    notice = pd.DataFrame({"interaction_id": ["N1"], "client_id": [notified], "kind": ["notice"],
                           "occurred_on": [pd.Timestamp("2026-05-01")]})  # 4-1 + 30 = 5-1 (劳动节) → 5-6: in time
    changed = _copy(book, agents=leave, interactions=lambda df: pd.concat([df, notice], ignore_index=True))
    found = _found(changed, "C3-12")
    expected = set(mine.holder_id) - {notified}
    assert set(found.client_id) == expected and len(found) == (mine.holder_id != notified).sum()


@pytest.mark.parametrize("requested,expected", [
    ("2025-07-03", "accept_review"),   # decision received 6-03 + 30 = Thursday 7-03: 含本数, still in time
    ("2025-07-04", "late_review"),
    ("2025-02-10", "accept_review"),   # received 1-10: day 30 is Sunday 2-09 → moved to 2-10
])
def test_review_request_deadline_includes_the_last_day(requested, expected):
    from clientkit.rules.ch3_service import complaint_actions

    received = "2025-06-03" if requested.startswith("2025-07") else "2025-01-10"
    assert complaint_actions(1, False, received, requested) == frozenset({expected})


def test_group_complaint_thresholds():
    from clientkit.rules.ch3_service import complaint_actions, needs_departure_notice

    assert complaint_actions(20) == {"emergency", "representatives"}   # 20 人以上 含本数
    assert complaint_actions(19) == {"normal", "representatives"}
    assert complaint_actions(5) == {"normal"}                          # 不超过 5 名代表: 5 need none
    assert complaint_actions(30, face_to_face=False) == {"normal"}
    assert needs_departure_notice(2, "grace") and not needs_departure_notice(1, "in_force")
    assert not needs_departure_notice(20, "matured")
