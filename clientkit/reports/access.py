"""The access-log review table of chapter 5 (DOMAIN.md C5-01…C5-03, C5-15; §5.2 exercise 4).

One row per ``access_log`` line of a Book: when, who (an agent of the book, or company staff),
which client and its servicing agent, the action (Chinese label), the purpose, the number of
records, and the chapter-5 findings of that line (rule ids and messages from ``audit``). Client
ids and user ids are codes, not personal data; nothing else of the client is shown.
"""
from __future__ import annotations

import pandas as pd

from clientkit.i18n import t
from clientkit.model.book import Book
from clientkit.model.schema import ACCESS_ACTIONS
from clientkit.rules.context import text

COLUMNS = ["at", "user_id", "role", "client_id", "client_agent", "action", "purpose", "record_count", "rule_ids", "problems"]


def access_review(book: Book, findings: pd.DataFrame, only_flagged: bool = False) -> pd.DataFrame:
    """The review table (``COLUMNS``), newest first; ``only_flagged`` keeps lines with findings."""
    log = book.access_log.reset_index(drop=True)
    agents = set(text(book.agents["agent_id"]).dropna())
    owner = pd.Series(text(book.clients["agent_id"]).to_numpy(), index=text(book.clients["client_id"]).to_numpy())
    owner = owner[~owner.index.duplicated()]
    mine = findings[(findings["table"] == "access_log") & findings["rule_id"].str.startswith("C5")]
    grouped = mine.groupby(mine["row"].astype(int))
    rule_ids = grouped["rule_id"].agg(lambda s: "、".join(dict.fromkeys(s)))
    problems = grouped["message"].agg(lambda s: "；".join(dict.fromkeys(s)))
    users = text(log["user_id"])
    out = pd.DataFrame({
        "at": log["at"],
        "user_id": users,
        "role": users.map(lambda u: t("ch5.tool.role_agent") if u in agents else t("ch5.tool.role_staff")),
        "client_id": text(log["client_id"]),
        "client_agent": text(log["client_id"]).map(owner),
        "action": text(log["action"]).map(lambda a: ACCESS_ACTIONS.get(a, a)),
        "purpose": text(log["purpose"]),
        "record_count": log["record_count"],
        "rule_ids": pd.Series(log.index).map(rule_ids).to_numpy(),
        "problems": pd.Series(log.index).map(problems).to_numpy(),
    })
    if only_flagged:
        out = out[out["rule_ids"].notna()]
    return out.sort_values("at", ascending=False, kind="stable").reset_index(drop=True)[COLUMNS]
