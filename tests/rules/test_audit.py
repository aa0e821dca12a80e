"""audit() never raises for bad data; its reference date and output shape."""
from datetime import date

import numpy as np
import pandas as pd
import pytest

from clientkit.errors import InputError
from clientkit.model.book import Book
from clientkit.model.schema import TABLES
from clientkit.rules.audit import AUDIT_COLUMNS, audit


def test_empty_book_has_no_findings():
    df = audit(Book.empty(), on=date(2025, 6, 30), settings={})
    assert list(df.columns) == AUDIT_COLUMNS and df.empty


def test_all_na_book_audits_and_reports_only_missing_fields():
    frames = {name: pd.DataFrame({c: [None, None] for c in t.names}) for name, t in TABLES.items()}
    df = audit(Book.from_frames(frames), on="2025-06-30", settings={})
    # nothing known but the emptiness itself: required fields of a client (C1-13), the purpose of
    # an access (C5-02), the creator / time (C7-01) and the integrity hash (C7-02) of a document
    assert set(df["rule_id"]) == {"C1-13", "C5-02", "C7-01", "C7-02"}
    c1 = df[df["rule_id"] == "C1-13"]
    assert set(c1["field"]) == {"client_id", "client_type", "name", "agent_id", "created_on", "archive_state"}
    assert set(df.loc[df["rule_id"] == "C5-02", "table"]) == {"access_log"}
    assert set(df.loc[df["rule_id"].isin(["C7-01", "C7-02"]), "table"]) == {"documents"}


def test_malformed_strings_do_not_raise():
    rng = np.random.default_rng(5)
    junk = ["", " ", "X" * 40, "１３８００１３８０００", "0", "19491231", "None", "nan", "-", "身份证", "\t"]
    n = 60
    clients = pd.DataFrame({c: rng.choice(junk, n) for c in TABLES["clients"].names})
    clients["client_type"] = rng.choice(["individual", "enterprise", "group", "个人", "?"], n)
    clients["id_type"] = rng.choice(["id_card", "passport", "bad"], n)
    other = {name: pd.DataFrame({c: rng.choice(junk, 5) for c in t.names}) for name, t in TABLES.items() if name != "clients"}
    book = Book.from_frames({"clients": clients, **other})
    df = audit(book, on=date(2025, 6, 30), settings={})
    assert list(df.columns) == AUDIT_COLUMNS
    assert not df.duplicated(["rule_id", "table", "row", "field"]).any()
    assert df["message"].str.len().gt(0).all()


def test_reference_date_from_meta_or_clear_error():
    book = Book.empty()
    with pytest.raises(InputError) as info:
        audit(book, settings={})
    assert info.value.key == "rules.audit.no_date" and "基准日期" in info.value.message()
    book.meta["on"] = "2025-06-30"
    assert audit(book, settings={}).empty


def test_chapter_filter_and_unknown_chapter():
    frames = {"clients": pd.DataFrame([{"client_id": "A", "client_type": "individual", "id_type": "id_card",
                                        "id_number": "110105194912310021"}])}
    book = Book.from_frames(frames)
    assert "C1-08" in set(audit(book, on="2025-06-30", settings={}, chapter=1)["rule_id"])
    assert audit(book, on="2025-06-30", settings={}, chapter=99).empty
