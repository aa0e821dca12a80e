"""HTML for the contexts of items: a client card and a small table, data always escaped.

Personal data is masked by the caller with :mod:`clientkit.model.masking` unless the exercise
is about the raw value (ID triage, cross-field checks); all data is synthetic anyway.
"""
from __future__ import annotations

from datetime import date, datetime
from html import escape

import pandas as pd

from clientkit.i18n import t


def shown(value) -> str:
    """A cell as text: dates as ISO, whole floats without decimals, empty as （空）."""
    if value is None or (not isinstance(value, (str, list)) and pd.isna(value)):
        return t("practice.card.empty")
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    text = str(value)
    return text if text.strip() else t("practice.card.empty")


def card(rows: list[tuple[str, object]], title: str | None = None, note: str | None = None) -> str:
    """A client card: label/value rows (values escaped), an optional title and note."""
    head = f'<div class="ck-card-title">{escape(title)}</div>' if title else ""
    body = "".join(
        f'<tr><th style="text-align:left;padding:2px 10px 2px 0;white-space:nowrap">{escape(label)}</th>'
        f'<td style="padding:2px 0;font-family:monospace">{escape(shown(value))}</td></tr>'
        for label, value in rows
    )
    tail = f'<div class="ck-muted">{escape(note)}</div>' if note else ""
    return f'<div class="ck-card">{head}<table>{body}</table>{tail}</div>'


def code(value: str) -> str:
    """An identifier shown raw, escaped, in monospace."""
    return f'<code style="font-size:110%">{escape(value)}</code>'


def rule_source(rule_ids) -> str:
    """The sources of ``rule_ids`` from the rule registry, joined (one place for source texts)."""
    from clientkit.rules.registry import rule

    return "；".join(dict.fromkeys(rule(r).source for r in rule_ids))
