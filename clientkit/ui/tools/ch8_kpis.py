"""Chapter-8 tool 指标: every KPI of DOMAIN.md §8.2 for the sample book — value, numerator,
denominator and the formula it is computed with — and the PDCA improvement log of §8.3
(finding → owner → due date → verification metric). Aggregates only: no personal data."""
from __future__ import annotations

from html import escape

import ipywidgets as w
import pandas as pd

from clientkit.i18n import t
from clientkit.ui import html

CHAPTER = 8
TITLE = t("ch8.ui.title")
ORDER = 10


def _num(v: float) -> str:
    return "—" if pd.isna(v) else f"{v:,.0f}" if float(v) == int(v) else f"{v:,.2f}"


def render_kpis(kpis: pd.DataFrame) -> str:
    """The KPI table (value with unit, numerator / denominator, formula); on a phone a card per
    KPI. KPIs whose deadlines used the statutory holiday layer (``kpis.attrs["provisional"]``)
    are marked 暂定, with the calendar note under the table."""
    provisional = set(kpis.attrs.get("provisional", ()))
    rows = [(r.name + (t("calendar.provisional_mark") if r.kpi in provisional else ""),
             t("ch8.ui.no_data") if pd.isna(r.value) else f"{r.value:.1f}{r.unit}",
             f"{_num(r.numerator)} / {_num(r.denominator)}", r.formula) for r in kpis.itertuples(index=False)]
    columns = [t(f"ch8.ui.col.{c}") for c in ("name", "value", "fraction", "formula")]
    note = f'<p class="ck-muted ck-provisional">{escape(t("calendar.provisional_mark") + t("calendar.provisional_note"))}</p>' if provisional else ""
    return html.table(pd.DataFrame(rows, columns=columns)) + note


def render_log(log: pd.DataFrame, on) -> str:
    """The improvement log; overdue items marked."""
    cols = ("finding", "source", "action", "owner", "due_on", "metric", "target", "closed_on", "result", "state")
    on = pd.Timestamp(on)
    rows = []
    for r in log.itertuples(index=False):
        late = (pd.isna(r.closed_on) and r.due_on < on) or (pd.notna(r.closed_on) and r.closed_on > r.due_on)
        state = t("ch8.ui.state.late") if late else t("ch8.ui.state.done") if pd.notna(r.closed_on) else t("ch8.ui.state.open")
        rows.append((r.finding, r.source, r.action, r.owner, r.due_on.strftime("%Y-%m-%d"), r.metric, r.target,
                     r.closed_on.strftime("%Y-%m-%d") if pd.notna(r.closed_on) else "",
                     r.result if isinstance(r.result, str) else "", state))  # an open item has no result (NaN)
    return html.table(pd.DataFrame(rows, columns=[t(f"ch8.ui.log.{c}") for c in cols]))


def render_training(training: pd.DataFrame) -> str:
    """Agents' training hours against C8-06; rows with a shortfall marked."""
    rows = [(r.agent_id, r.team, f"{float(r.training_hours):g}" if pd.notna(r.training_hours) else "—",
             f"{r.shortfall:g}" if r.shortfall > 0 else t("ch8.ui.training.met")) for r in training.itertuples(index=False)]
    columns = [t(f"ch8.ui.training.{c}") for c in ("agent_id", "team", "training_hours", "shortfall")]
    return html.table(pd.DataFrame(rows, columns=columns),
                      row_classes=["ck-short" if s > 0 else "" for s in training["shortfall"]])


def build(service, page) -> w.Widget:
    """The tool's widget: the KPI table, the improvement log and the agents' training hours."""
    on, kpis, log = service.kpi_view()
    intro = t("ch8.ui.intro", on=on.isoformat())
    return w.VBox([w.HTML(f"<p>{escape(intro)}</p>"), w.HTML(render_kpis(kpis)),
                   w.HTML(f"<h4>{escape(t('ch8.ui.log_title'))}</h4>"), w.HTML(render_log(log, on)),
                   w.HTML(f"<h4>{escape(t('ch8.ui.training_title'))}</h4>"), w.HTML(render_training(service.training_view()))])
