"""``audit(book, on)``: run every rule checkable on data and return all findings (档案体检).

Rules report, they do not raise (STYLE.md principle 4): a Book with NA everywhere, malformed
strings or empty tables audits fine. Findings carry masked values only.

An upload rarely holds every table: ``audit(..., tables=...)`` runs only the rules whose
declared ``needs`` (registry) were supplied; :func:`unchecked` lists the others with the
tables they lack, shown as 「未检查（缺少 … 表）」 rather than as false findings (issue 10).
"""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from clientkit.errors import InputError
from clientkit.model.book import Book
from clientkit.rules.context import Context
from clientkit.rules.findings import COLUMNS, empty
from clientkit.rules.registry import Rule, rules
from clientkit.rules.settings import Settings

AUDIT_COLUMNS = ["rule_id", "section", "severity", "client_id", "table", "row", "field", "value", "message"]


def _reference_date(book: Book, on) -> date:
    if on is None:
        on = book.meta.get("on") if isinstance(book.meta, dict) else None
    if on is None or (not isinstance(on, (str, date)) and pd.isna(on)):
        raise InputError("rules.audit.no_date")
    try:
        stamp = pd.Timestamp(on)
    except (ValueError, TypeError):
        raise InputError("error.input", detail=str(on)) from None
    if pd.isna(stamp):
        raise InputError("rules.audit.no_date")
    return stamp.date() if not isinstance(on, date) or isinstance(on, datetime) else on


def unchecked(tables, chapter: int | None = None) -> list[tuple[Rule, tuple[str, ...]]]:
    """``(rule, missing tables)`` for each data rule (of ``chapter``) that needs a table not in
    ``tables`` (schema names); empty when ``tables`` is None (a whole Book)."""
    if tables is None:
        return []
    have = set(tables)
    out = []
    for r in rules(chapter):
        missing = tuple(n for n in r.needs if n not in have)
        if r.check is not None and missing:
            out.append((r, missing))
    return out


def audit(book: Book, on=None, settings=None, chapter: int | None = None, tables=None) -> pd.DataFrame:
    """Every finding of every data rule (of ``chapter``, or all) on ``book`` as of ``on``.

    Args:
        book: the Book to examine.
        on: the reference date (``date``, ``Timestamp`` or ISO text). Default:
            ``book.meta["on"]`` (a generated book records it). Today's date is never assumed
            silently: callers that want it pass it (``service.audit_source`` does).
        settings: a :class:`Settings`, a dict of overrides, or None for the installation's
            settings (:func:`clientkit.rules.settings.current_settings`).
        chapter: only the rules of this chapter.
        tables: the names of the tables actually supplied (an upload); rules needing another
            table are not run (see :func:`unchecked`). None: every table of ``book`` counts.

    Returns:
        A DataFrame with columns ``rule_id, section, severity, client_id, table, row, field,
        value, message`` (``row`` is the 0-based position in ``table``; ``value`` masked),
        ordered by rule then table row; one row per (rule, table, row, field).

    Raises:
        InputError: no reference date is given and the book records none.
    """
    ctx = Context(book, _reference_date(book, on), Settings.coerce(settings))
    skipped = {r.id for r, _ in unchecked(tables, chapter)}
    parts = []
    for r in rules(chapter):
        if r.check is None or r.id in skipped:
            continue
        found = r.check(ctx)
        if len(found):
            found = found[COLUMNS].assign(section=r.section, severity=r.severity)
            parts.append(found)
    if not parts:
        return empty().assign(section=pd.Series([], dtype="object"), severity=pd.Series([], dtype="object"))[AUDIT_COLUMNS]
    out = pd.concat(parts, ignore_index=True)
    out = out.drop_duplicates(subset=["rule_id", "table", "row", "field"], keep="first")
    return out[AUDIT_COLUMNS].reset_index(drop=True)
