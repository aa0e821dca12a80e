"""The generated access log and lifecycle (clientkit/generate/ch5_usage.py): clean rows follow the
chapter-5 rules by construction, output is seeded, other tables do not depend on it."""
from datetime import date

import pandas as pd

from clientkit.generate import generate_book


def test_clean_rows_follow_the_rules_by_construction():
    book = generate_book(400, seed=8)
    log, clients, agents = book.access_log, book.clients.set_index("client_id"), set(book.agents["agent_id"])
    assert log["access_id"].is_unique and log["client_id"].notna().all()
    by_agent = log[log["user_id"].isin(agents)]
    assert len(by_agent) >= len(clients) // 2
    assert (by_agent["user_id"].to_numpy() == clients.loc[by_agent["client_id"], "agent_id"].to_numpy()).all()
    assert set(by_agent["action"]) == {"view"}                       # agents never download 双录 (C5-03)
    assert (log.loc[log["action"] == "download_recording", "user_id"] == "HQ-QC01").all()
    assert (log.loc[log["action"] == "export", "record_count"] <= 50).all()
    on = pd.Timestamp(book.meta["on"])
    assert (log["at"] <= on + pd.Timedelta(days=1)).all() and (log["at"] > on - pd.Timedelta(days=331)).all()
    life = book.lifecycle
    assert set(life["event"]) == {"archived"} and (life["on"] <= on).all()
    ended = book.policies[book.policies["status"].isin(["matured", "surrendered", "cancelled_cooling_off", "terminated", "claim_terminated"])]
    assert set(life["policy_id"]) == set(ended["policy_id"])


def test_seeded_and_independent_of_other_tables():
    a, b = generate_book(300, seed=9, defect_rate=0.2), generate_book(300, seed=9, defect_rate=0.2)
    pd.testing.assert_frame_equal(a.access_log, b.access_log)
    pd.testing.assert_frame_equal(a.lifecycle, b.lifecycle)
    clean = generate_book(300, seed=9)
    pd.testing.assert_frame_equal(a.access_log.iloc[:0], clean.access_log.iloc[:0])
    # planted chapter-5 rows are additions: the clean rows of the faulty book are the clean book's rows
    assert len(a.access_log) > len(clean.access_log)
    assert set(clean.lifecycle["policy_id"]) <= set(a.lifecycle["policy_id"])


def test_planted_destructions_are_inside_retention_on_another_reference_date():
    book = generate_book(600, seed=3, defect_rate=0.3, on=date(2025, 12, 31))
    destroyed = book.lifecycle[book.lifecycle["event"] == "destroyed"]
    assert len(destroyed) and (destroyed["on"] <= pd.Timestamp("2025-12-31")).all()
    assert set(destroyed["client_id"]) == set(book.defects.loc[(book.defects["rule_id"] == "C5-13") & (book.defects["field"] == "on"), "client_id"])
