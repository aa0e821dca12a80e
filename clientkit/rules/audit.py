"""``audit(book, on)``: run every rule checkable on data and return all findings (档案体检).

Rules report, they do not raise (STYLE.md principle 4): a Book with NA everywhere, malformed
strings or empty tables audits fine. Findings carry masked values only.
"""
from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from clientkit.errors import InputError
from clientkit.model.book import Book
from clientkit.rules.context import Context
from clientkit.rules.findings import COLUMNS, empty
from clientkit.rules.registry import rules
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


def audit(book: Book, on=None, settings=None, chapter: int | None = None) -> pd.DataFrame:
    """Every finding of every data rule (of ``chapter``, or all) on ``book`` as of ``on``.

    Args:
        book: the Book to examine.
        on: the reference date (``date``, ``Timestamp`` or ISO text). Default:
            ``book.meta["on"]`` (a generated book records it). Today's date is never assumed
            silently: callers that want it pass it (``service.audit_source`` does).
        settings: a :class:`Settings`, a dict of overrides, or None for the installation's
            settings (:func:`clientkit.rules.settings.current_settings`).
        chapter: only the rules of this chapter.

    Returns:
        A DataFrame with columns ``rule_id, section, severity, client_id, table, row, field,
        value, message`` (``row`` is the 0-based position in ``table``; ``value`` masked),
        ordered by rule then table row; one row per (rule, table, row, field).

    Raises:
        InputError: no reference date is given and the book records none.
    """
    ctx = Context(book, _reference_date(book, on), Settings.coerce(settings))
    parts = []
    for r in rules(chapter):
        if r.check is None:
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
