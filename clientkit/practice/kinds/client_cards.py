"""Client cards from a generated Book: which fields a card shows, roles, masked display values.

Field labels, enums and masking kinds come from :mod:`clientkit.model.schema` (no second copy of
the column list); values are masked with :func:`clientkit.model.masking.mask` except the fields
an exercise must see raw (``raw``: e.g. the ID number and USCC for C1-08/C1-10 checks).
"""
from __future__ import annotations

import pandas as pd

from clientkit.i18n import t
from clientkit.model.masking import mask
from clientkit.model.schema import CLIENTS, CLIENT_TYPES, ROLE_LABELS
from clientkit.practice.kinds.cards import card

# What a card shows besides the required fields of the client type (C1-03 / C1-05 / C1-13).
PERSON_FIELDS = ("name", "gender", "birth_date", "id_type", "id_number", "phone", "address", "occupation",
                 "annual_income")
ORG_FIELDS = ("name", "uscc", "industry", "legal_rep", "employee_count", "phone", "province", "city", "address")


def book_for(rng, n_clients: int, **kw):
    """A generated Book for an exercise, its seed drawn from ``rng`` (deterministic)."""
    from clientkit.generate import generate_book

    return generate_book(n_clients, seed=int(rng.integers(0, 2**31 - 8)), **kw)


def roles(book, client_id: str) -> tuple[str, ...]:
    """The policy roles (holder / insured / beneficiary) of a client in ``book``, in that order."""
    pol = book.policies
    found = []
    if (pol["holder_id"] == client_id).any():
        found.append("holder")
    if (pol["insured_id"] == client_id).any():
        found.append("insured")
    if (book.beneficiaries["client_id"] == client_id).any():
        found.append("beneficiary")
    return tuple(found)


def blank(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value)) or (isinstance(value, str) and not value.strip())


def display(field: str, value, raw: frozenset = frozenset()):
    """A cell for a card: enum label, masked unless ``field`` is in ``raw``, None when empty."""
    if blank(value):
        return None
    col = CLIENTS.column(field)
    if col.enum:
        return col.enum.get(str(value), str(value))
    if col.mask and field not in raw:
        return mask(str(value), col.mask)
    return value


def label(field: str) -> str:
    return CLIENTS.column(field).label


def client_card(row: pd.Series, fields, client_roles: tuple[str, ...], raw: frozenset, note: str | None = None) -> str:
    """The HTML card of one client row (type and roles in the title)."""
    kind = CLIENT_TYPES.get(str(row["client_type"]), str(row["client_type"]))
    role_text = "、".join(ROLE_LABELS[r] for r in client_roles) or t("practice.card.no_role")
    title = t("practice.card.title", kind=kind, roles=role_text)
    return card([(label(f), display(f, row[f], raw)) for f in fields], title=title, note=note)
