"""Access-log and archive/destruction rows of a generated book, with chapter-5 planted defects.

``usage(seed, frames, on, defect_rate)`` fills ``access_log`` and ``lifecycle`` (the core
generator leaves them empty) from the clients and policies already generated. It draws from its
own generator ``np.random.default_rng([seed, 5])``, so the other tables are unchanged.

Clean rows (``defect_rate`` 0 → no finding of C5-01/02/03/13):

* every holder's file is viewed 1–4 times in the last 330 days by the servicing agent
  (``clients.agent_id``) with a working purpose (``clientkit.rules.ch5_usage.WORK_PURPOSES``);
* about a fifth of the holders are also read by company staff (``STAFF``: archive clerk,
  双录 QC, call centre, underwriting) for their role's purpose, QC staff download 双录 recordings
  of policies with ``dual_recorded``, and the archive clerk exports small lists (≤ 50 records);
* every terminated policy (status in ``TERMINAL``) has an ``archived`` event of its
  ``business`` record 5–30 days after ``status_date`` (never after ``on``). No record of a
  generated book has reached the end of its retention on the default ``on``, so a clean book
  destroys nothing.

Planted defects (each kind on ``round(defect_rate × n_clients × 0.02)`` holders; recorded in
``book.defects`` as rule_id, client_id, field):

1. ``C5-01 user_id`` — a ``view`` by another active agent (not the client's servicing agent);
2. ``C5-01 record_count`` — an ``export`` by the archive clerk of 201–5,000 records (above the
   ``bulk_export_records`` default 200);
3. ``C5-02 purpose`` — a ``view`` by the servicing agent with a non-working purpose (``PRIVATE``);
4. ``C5-03 action`` — a ``download_recording`` by the servicing agent (purpose 客户服务);
5. ``C5-13 on`` — a ``destroyed`` event of a terminated policy's ``business`` record, with a
   list, approval and 2 witnesses, but still inside the retention period;
6. ``C5-13 on`` + ``C5-13 witnesses`` — the same with only 1 监销人 (two defect rows);
7. ``C5-13 on`` + ``C5-13 approved_by`` — the same without an approver (two defect rows).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from clientkit.generate import days, identities

STAFF = {"HQ-ARC01": ("档案整理", "view"), "HQ-QC01": ("双录质检", "view"), "CS-001": ("回访", "view"),
         "UW-001": ("核保", "view")}
AGENT_PURPOSES = np.array(["客户服务", "保全办理", "理赔处理", "回访"])
PRIVATE = np.array(["私人用途", "帮朋友查询电话", "转介绍给同事"])
TERMINAL = ("surrendered", "cancelled_cooling_off", "matured", "terminated", "claim_terminated")
APPROVER = "M-0001"
_LOG = ["user_id", "client_id", "at", "action", "purpose", "record_count"]


def _member(keys, values) -> np.ndarray:
    """Elementwise "key in values" by hashing (fast on object arrays, unlike ``np.isin``)."""
    index = pd.Index(pd.unique(np.asarray(values, dtype=object)))
    return index.get_indexer(np.asarray(keys, dtype=object)) >= 0


def _log(user, client, at, action, purpose, count) -> pd.DataFrame:
    n = len(client)
    return pd.DataFrame({"user_id": np.broadcast_to(np.asarray(user, dtype=object), n),
                         "client_id": client, "at": at, "action": np.broadcast_to(np.asarray(action, dtype=object), n),
                         "purpose": np.broadcast_to(np.asarray(purpose, dtype=object), n),
                         "record_count": np.broadcast_to(np.asarray(count), n)})


def _times(rng, on: int, n: int, low: int = 1, high: int = 330) -> np.ndarray:
    d = on - rng.integers(low, high, n)
    seconds = rng.integers(9 * 3600, 18 * 3600, n)
    return d.astype("datetime64[D]").astype("datetime64[s]") + seconds.astype("timedelta64[s]")


def _life(client, policy, event, on, list_id=None, approved=None, witnesses=None) -> pd.DataFrame:
    n = len(client)
    return pd.DataFrame({"client_id": client, "policy_id": policy, "record_type": "business", "event": event,
                         "on": on, "list_id": list_id, "approved_by": approved,
                         "witnesses": witnesses if witnesses is not None else np.full(n, -1)})


def usage(seed: int, frames: dict, on: int, defect_rate: float) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``(access_log, lifecycle, defects)`` frames for the book being generated (see module doc)."""
    rng = np.random.default_rng([seed, 5])
    clients, pol, agents = frames["clients"], frames["policies"], frames["agents"]
    active = agents.loc[agents["status"] == "active", "agent_id"].to_numpy(dtype=object)
    holders = clients[_member(clients["client_id"], pol["holder_id"]) & _member(clients["agent_id"], active)]
    cid, agent = holders["client_id"].to_numpy(dtype=object), holders["agent_id"].to_numpy(dtype=object)
    h = len(cid)
    per = rng.integers(1, 5, h)
    rep = np.repeat(np.arange(h), per)
    parts = [_log(agent[rep], cid[rep], _times(rng, on, len(rep)), "view", AGENT_PURPOSES[rng.integers(0, 4, len(rep))], 1)]
    for user, (purpose, action) in STAFF.items():
        pick = np.flatnonzero(rng.random(h) < 0.05)
        parts.append(_log(user, cid[pick], _times(rng, on, len(pick)), action, purpose, 1))
    recorded = pol["holder_id"].to_numpy(dtype=object)[pol["dual_recorded"].fillna(False).to_numpy(dtype=bool)]
    qc = np.flatnonzero(_member(cid, recorded) & (rng.random(h) < 0.3))
    parts.append(_log("HQ-QC01", cid[qc], _times(rng, on, len(qc)), "download_recording", "双录质检", 1))
    ex = np.flatnonzero(rng.random(h) < 0.02)
    parts.append(_log("HQ-ARC01", cid[ex], _times(rng, on, len(ex)), "export", "合规检查", rng.integers(2, 51, len(ex))))

    status = pol["status"].to_numpy(dtype=object)
    ended = np.flatnonzero(_member(status, TERMINAL) & pol["status_date"].notna().to_numpy())
    end_day = pol["status_date"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    arch_day = np.minimum(end_day[ended] + rng.integers(5, 31, len(ended)), on)
    lifes = [_life(pol["holder_id"].to_numpy(dtype=object)[ended], pol["policy_id"].to_numpy(dtype=object)[ended],
                   "archived", arch_day)]

    k = int(round(defect_rate * len(clients) * 0.02))
    planted = []
    if k and h:
        others = {a: active[active != a] for a in set(agent)}
        for kind in range(4):
            pick = rng.choice(h, size=min(k, h), replace=False)
            t = _times(rng, on, len(pick))
            if kind == 0:
                users = np.array([others[a][rng.integers(0, len(others[a]))] if len(others[a]) else None for a in agent[pick]], dtype=object)
                keep = users != None  # noqa: E711 (elementwise)
                pick, users, t = pick[keep], users[keep], t[keep]
                parts.append(_log(users, cid[pick], t, "view", "客户服务", 1))
                planted.append(("C5-01", cid[pick], "user_id"))
            elif kind == 1:
                parts.append(_log("HQ-ARC01", cid[pick], t, "export", "合规检查", rng.integers(201, 5001, len(pick))))
                planted.append(("C5-01", cid[pick], "record_count"))
            elif kind == 2:
                parts.append(_log(agent[pick], cid[pick], t, "view", PRIVATE[rng.integers(0, len(PRIVATE), len(pick))], 1))
                planted.append(("C5-02", cid[pick], "purpose"))
            else:
                parts.append(_log(agent[pick], cid[pick], t, "download_recording", "客户服务", 1))
                planted.append(("C5-03", cid[pick], "action"))
        if len(ended):
            for kind in range(3):
                pick = ended[rng.choice(len(ended), size=min(k, len(ended)), replace=False)]
                holder = pol["holder_id"].to_numpy(dtype=object)[pick]
                day = np.minimum(end_day[pick] + rng.integers(31, 200, len(pick)), on)
                n = len(pick)
                approved = np.full(n, None if kind == 2 else APPROVER, dtype=object)
                lists = identities.serials("XH", n, 5)
                lifes.append(_life(holder, pol["policy_id"].to_numpy(dtype=object)[pick], "destroyed", day, lists, approved,
                                   np.full(n, 1 if kind == 1 else 2)))
                planted.append(("C5-13", holder, "on"))
                if kind:
                    planted.append(("C5-13", holder, "witnesses" if kind == 1 else "approved_by"))

    log = pd.concat(parts, ignore_index=True)
    log = log.sort_values(["at"], kind="stable").reset_index(drop=True)
    log["at"] = log["at"].astype("datetime64[ns]")
    log.insert(0, "access_id", identities.serials("L", len(log), 7))
    life = pd.concat(lifes, ignore_index=True)
    life["on"] = days.to_datetime(life["on"].to_numpy(dtype=np.int64))
    life["witnesses"] = life["witnesses"].astype("Int64").where(life["witnesses"] >= 0)
    life.insert(0, "event_id", identities.serials("E", len(life), 6))
    defects = pd.DataFrame([(r, c, f) for r, ids, f in planted for c in ids], columns=["rule_id", "client_id", "field"])
    return log[["access_id", *_LOG]], life, defects


def add(seed: int, frames: dict, on: int, defect_rate: float, planted: pd.DataFrame) -> pd.DataFrame:
    """Put ``access_log`` and ``lifecycle`` into ``frames``; return ``planted`` plus their defects."""
    frames["access_log"], frames["lifecycle"], found = usage(seed, frames, on, defect_rate)
    if not len(found):
        return planted
    return pd.concat([planted, found.astype("string")], ignore_index=True)
