"""Chapter-3 tool 流失预警: the sample book's clients who need action this week (churn score
C3-29 at or above the company threshold on the book's reference date), why (the signals fired)
and the handling action from the handbook (C3-10…C3-27). Names are masked."""
from __future__ import annotations

from html import escape

import ipywidgets as w
import pandas as pd

from clientkit.i18n import t
from clientkit.ui import html

CHAPTER = 3
TITLE = t("ch3.tool.title")
ORDER = 10
COLUMNS = ("rank", "client", "score", "signals", "action")


def render_table(ranked: pd.DataFrame) -> str:
    """The clients needing action as a table (a card per client on a phone)."""
    if ranked.empty:
        return f"<p>{escape(t('ch3.tool.none'))}</p>"
    rows = [(str(r.rank), f"{r.client_id} {r.name}".strip(), f"{r.score:g}", r.signal_labels, r.action)
            for r in ranked.itertuples(index=False)]
    return html.table(pd.DataFrame(rows, columns=[t(f"ch3.tool.col_{c}") for c in COLUMNS]))


def render_weights(weights: dict) -> str:
    text = "，".join(f"{t(f'ch3.churn.signal.{k}')} {v:g}" for k, v in sorted(weights.items(), key=lambda kv: -kv[1]))
    return f'<p class="ck-muted">{escape(t("ch3.tool.weights"))}：{escape(text)}</p>'


def build(service, page) -> w.Widget:
    """The tool's widget: intro, count, the table of clients and the weights in force."""
    on, ranked, weights, threshold = service.churn_view()
    parts = [f"<p>{escape(t('ch3.tool.intro', threshold=f'{threshold:g}'))}</p>",
             f"<p>{escape(t('ch3.tool.ref_day', on=on.isoformat()))} · {escape(t('ch3.tool.count', n=len(ranked)))}</p>",
             render_table(ranked), render_weights(weights)]
    return w.HTML("".join(parts))
