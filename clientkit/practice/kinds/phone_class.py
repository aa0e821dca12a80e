"""Kind ``phone_class``: is this 联系电话 a mobile, a landline or invalid?

DOMAIN.md 1.2 exercise 4; C1-11 (mobile ``^1[3-9]\\d{9}$``) and C1-12 (landline
``^0\\d{2,3}-?\\d{7,8}(-\\d{1,6})?$``), both ⚠P company formats; carrier tables are not graded.
Numbers are generated (:mod:`clientkit.generate.identities`) and some are spoiled; the key is
:func:`clientkit.model.validators.phone_kind` of the shown text. The raw synthetic number is
shown: the exercise is about its format.
"""
from __future__ import annotations

import numpy as np

from clientkit.generate import identities
from clientkit.generate.vocab import AREA_CODES
from clientkit.i18n import t
from clientkit.model.validators import phone_kind
from clientkit.practice.kinds.cards import code, rule_source
from clientkit.practice.task import Item, ItemKey

DEFAULT_N = 10
CLASSES = ("mobile", "landline", "invalid")
RULE_IDS = ("C1-11", "C1-12")


def check_params(params: dict) -> str | None:
    return None


def options() -> tuple[tuple[str, str], ...]:
    return tuple((c, t(f"practice.phone.{c}")) for c in CLASSES)


def _landline(rng: np.random.Generator) -> str:
    provinces = np.array(sorted(AREA_CODES))
    s = str(identities.landlines(rng, provinces[rng.integers(0, len(provinces), 1)])[0])
    style = int(rng.integers(0, 4))
    if style == 1:
        return s.replace("-", "")
    if style == 2:
        return f"{s}-{rng.integers(1, 9999)}"
    if style == 3:
        return s[:-1]  # 7-digit local number, still valid
    return s


def _invalid(rng: np.random.Generator) -> str:
    mobile = str(identities.unique_mobiles(rng, 1)[0])
    land = _landline(rng)
    k = int(rng.integers(0, 7))
    return (
        mobile[:-1],                                   # 10 digits
        mobile + str(rng.integers(0, 10)),             # 12 digits
        "12" + mobile[2:],                             # second digit 2
        land.split("-")[0] + "-" + str(rng.integers(100, 99999)),  # local part too short
        land.lstrip("0"),                              # area code without 0
        f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}",    # spaces
        mobile[:5] + "O" + mobile[6:],                 # letter O for zero
    )[k]


def explain(s: str, kind: str) -> str:
    if kind in ("mobile", "landline"):
        return t(f"practice.phone.why_{kind}")
    return t("practice.phone.why_invalid", n=len(s))


def build(ex, rng: np.random.Generator, n: int, prefix: str, used: set) -> list[tuple[Item, ItemKey]]:
    opts = options()
    out = []
    for i in range(1, n + 1):
        target = CLASSES[int(rng.integers(0, 3))]
        if target == "mobile":
            s = str(identities.unique_mobiles(rng, 1)[0])
        else:
            s = _landline(rng) if target == "landline" else _invalid(rng)
        kind = phone_kind(s) or "invalid"
        rule_ids = ("C1-11",) if kind == "mobile" else ("C1-12",) if kind == "landline" else RULE_IDS
        key = ItemKey("choice", kind, dict(opts)[kind], rule_ids, rule_source(rule_ids), explain(s, kind))
        out.append((Item(f"{prefix}{i:02d}", t("practice.phone.prompt", number=code(s)), "single", opts,
                         rule_ids=RULE_IDS), key))
    return out
