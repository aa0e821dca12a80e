"""Each data rule declares the tables it reads (``needs`` in the chapter YAML, one place): emptying
any other table never changes its findings, and an upload lacking one of them does not run it."""
from __future__ import annotations

import pytest

from clientkit.generate import generate_book
from clientkit.model.book import Book
from clientkit.model.frames import empty_frame
from clientkit.model.schema import TABLES
from clientkit.rules.audit import audit, unchecked
from clientkit.rules.registry import rules

# C1-13 leaves a gap to C1-03 when both report it; without the policies C1-03 is not run and
# C1-13 reports the gap itself, so its findings depend on the policies by design.
DEFERS = {("C1-13", "policies")}


def test_every_data_rule_declares_known_tables():
    for r in rules():
        if r.check is not None:
            assert r.needs and set(r.needs) <= set(TABLES), r.id


@pytest.fixture(scope="module")
def book():
    return generate_book(300, seed=1, defect_rate=0.3)


def _keys(found, rule_id):
    part = found[found["rule_id"] == rule_id]
    return sorted(map(tuple, part[["table", "row", "field"]].astype(str).to_numpy().tolist()))


@pytest.mark.parametrize("table", [n for n in TABLES if n != "clients"])
def test_a_table_a_rule_does_not_declare_does_not_change_its_findings(book, table):
    full = audit(book)
    without = Book(dict(book.tables), meta=book.meta)
    without.tables[table] = empty_frame(table)
    found = audit(without)
    for r in rules():
        if r.check is not None and table not in r.needs and (r.id, table) not in DEFERS:
            assert _keys(found, r.id) == _keys(full, r.id), (r.id, table)


def test_rules_lacking_a_table_are_not_run(book):
    found = audit(book, tables=["clients", "policies"])
    skipped = {r.id for r, _ in unchecked(["clients", "policies"])}
    assert {"C1-20", "C1-21", "C5-02", "C7-01"} <= skipped and "C1-08" not in skipped
    assert not set(found["rule_id"]) & skipped
    assert "C1-20" in set(audit(book)["rule_id"])  # it does fire when the consents count
    assert unchecked(None) == []
