"""What every data check receives: the Book, the reference date and the settings, plus derived
columns several rules share (blank cells, policy roles, families), computed once per audit.

Rules report, they do not raise (STYLE.md principle 4): every helper here tolerates NA, wrong
types in text columns and empty tables.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np
import pandas as pd

from clientkit.model.book import Book
from clientkit.rules.settings import Settings


def blank(values: pd.Series) -> pd.Series:
    """True where a cell is missing or only whitespace (boolean numpy-backed Series)."""
    missing = values.isna()
    if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
        text = values.astype("string").str.strip()
        missing = missing | text.eq("").fillna(True)
    return missing.astype(bool)


def text(values: pd.Series) -> pd.Series:
    """Cells as Python strings (None where missing or not text), an object Series."""
    if isinstance(values.dtype, pd.StringDtype):  # fast path: typed text columns of a Book
        return pd.Series(values.to_numpy(dtype=object, na_value=None), index=values.index, dtype=object)
    obj = values.astype("object")
    return obj.where(obj.map(lambda v: isinstance(v, str)), None)


def components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Connected-component label (smallest node) of each of ``n`` nodes joined by edges
    ``left[i]``–``right[i]`` (label propagation with pointer jumping, vectorised)."""
    labels = np.arange(n, dtype=np.int64)
    if n == 0 or len(left) == 0:
        return labels
    left, right = np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)
    while True:
        lo = np.minimum(labels[left], labels[right])
        np.minimum.at(labels, labels[left], lo)
        np.minimum.at(labels, labels[right], lo)
        while True:
            jumped = labels[labels]
            if np.array_equal(jumped, labels):
                break
            labels = jumped
        if np.array_equal(labels[left], labels[right]):
            return labels


@dataclass
class Context:
    """One audit's input. ``on`` is the reference date (a ``datetime.date``)."""

    book: Book
    on: date
    settings: Settings
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def on_ts(self) -> pd.Timestamp:
        return pd.Timestamp(self.on)

    @cached_property
    def clients(self) -> pd.DataFrame:
        """The clients table with a 0-based positional index (rows of findings)."""
        return self.book.clients.reset_index(drop=True)

    def table(self, name: str) -> pd.DataFrame:
        return self.book.tables[name].reset_index(drop=True)

    @cached_property
    def client_ids(self) -> pd.Index:
        """Distinct non-missing client ids (nodes of the family graph)."""
        return pd.Index(text(self.clients["client_id"]).dropna().unique())

    def node_of(self, ids: pd.Series) -> np.ndarray:
        """Position in :attr:`client_ids` of each id, -1 where unknown or missing."""
        return self.client_ids.get_indexer(text(ids).to_numpy(dtype=object))

    @cached_property
    def roles(self) -> pd.DataFrame:
        """Per clients row, booleans ``holder``, ``insured``, ``beneficiary`` (C1-03)."""
        ids = text(self.clients["client_id"])
        policies, beneficiaries = self.table("policies"), self.table("beneficiaries")
        return pd.DataFrame(
            {
                "holder": ids.isin(set(text(policies["holder_id"]).dropna())).to_numpy(),
                "insured": ids.isin(set(text(policies["insured_id"]).dropna())).to_numpy(),
                "beneficiary": ids.isin(set(text(beneficiaries["client_id"]).dropna())).to_numpy(),
            }
        )

    @cached_property
    def family(self) -> np.ndarray:
        """Per clients row, the family label: clients connected through a policy (holder,
        insured, beneficiaries of one policy) or a ``guardian_id`` link share it (C1-06);
        -1 for a row without a client id."""
        policies, beneficiaries = self.table("policies"), self.table("beneficiaries")
        keys = text(policies["policy_id"]).to_numpy()
        first = ~pd.isna(keys) & ~pd.Series(keys).duplicated().to_numpy()

        def by_policy(column: str) -> pd.Series:
            mapping = pd.Series(text(policies[column]).to_numpy()[first], index=keys[first], dtype=object)
            return lookup(beneficiaries["policy_id"], mapping)

        clients = self.clients
        pairs = [
            (policies["holder_id"], policies["insured_id"]),
            (beneficiaries["client_id"], by_policy("holder_id")),
            (beneficiaries["client_id"], by_policy("insured_id")),
            (clients["client_id"], clients["guardian_id"]),
        ]
        left = np.concatenate([self.node_of(a) for a, _ in pairs])
        right = np.concatenate([self.node_of(b) for _, b in pairs])
        ok = (left >= 0) & (right >= 0)
        labels = components(len(self.client_ids), left[ok], right[ok])
        nodes = self.node_of(clients["client_id"])
        if not len(labels):
            return np.full(len(clients), -1, dtype=np.int64)
        return np.where(nodes >= 0, labels[np.maximum(nodes, 0)], -1)


def dates(values: pd.Series) -> pd.Series:
    """A date column as datetime64 (unparseable cells NaT), whatever it was given as."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    return pd.to_datetime(values.astype("object").where(values.notna(), None), errors="coerce", format="mixed")


def lookup(keys: pd.Series, mapping: pd.Series) -> pd.Series:
    """``mapping[key]`` for each of ``keys`` (NA where missing), index aligned with ``keys``.

    Unlike ``Series.map`` this keeps datetime values and copes with empty or duplicated
    mappings (the first value of a duplicated key wins)."""
    mapping = mapping[~pd.isna(mapping.index) & ~mapping.index.duplicated()]
    position = pd.Index(mapping.index).get_indexer(text(keys).to_numpy(dtype=object))
    values = mapping.iloc[np.maximum(position, 0)] if len(mapping) else pd.Series(index=range(len(keys)), dtype=mapping.dtype)
    out = pd.Series(values.to_numpy(), index=keys.index, dtype=mapping.dtype) if len(keys) else pd.Series([], dtype=mapping.dtype)
    out[position < 0] = pd.NA if not pd.api.types.is_datetime64_any_dtype(mapping.dtype) else pd.NaT
    return out
