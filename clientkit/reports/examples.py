"""Live examples of a rule drawn from a book (学习 part of a chapter app).

For a rule that can be checked on data, an invalid example is a client the audit flags for the
rule and a valid one a client of the same type the audit does not flag at all. For a rule of
conduct that data cannot show, the example is a related record of the book that the rule is
about (e.g. a consent record for C1-19). Personal data is always masked.
"""
from __future__ import annotations

import pandas as pd

from clientkit.model.masking import mask_frame
from clientkit.model.schema import TABLES

# Columns shown for a client card, per client type.
CARD_COLUMNS = {
    "individual": ["client_id", "name", "gender", "birth_date", "id_type", "id_number", "phone", "address", "occupation"],
    "enterprise": ["client_id", "name", "uscc", "industry", "legal_rep", "phone", "address"],
    "group": ["client_id", "name", "uscc", "industry", "employee_count", "phone", "address"],
}

# For rules of conduct: which table of the book illustrates them.
RELATED_TABLE = {
    "C1-01": "clients", "C1-02": "clients", "C1-04": "policies", "C1-05": "policies", "C1-07": "policies",
    "C1-15": "updates", "C1-16": "updates", "C1-17": "updates", "C1-18": "consents", "C1-19": "consents",
    "C1-22": "access_log", "C1-23": "beneficiaries", "C1-24": "access_log",
}


def _labelled(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """``df`` masked, enum codes as Chinese labels, dates as text, Chinese headers."""
    schema = TABLES[table]
    masked = mask_frame(df, table)
    out = {}
    for col in masked.columns:
        c = schema.column(col)
        values = masked[col]
        if c.dtype in ("date", "datetime"):
            fmt = "%Y-%m-%d" if c.dtype == "date" else "%Y-%m-%d %H:%M"
            text = values.dt.strftime(fmt)
        elif c.enum:
            text = values.map(lambda v, e=c.enum: e.get(v, v) if isinstance(v, str) else v)
        elif c.dtype == "bool":
            text = values.map({True: "是", False: "否"})
        else:
            text = values
        out[c.label] = text.astype(object).where(text.notna(), "")
    return pd.DataFrame(out, index=df.index)


def client_card(book, client_id: str, extra: list[str] = ()) -> pd.DataFrame:
    """One client's card (masked, Chinese labels) as a one-row DataFrame."""
    clients = book.clients
    row = clients[clients["client_id"] == client_id]
    ctype = row["client_type"].iloc[0] if len(row) else "individual"
    cols = CARD_COLUMNS.get(ctype, CARD_COLUMNS["individual"])
    cols = cols + [c for c in extra if c not in cols and c in clients.columns]
    return _labelled(row[cols], "clients")


def _row_examples(book, findings: pd.DataFrame, first) -> dict:
    """Examples for a finding on a row of another table (access log, documents, policies …):
    the flagged row, and a row of the same table that no finding names."""
    table = first["table"]
    df = book.tables[table]
    row = int(first["row"])
    flagged_rows = set(findings.loc[findings["table"] == table, "row"].astype(int))
    clean = [i for i in range(len(df)) if i not in flagged_rows]
    invalid = _labelled(df.iloc[[row]], table)
    valid = _labelled(df.iloc[[clean[0]]], table) if clean else None
    return {"kind": "data", "invalid": invalid, "valid": valid, "message": first["message"], "field": first["field"]}


def rule_examples(book, findings: pd.DataFrame, rule_id: str) -> dict:
    """``{"kind": "data" | "related" | "none", "invalid": DataFrame | None, "valid": DataFrame | None,
    "message": str | None, "field": str | None}``."""
    hits = findings[findings["rule_id"] == rule_id]
    if len(hits):
        first = hits.iloc[0]
        field = first["field"]
        if first["table"] != "clients":
            return _row_examples(book, findings, first)
        invalid = client_card(book, first["client_id"], [field])
        flagged = set(findings["client_id"])
        clients = book.clients
        ctype = clients.loc[clients["client_id"] == first["client_id"], "client_type"]
        same = clients[(clients["client_type"] == (ctype.iloc[0] if len(ctype) else "individual")) & ~clients["client_id"].isin(flagged)]
        valid = client_card(book, same["client_id"].iloc[0], [field]) if len(same) else None
        return {"kind": "data", "invalid": invalid, "valid": valid, "message": first["message"], "field": field}
    table = RELATED_TABLE.get(rule_id)
    if table and len(book.tables[table]):
        df = book.tables[table].head(3)
        return {"kind": "related", "invalid": None, "valid": _labelled(df, table), "message": None, "field": None}
    return {"kind": "none", "invalid": None, "valid": None, "message": None, "field": None}
