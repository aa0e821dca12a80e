"""Kind ``cross_field``: does a card's 出生日期 / 性别 / 年龄 agree with its 公民身份号码?

DOMAIN.md 1.2 exercise 2; C1-08: positions 7–14 of the ID are the birth date, the 17th digit is
odd for 男 and even for 女. 年龄 is 周岁 on the card's reference date, computed by
:func:`clientkit.generate.days.age_on` (11010519491231002X is 75 on 2025-12-30 and 76 on 2026-01-02).
No generated card falls on the birthday itself: whether the year is completed on it or on the
next day is contested (content review D07), so graded items stay off it. The ID is the reference; the key flags every card field
that disagrees with it (set-F1). ``params.include`` adds fixed cards first (``id``, ``on`` and
optionally the shown ``birth_date``, ``gender``, ``age``; the key is still computed). The full
synthetic ID is shown: the exercise is about the raw value.
"""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from clientkit.generate import days
from clientkit.i18n import t
from clientkit.model.schema import GENDERS
from clientkit.model.validators import id_birth_date, id_gender
from clientkit.practice.kinds.cards import card, rule_source
from clientkit.practice.kinds.id_triage import valid_ids
from clientkit.practice.task import Item, ItemKey

DEFAULT_N = 5
FIELDS = ("birth_date", "gender", "age")
NONE = "NONE"
RULE_IDS = ("C1-08",)


def check_params(params: dict) -> str | None:
    for entry in params.get("include") or []:
        if not isinstance(entry, dict) or not {"id", "on"} <= set(entry) or set(entry) - {"id", "on", "birth_date", "gender", "age"}:
            return t("practice.problem.param_type", name="include")
        if id_birth_date(str(entry["id"])) is None:
            return t("practice.problem.cross_id", value=entry["id"])
    return None


def age_on(born: date, on: date) -> int:
    """周岁 on ``on`` of a person born on ``born`` (the birthday itself completes the year)."""
    return int(days.age_on(np.array([days.day(born)]), days.day(on))[0])


def _date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _random_card(rng: np.random.Generator) -> dict:
    s = valid_ids(rng, 1)[0]
    born = id_birth_date(s)
    year = int(rng.integers(max(born.year + 1, 2024), 2027))
    # never the birthday itself (content review D07: whether 满N周岁 falls on it is contested)
    shift = int(rng.choice([-1, 0, 1, int(rng.integers(-150, 150))])) or 2
    if (born.month, born.day) == (2, 29):  # no 29 Feb in most years: keep away from the ambiguity
        on = date(year, 3, 15) + timedelta(days=shift)
    else:
        on = date(year, born.month, born.day) + timedelta(days=shift)
    shown = {"birth_date": born, "gender": id_gender(s), "age": age_on(born, on)}
    flip = rng.random(3) < 0.3
    if flip[0]:
        shown["birth_date"] = born + timedelta(days=int(rng.choice([-1, 1])) * int(rng.integers(1, 40)))
    if flip[1]:
        shown["gender"] = "female" if shown["gender"] == "male" else "male"
    if flip[2]:
        shown["age"] += int(rng.choice([-1, 1]))
    return {"id": s, "on": on, **shown}


def _fixed_card(entry: dict) -> dict:
    s = str(entry["id"])
    born, on = id_birth_date(s), _date(entry["on"])
    return {"id": s, "on": on, "birth_date": _date(entry.get("birth_date", born)),
            "gender": entry.get("gender", id_gender(s)), "age": int(entry.get("age", age_on(born, on)))}


def item(c: dict, item_id: str) -> tuple[Item, ItemKey]:
    s, on = c["id"], c["on"]
    born, gender = id_birth_date(s), id_gender(s)
    age = age_on(born, on)
    wrong = [f for f, ok in (("birth_date", c["birth_date"] == born), ("gender", c["gender"] == gender),
                             ("age", c["age"] == age)) if not ok]
    labels = {f: t(f"practice.cross.{f}") for f in FIELDS}
    context = card([(t("practice.cross.id"), s), (labels["birth_date"], c["birth_date"]),
                    (labels["gender"], GENDERS.get(c["gender"], c["gender"])),
                    (t("practice.cross.age_on", on=on.isoformat()), c["age"])])
    why = t("practice.cross.why", digits=s[6:14], born=born.isoformat(), digit=s[16], gender=GENDERS[gender],
            on=on.isoformat(), age=age)
    opts = tuple((f, labels[f]) for f in FIELDS) + ((NONE, t("practice.cross.none")),)
    expected = "、".join(labels[f] for f in wrong) or t("practice.cross.none")
    key = ItemKey("set", frozenset(wrong), expected, RULE_IDS, rule_source(RULE_IDS), why, none_value=NONE)
    return Item(item_id, t("practice.cross.prompt"), "multi", opts, context=context, rule_ids=RULE_IDS), key


def build(ex, rng: np.random.Generator, n: int, prefix: str, used: set) -> list[tuple[Item, ItemKey]]:
    cards = [_fixed_card(e) for e in ex.params.get("include") or []][:n]
    cards += [_random_card(rng) for _ in range(n - len(cards))]
    return [item(c, f"{prefix}{i:02d}") for i, c in enumerate(cards, start=1)]
