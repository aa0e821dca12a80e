"""主管 first review page: every agent's attempts of a chapter, scores, most-missed rules."""
from __future__ import annotations

import ipywidgets as w
import pandas as pd

from clientkit.chapters import CHAPTERS
from clientkit.i18n import t
from clientkit.ui import html
from clientkit.ui.components import Page, guarded, nav_links
from clientkit.ui.home import exercise_titles, history_table


def _pct(v) -> str:
    return "" if v is None or pd.isna(v) else f"{round(float(v) * 100)}%"


class ReviewApp:
    def __init__(self, service) -> None:
        self.service = service
        self.page = Page(t("ui.review_title"), service.user, nav_links(service.user))
        available = [c for c in CHAPTERS if c.available]
        self.picker = w.Dropdown(options=[(c.label, c.number) for c in available], layout=w.Layout(width="auto"))
        self.out = w.HTML()
        self.picker.observe(guarded(self.page)(lambda _c: self.refresh()), names="value")
        refresh = w.Button(description=t("ui.refresh"), layout=w.Layout(width="auto"))
        refresh.on_click(guarded(self.page)(lambda _b: self.refresh()))
        self.page.body.children = [w.HBox([self.picker, refresh], layout=w.Layout(flex_flow="row wrap")), self.out]
        self.titles = exercise_titles(service)
        self.refresh()
        self.widget = self.page.widget

    def refresh(self) -> None:
        data = self.service.review(self.picker.value)
        agents = data["agents"]
        parts = []
        if len(agents):
            summary = pd.DataFrame(
                {
                    t("ui.col_agent"): agents["agent"],
                    t("ui.col_team"): agents["team"],
                    t("ui.col_practice_n"): agents["practice_attempts"],
                    t("ui.col_practice_mean"): agents["practice_mean"].map(_pct),
                    t("ui.col_assess_n"): agents["assessment_attempts"],
                    t("ui.col_assess_best"): agents["assessment_best"].map(_pct),
                }
            )
        else:
            summary = pd.DataFrame()
        parts.append(f"<h3>{t('ui.review_agents')}</h3>" + html.table(summary, empty=t("ui.no_agents")))
        misses = data["misses"]
        if len(misses):
            from clientkit.rules.registry import rule

            def statement(rid):
                try:
                    return rule(rid).statement
                except KeyError:
                    return ""

            top = misses.sort_values(["misses", "miss_rate"], ascending=False).head(10)
            miss_table = pd.DataFrame(
                {
                    t("ui.col_rule"): top["rule_id"],
                    t("ui.col_statement"): top["rule_id"].map(statement).str.slice(0, 40),
                    t("ui.col_misses"): top["misses"].astype(int).astype(str) + " / " + top["items"].astype(int).astype(str),
                    t("ui.col_miss_rate"): top["miss_rate"].map(_pct),
                    t("ui.col_agents_missing"): top["agents_missing"].astype(int).astype(str) + " / " + top["agents"].astype(int).astype(str),
                }
            )
        else:
            miss_table = pd.DataFrame()
        parts.append(f"<h3>{t('ui.review_misses')}</h3>" + html.table(miss_table, empty=t("ui.no_attempts")))
        attempts = data["attempts"]
        if len(attempts):
            table = history_table(attempts, self.titles)
            table.insert(0, t("ui.col_agent"), attempts.sort_values("submitted_at", ascending=False)["agent"].to_numpy())
        else:
            table = pd.DataFrame()
        parts.append(f"<h3>{t('ui.review_attempts')}</h3>" + html.table(table, empty=t("ui.no_attempts")))
        self.out.value = "".join(parts)
