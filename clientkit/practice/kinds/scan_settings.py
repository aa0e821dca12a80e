"""Kind ``scan_settings``: colour mode and minimum resolution for scanning a paper document.

DOMAIN.md §7.2 exercise 1 (C7-04 DA/T 31-2017, C7-06). ``params.docs`` lists documents as data —
``doc`` (the description shown) and ``flags`` (the arguments of
:func:`clientkit.rules.ch7_digital.scan_settings`: has_signature, has_seal, has_photo,
small_text, poor_legibility, illustrations, high_fidelity). The key is computed by that
function, never typed. Two items per document: the colour mode and the minimum dpi.
"""
from __future__ import annotations

from html import escape

import numpy as np

from clientkit.i18n import t
from clientkit.model.schema import COLOUR_MODES
from clientkit.practice.kinds.cards import rule_source
from clientkit.practice.task import Item, ItemKey

DEFAULT_N = 2
DPIS = (200, 300, 600)
_FLAGS = {"has_signature", "has_seal", "has_photo", "small_text", "poor_legibility", "illustrations", "high_fidelity"}
RULE_IDS = ("C7-04", "C7-06")


def check_params(params: dict) -> str | None:
    docs = params.get("docs")
    if not isinstance(docs, list) or not docs:
        return t("practice.problem.param_type", name="docs")
    for d in docs:
        if not isinstance(d, dict) or not isinstance(d.get("doc"), str) or not isinstance(d.get("flags", {}), dict):
            return t("practice.problem.param_type", name="docs")
        if set(d.get("flags", {})) - _FLAGS or not all(isinstance(v, bool) for v in d.get("flags", {}).values()):
            return t("practice.problem.param_type", name="flags")
    if params.get("n_items", DEFAULT_N) > len(docs):
        return t("practice.problem.pool_small", have=len(docs), need=params.get("n_items", DEFAULT_N))
    return None


def build(ex, rng: np.random.Generator, n: int, prefix: str, used: set) -> list[tuple[Item, ItemKey]]:
    from clientkit.rules.ch7_digital import scan_settings

    docs = ex.params["docs"]
    modes = tuple((m, COLOUR_MODES[m]) for m in ("colour", "grey", "binary"))
    dpis = tuple((str(d), t("ch7.scan.dpi", n=d)) for d in DPIS)
    source = rule_source(RULE_IDS)
    out = []
    for i, j in enumerate(rng.choice(len(docs), size=min(n, len(docs)), replace=False), start=1):
        d = docs[int(j)]
        mode, dpi, _ = scan_settings(**d.get("flags", {}))
        why = t("ch7.scan.why", mode=COLOUR_MODES[mode], dpi=dpi)
        doc = escape(d["doc"])
        out.append((Item(f"{prefix}{i:02d}a", t("ch7.scan.prompt_mode", doc=doc), "single", modes, rule_ids=RULE_IDS),
                    ItemKey("choice", mode, COLOUR_MODES[mode], RULE_IDS, source, why)))
        out.append((Item(f"{prefix}{i:02d}b", t("ch7.scan.prompt_dpi", doc=doc), "single", dpis, rule_ids=RULE_IDS),
                    ItemKey("choice", str(dpi), t("ch7.scan.dpi", n=dpi), RULE_IDS, source, why)))
    return out
