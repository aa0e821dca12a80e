"""Churn warning (C3-29): weighted scores ranked by hand, signals on a generated book."""
from datetime import date

import pandas as pd
import pytest

from clientkit import churn_scores
from clientkit.errors import InputError
from clientkit.generate import generate_book
from clientkit.model.book import Book
from clientkit.rules.ch3_churn import SIGNALS, churn_signals, merge_weights, score_signals

ON = date(2026, 6, 30)


def test_score_signals_ranks_by_weighted_sum_then_client_id():
    table = pd.DataFrame({"client_id": ["C3", "C1", "C2", "C4"],
                          "grace": [True, False, True, False], "complaint": [True, True, False, False],
                          "no_contact": [False, True, False, False]})
    out = score_signals(table, weights={"grace": 20, "complaint": 15, "no_contact": 10})
    # C3 = 20 + 15 = 35; C1 = 15 + 10 = 25; C2 = 20; C4 = 0
    assert list(out.client_id) == ["C3", "C1", "C2", "C4"]
    assert list(out.score) == [35.0, 25.0, 20.0, 0.0]
    assert out.signals.iloc[0] == ("grace", "complaint")
    assert list(out["rank"]) == [1, 2, 3, 4]
    assert list(out.needs_action) == [True, True, True, False]  # default threshold 20
    assert "宽限期" in out.action.iloc[0] and out.signal_labels.iloc[1] == "近期投诉、长期未联系"
    tie = score_signals(table, weights={"grace": 10, "complaint": 10, "no_contact": 10})
    assert list(tie.client_id[:3]) == ["C1", "C3", "C2"]  # 20, 20 (by id), 10


def test_weights_are_validated():
    assert merge_weights({"grace": 1})["grace"] == 1.0
    assert merge_weights()["suspended"] == 30.0
    with pytest.raises(InputError):
        merge_weights({"unknown": 3})
    with pytest.raises(InputError):
        merge_weights({"grace": -1})


@pytest.fixture(scope="module")
def book():
    return generate_book(300, seed=4)


def test_signals_on_a_changed_book(book):
    t = {k: v.copy() for k, v in book.tables.items()}
    holders = t["policies"][t["policies"].status == "in_force"].holder_id.drop_duplicates()
    a, b = holders.iloc[0], holders.iloc[1]
    extra = pd.DataFrame({"interaction_id": ["Z1", "Z2", "Z3"], "client_id": [a, b, a], "kind": ["contact", "contact", "contact"],
                          "occurred_on": pd.to_datetime(["2026-06-01", "2026-06-10", "2026-07-05"]),
                          "success": [True, False, True],
                          "note": ["客户咨询退保能拿回多少现金价值", "电话空号", "申请保单贷款"]})
    t["interactions"] = pd.concat([t["interactions"], extra], ignore_index=True)
    agent = t["clients"].set_index("client_id").loc[b, "agent_id"]
    t["agents"].loc[t["agents"].agent_id == agent, ["status", "departed_on"]] = ["departed", pd.Timestamp("2026-05-01")]
    sig = churn_signals(Book(t), ON).set_index("client_id")
    assert sig.loc[a, "surrender_enquiry"] and not sig.loc[a, "policy_loan"]  # 7-05 is after `on`
    assert sig.loc[b, "contact_failed"] and sig.loc[b, "orphan"]
    ranked = churn_scores(Book(t), ON)
    assert (ranked.score > 0).all() and list(ranked["rank"]) == list(range(1, len(ranked) + 1))
    assert ranked.score.is_monotonic_decreasing


def test_lapsed_policies_fire_grace_and_suspended(book):
    ranked = churn_scores(book, ON)
    status = book.policies.groupby("holder_id").status.agg(set)
    for _, row in ranked.iterrows():
        if "suspended" in row.signals:
            assert "suspended" in status[row.client_id]
    suspended = {c for c, s in status.items() if "suspended" in s}
    assert suspended and suspended <= set(ranked.client_id)
    assert set(SIGNALS) >= {s for f in ranked.signals for s in f}


def test_bad_reference_date(book):
    with pytest.raises(InputError) as err:
        churn_scores(book, "yesterday")
    assert "日期" in err.value.message()
