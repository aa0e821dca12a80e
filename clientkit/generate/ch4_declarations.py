"""Chapter-4 planted defects of a generated book (ground truth for ``clientkit.rules.ch4_checks``).

Clean data (any ``defect_rate``): every policy has ``declaration_signed`` true and a relation that
gives an insurable interest, so C4-06 and C4-11 find nothing.

Planted kind (on holders with no other planted defect; about ``rate`` × 20% of the 分红/万能/投连
policyholders, at least one when ``rate`` > 0 and one exists), recorded in ``book.defects``:

1. ``C4-06 declaration_signed`` — one 分红/万能 policy of the holder gets ``budget`` = half its
   ``premium`` (premium ≥ 150% of the budget: 适当性办法 第39条第四项) and
   ``declaration_signed`` = False. Budget is read by no other rule.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from clientkit.model.book import DEFECT_COLUMNS
from clientkit.rules.ch4_suitability import UNCERTAIN_TYPES

SHARE = 0.2


def add(seed: int, frames: dict, defect_rate: float, planted: pd.DataFrame) -> pd.DataFrame:
    """Plant C4-06 defects in ``frames["policies"]``; returns ``planted`` with their rows added."""
    if defect_rate <= 0:
        return planted
    rng = np.random.default_rng([seed, 4])
    pol = frames["policies"]
    taken = set(planted["client_id"].astype(str)) if len(planted) else set()
    rows = np.flatnonzero(pol["product_type"].isin(UNCERTAIN_TYPES).to_numpy()
                          & ~pol["holder_id"].astype(str).isin(taken).to_numpy())
    if not len(rows):
        return planted
    holders = pd.unique(pol["holder_id"].to_numpy()[rows])
    k = min(len(holders), max(1, int(round(len(holders) * SHARE * defect_rate))))
    chosen = rng.choice(holders, size=k, replace=False)
    out = []
    first = pd.Series(rows).groupby(pol["holder_id"].to_numpy()[rows], sort=False).first()  # holder -> first row
    at = first.loc[chosen].to_numpy()
    premium = pol["premium"].to_numpy(dtype=float, na_value=np.nan)[at]
    pol.loc[pol.index[at], "budget"] = np.round(premium / 2, 2)
    pol.loc[pol.index[at], "declaration_signed"] = False
    for holder in chosen:
        out.append({"rule_id": "C4-06", "client_id": str(holder), "field": "declaration_signed"})
    extra = pd.DataFrame(out, columns=DEFECT_COLUMNS).astype("string")
    return pd.concat([planted, extra], ignore_index=True) if len(planted) else extra
