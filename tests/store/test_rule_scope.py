"""attempt_rules carries copies of its attempt's scope columns (migration 0003_attempt_rules_scope),
written by record_attempt and backfilled by the migration for rows stored before it."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from clientkit.store import Store
from clientkit.store.engine import MIGRATIONS, make_engine, migrate, writer
from clientkit.store.tables import SCOPE_COLUMNS, attempt_rules, attempts

from .conftest import FAST_HASHER, make_attempt


def _copies(engine) -> list[tuple]:
    """(attempt_id, item_id, rule_id, differing columns, NULL copies) per attempt_rules row."""
    r, a = attempt_rules.c, attempts.c
    query = (sa.select(r.attempt_id, r.item_id, r.rule_id, *[r[k] for k in SCOPE_COLUMNS], *[a[k] for k in SCOPE_COLUMNS])
             .select_from(attempt_rules.join(attempts, a.attempt_id == r.attempt_id))
             .order_by(r.attempt_id, r.item_id, r.rule_id))
    n = len(SCOPE_COLUMNS)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [(row[0], row[1], row[2], [k for i, k in enumerate(SCOPE_COLUMNS) if row[3 + i] != row[3 + n + i]],
             [k for i, k in enumerate(SCOPE_COLUMNS) if row[3 + i] is None and k != "session_id"]) for row in rows]


def test_record_attempt_copies_the_attempts_scope_into_each_rule_row(store, agents):
    items = [{"item_id": "q1", "correct": True, "rule_ids": ["C1-01", "C1-02"]},
             {"item_id": "q2", "correct": False, "rule_ids": ["C1-02"]}]
    store.record_attempt(make_attempt(agents["a1"].id, "att-a", items=items, score=0.5, chapter=3, mode="assessment",
                                      exercise_id="assessment:ch03", submitted_at=datetime(2026, 3, 4, 10, 30)))
    store.record_attempt(make_attempt(agents["a2"].id, "att-b", score=1.0))
    copies = _copies(store.engine)
    assert [c[:3] for c in copies] == [("att-a", "q1", "C1-01"), ("att-a", "q1", "C1-02"), ("att-a", "q2", "C1-02"),
                                       ("att-b", "q1", "C1-01")]
    assert all(diff == [] and nulls == [] for *_, diff, nulls in copies), copies
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(attempt_rules.c.user_id, attempt_rules.c.chapter, attempt_rules.c.mode,
                                     attempt_rules.c.score).where(attempt_rules.c.attempt_id == "att-a")).first()
    assert tuple(row) == (agents["a1"].id, 3, "assessment", 0.5)


def test_migration_backfills_rule_rows_stored_before_it(db_url):
    engine = make_engine(db_url)
    try:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with writer(engine).begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "0002_dashboard_indexes")
        old = make_attempt(0, "old-1", chapter=2, mode="assessment", exercise_id="assessment:ch02", score=0.25,
                           submitted_at=datetime(2026, 2, 1, 8, 0))
        with engine.begin() as conn:  # the 0002 schema: attempt_rules without the copies
            uid = conn.execute(sa.text("INSERT INTO users (username, display_name, role, team, password_hash, "
                                       "created_at, active) VALUES ('old', '旧', 'agent', '一组', 'x', :t, :a) "
                                       "RETURNING id"), {"t": datetime(2026, 1, 1), "a": True}).scalar()
            row = {k: v for k, v in {**old, "user_id": uid}.items() if k in attempts.c}
            conn.execute(attempts.insert(), row)
            for item, rule, ok in (("q1", "C1-01", True), ("q1", "C1-03", True), ("q2", "C1-03", False)):
                conn.execute(sa.text("INSERT INTO attempt_rules (attempt_id, item_id, rule_id, correct) "
                                     "VALUES ('old-1', :i, :r, :c)"), {"i": item, "r": rule, "c": ok})
        migrate(engine)
        copies = _copies(engine)
        assert len(copies) == 3
        assert all(diff == [] and nulls == [] for *_, diff, nulls in copies), copies
    finally:
        engine.dispose()
    store = Store.open(db_url, hasher=FAST_HASHER)
    try:  # the join-free aggregates see the backfilled rows: 3 item×rule pairs, 1 miss (C1-03 on q2)
        from clientkit.store import dashboard as agg

        misses = agg.rule_misses(store, agg.Scope(agents_only=True, chapter=2))
        assert misses[["rule_id", "items", "misses"]].values.tolist() == [["C1-03", 2, 1], ["C1-01", 1, 0]]
        items = agg.item_stats(store, agg.Scope(mode="assessment"))
        assert items[["item_id", "attempts", "difficulty"]].values.tolist() == [["q1", 1, 1.0], ["q2", 1, 0.0]]
    finally:
        store.close()
