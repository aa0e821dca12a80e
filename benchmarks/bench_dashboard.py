"""Time the dashboard queries on a store with 10,000 agents and 1,000,000 attempts.

    .venv/bin/python benchmarks/bench_dashboard.py [--agents 10000] [--attempts 1000000] [--pg URL]

Fills a fresh SQLite file (and, with ``--pg`` or ``CLIENTKIT_TEST_PG_URL``, a PostgreSQL
database: ``eval "$(bash .ci/start-postgres.sh)"``) through the store's migrations, then bulk
inserts users, attempts and two item×rule rows per attempt with SQLAlchemy Core executemany.
Times each aggregate of ``clientkit.store.dashboard`` for an admin (all agents), a supervisor
(one team of 20) and one agent, and the whole dashboard (every view) for those scopes; prints
one line per measurement (best of 2 runs after a warm-up).
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from datetime import datetime, timedelta

import numpy as np
import sqlalchemy as sa

from clientkit.store import Store
from clientkit.reports.item_analysis import item_analysis
from clientkit.store import dashboard as agg
from clientkit.store.tables import SCOPE_COLUMNS, attempt_rules, attempts, users

TEAM_SIZE = 20
BATCH = 50_000
RULES = [f"C1-{n:02d}" for n in range(1, 25)]


def fill(store: Store, n_agents: int, n_attempts: int, seed: int = 0) -> float:
    rng = np.random.default_rng(seed)
    start = time.perf_counter()
    now = datetime(2026, 6, 30)
    user_rows = [{"username": f"agent{i:05d}", "display_name": f"业务员{i:05d}", "role": "agent",
                  "team": f"团队{i // TEAM_SIZE:03d}", "password_hash": "x", "created_at": now, "active": True}
                 for i in range(n_agents)]
    with store.engine.begin() as conn:
        conn.execute(users.insert(), user_rows)
        ids = [r[0] for r in conn.execute(sa.select(users.c.id).order_by(users.c.id))]
    ids = np.array(ids)
    for lo in range(0, n_attempts, BATCH):
        n = min(BATCH, n_attempts - lo)
        uid = ids[rng.integers(0, len(ids), n)]
        chapter = rng.integers(1, 9, n)
        mode = np.where(rng.random(n) < 0.3, "assessment", "practice")
        ok = rng.random((n, 2)) < 0.7
        score = ok.mean(axis=1)
        when = [now - timedelta(minutes=int(m)) for m in rng.integers(0, 180 * 24 * 60, n)]
        rule = rng.integers(0, len(RULES), (n, 2))
        a_rows, r_rows = [], []
        for k in range(n):
            aid = f"b{lo + k:09d}"
            items = [{"item_id": f"q{j}", "correct": bool(ok[k, j]), "points": float(ok[k, j]), "max_points": 1.0,
                      "rule_ids": [RULES[rule[k, j]]]} for j in range(2)]
            ex = f"assessment:ch{chapter[k]:02d}" if mode[k] == "assessment" else f"ch{chapter[k]:02d}.ex{rule[k, 0] % 4}"
            a_rows.append({"attempt_id": aid, "user_id": int(uid[k]), "exercise_id": ex, "chapter": int(chapter[k]),
                           "mode": str(mode[k]), "session_id": None, "seed": lo + k, "started_at": when[k],
                           "submitted_at": when[k], "answer": {}, "items": items, "score": float(score[k]),
                           "points": float(ok[k].sum()), "max_points": 2.0, "rules_version": "b", "settings": {},
                           "package_version": "b", "content_version": "b"})
            for j in range(2):
                r_rows.append({"attempt_id": aid, "item_id": f"q{j}", "rule_id": RULES[rule[k, j]],
                               "correct": bool(ok[k, j]),  # with the attempt's scope copies (migration 0003)
                               **{c: a_rows[-1][c] for c in SCOPE_COLUMNS}})
        with store.engine.begin() as conn:
            conn.execute(attempts.insert(), a_rows)
            conn.execute(attempt_rules.insert(), r_rows)
    if store.dialect == "postgresql":  # visibility map for index-only scans, and statistics
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE"))
    else:
        with store.engine.begin() as conn:
            conn.execute(sa.text("ANALYZE"))
    return time.perf_counter() - start


def best_of(fn, runs: int = 2) -> float:
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def measure(store: Store, label: str) -> None:
    from clientkit.reports.dashboard import views

    team_agents = store.list_users(role="agent", team="团队007")
    one = team_agents[0]
    scopes = {
        "admin (all agents)": (agg.Scope(agents_only=True), store.list_users(role="agent")),
        "supervisor (team of 20)": (agg.Scope(agents_only=True, team="团队007"), team_agents),
        "agent (one)": (agg.Scope(user_ids=(one.id,)), [one]),
    }
    queries = {
        "mastery": lambda s, a: agg.mastery(store, s),
        "score_trend": lambda s, a: agg.score_trend(store, s),
        "score_distribution": lambda s, a: agg.score_distribution(store, s),
        "rule_misses": lambda s, a: agg.rule_misses(store, s),
        "assessed": lambda s, a: agg.assessed(store, s),
        "item_stats": lambda s, a: agg.item_stats(store, s),
        "item_analysis": lambda s, a: item_analysis(store, [s], {}),
        "all views (page)": lambda s, a: views(store, s, a),
    }
    for scope_name, (scope, agents) in scopes.items():
        for name, q in queries.items():
            seconds = best_of(lambda: q(scope, agents))
            print(f"{label:10s} {scope_name:24s} {name:20s} {seconds * 1000:9.1f} ms", flush=True)
    seconds = best_of(lambda: views(store, agg.Scope(agents_only=True, team="团队007", chapter=3, mode="assessment",
                                                   since="2026-05-01"), team_agents))
    print(f"{label:10s} {'supervisor + filters':24s} {'all views (page)':20s} {seconds * 1000:9.1f} ms", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agents", type=int, default=10_000)
    parser.add_argument("--attempts", type=int, default=1_000_000)
    parser.add_argument("--pg", default=os.environ.get("CLIENTKIT_TEST_PG_URL"))
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    print(f"machine: {platform.machine()} {os.cpu_count()} CPU, Python {sys.version.split()[0]}, "
          f"SQLAlchemy {sa.__version__}; {args.agents} agents, {args.attempts} attempts, 2 rule rows each", flush=True)
    targets = []
    if not args.skip_sqlite:
        folder = tempfile.mkdtemp(prefix="bench-dash-")
        targets.append(("sqlite", f"sqlite:///{folder}/bench.db"))
    if args.pg:
        targets.append(("postgresql", args.pg))
    for label, url in targets:
        store = Store.open(url)
        try:
            seconds = fill(store, args.agents, args.attempts)
            print(f"{label:10s} fill: {seconds:.1f} s ({args.attempts / seconds:,.0f} attempts/s)", flush=True)
            measure(store, label)
        finally:
            store.close()


if __name__ == "__main__":
    main()
