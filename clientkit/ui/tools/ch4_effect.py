"""Chapter-4 tool 推荐效果: the 4.4 metrics of the sample book — 犹豫期撤单率, 回访问题件率 and
13个月保费继续率 — overall and per product (DOMAIN.md §4.5, ⚠P formulas in
clientkit.rules.ch4_effect). Aggregates only: no personal data is shown."""
from __future__ import annotations

from html import escape

import ipywidgets as w
import pandas as pd

from clientkit.i18n import t
from clientkit.ui import html

CHAPTER = 4
TITLE = t("ch4.effect.title")
ORDER = 20
METRICS = ("n_policies", "cooling_off_rate", "revisit_problem_rate", "persistency_13")


def _cell(name: str, value) -> str:
    if value is None:
        return "—"
    return f"{value:,}" if name == "n_policies" else f"{value * 100:.1f}%"


def render(rows: list[dict]) -> str:
    """Cooling-off, revisit-problem and 13-month persistency per group (a card per group on a phone)."""
    table = pd.DataFrame([(r["label"] or t("ch4.effect.all"), *(_cell(m, r[m]) for m in METRICS)) for r in rows],
                         columns=[t("ch4.effect.col.label"), *(t(f"ch4.effect.col.{m}") for m in METRICS)])
    return html.table(table) + f'<p class="ck-muted">{escape(t("ch4.effect.note"))}</p>'


def build(service, page) -> w.Widget:
    return w.VBox([w.HTML(f"<p>{escape(t('ch4.effect.intro'))}</p>"), w.HTML(render(service.recommendation_effect()))])
