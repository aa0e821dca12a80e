"""A variant of a drill: the client drawn from the synthetic book, masked, and the choice order.

Issue 13: variants draw the client (name, age, product, amounts, dates) from the synthetic book, so
the same drill is never word for word the same; personal data is masked as everywhere else
(DESIGN.md "Masking", C6-07): the name shows only the surname, phone and ID number are masked.
A variant depends only on ``(drill, seed, book)``; the seed is stored with the attempt.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from clientkit.errors import ContentError
from clientkit.i18n import t
from clientkit.practice.dialogue.model import Drill

SEED_LIMIT = 2**31
CARD_FIELDS = ("name", "gender", "age", "occupation", "city", "phone", "id_number", "product", "premium",
               "sum_insured", "income")


@dataclass(frozen=True)
class Variant:
    """Placeholder values, the client card ``(label, value)`` rows and the display order of the
    choices of every node (indices into ``Node.choices``)."""

    drill_id: str
    seed: int
    values: dict[str, str]
    card: tuple[tuple[str, str], ...]
    order: dict[str, tuple[int, ...]]

    def text(self, template: str) -> str:
        """``template`` with its placeholders filled (unknown ones are refused by the validator)."""
        return template.format(**self.values)


def _rng(seed: int, salt: str) -> np.random.Generator:
    return np.random.default_rng([int(seed) % SEED_LIMIT, zlib.crc32(salt.encode())])


def _age(birth: pd.Timestamp, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def candidates(drill: Drill, book, on: date) -> pd.DataFrame:
    """Policies of the book whose holder fits the drill's ``client`` spec: an individual of full
    civil capacity, ``age`` in the range (never on the birthday itself, DOMAIN §0.5),
    ``product_types`` if given, ``long_term`` (term over one year) if asked."""
    spec = drill.client
    clients = book.clients
    people = clients[(clients["client_type"] == "individual") & (clients["civil_capacity"] == "full")
                     & clients["birth_date"].notna()].copy()
    people["age"] = [_age(b, on) for b in people["birth_date"]]
    birthday = [(b.month, b.day) == (on.month, on.day) for b in people["birth_date"]]
    low, high = spec.get("age", [25, 55])
    people = people[(people["age"] >= low) & (people["age"] <= high) & ~np.array(birthday)]
    policies = book.policies[book.policies["holder_id"].isin(people["client_id"])]
    if spec.get("product_types"):
        policies = policies[policies["product_type"].isin(spec["product_types"])]
    if spec.get("long_term"):
        policies = policies[policies["term_years"] > 1]
    merged = policies.merge(people, left_on="holder_id", right_on="client_id")
    return merged.sort_values("policy_id").reset_index(drop=True)


def _money(value) -> str:
    return t("dialogue.money", amount=f"{float(value):,.0f}") if pd.notna(value) else t("dialogue.unknown")


def draw(drill: Drill, seed: int, book, on: date) -> Variant:
    """The variant of ``drill`` for ``seed``: one client and policy drawn from ``book``.

    Raises:
        ContentError: ``dialogue.no_client`` when no client of the book fits the drill.
    """
    from clientkit.model.masking import mask

    pool = candidates(drill, book, on)
    if pool.empty:
        raise ContentError("dialogue.no_client", drill=drill.title)
    row = pool.iloc[int(_rng(seed, drill.id).integers(len(pool)))]
    name = str(row["name"])
    female = row["gender"] == "female"
    values = {
        "client": name[0] + t("dialogue.title_female" if female else "dialogue.title_male"),
        "name": mask(name, "name"),
        "age": str(int(row["age"])),
        "gender": t("dialogue.gender_female" if female else "dialogue.gender_male"),
        "occupation": str(row["occupation"]) if pd.notna(row["occupation"]) else t("dialogue.unknown"),
        "city": str(row["city"]) if pd.notna(row["city"]) else t("dialogue.unknown"),
        "phone": mask(str(row["phone"]), "phone") if pd.notna(row["phone"]) else t("dialogue.unknown"),
        "id_number": mask(str(row["id_number"]), "id_number") if pd.notna(row["id_number"]) else t("dialogue.unknown"),
        "product": str(row["product_name"]),
        "premium": _money(row["premium"]),
        "sum_insured": _money(row["sum_insured"]),
        "income": _money(row["annual_income"]),
        "sign_date": t("dialogue.date", y=row["sign_date"].year, m=row["sign_date"].month, d=row["sign_date"].day),
    }
    card = tuple((t(f"dialogue.card.{k}"), values[k]) for k in CARD_FIELDS)
    order = {}
    for node_id, node in drill.nodes.items():
        if node.choices:
            order[node_id] = tuple(int(i) for i in _rng(seed, f"{drill.id}/{node_id}").permutation(len(node.choices)))
    return Variant(drill.id, int(seed), values, card, order)
