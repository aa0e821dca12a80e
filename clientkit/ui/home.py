"""首页: the signed-in user's chapters with mastery, their recent attempts, and links."""
from __future__ import annotations

import ipywidgets as w
import pandas as pd

from clientkit.chapters import CHAPTERS
from clientkit.i18n import t
from clientkit.ui import html
from clientkit.ui.components import Page, button, guarded, nav_links

MODE_LABELS = {"practice": "练习", "assessment": "自测"}


def history_table(history: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    """The attempt history as a labelled table (newest first)."""
    if history is None or len(history) == 0:
        return pd.DataFrame()
    h = history.sort_values("submitted_at", ascending=False)
    return pd.DataFrame(
        {
            t("ui.col_time"): pd.to_datetime(h["submitted_at"]).dt.strftime("%Y-%m-%d %H:%M"),
            t("ui.col_chapter"): h["chapter"].map(lambda n: f"第{int(n)}章"),
            t("ui.col_exercise"): h["exercise_id"].map(lambda e: titles.get(e, t("dash.session_label") if e.startswith("session:") else e)),
            t("ui.col_mode"): [t("dialogue.mode_class") if _class_drill(r) else MODE_LABELS.get(r.mode, r.mode)
                               for r in h.itertuples(index=False)],
            t("ui.col_score"): (h["score"] * 100).round().astype(int).astype(str) + "%",
        }
    )


def _class_drill(row) -> bool:
    """A 对话演练 attempt taken live in a class (it carries the class session)."""
    return str(row.exercise_id).startswith("dialogue:") and pd.notna(getattr(row, "session_id", None))


class HomeApp:
    def __init__(self, service) -> None:
        self.service = service
        user = service.user
        self.page = Page(t("ui.home_title"), user, nav_links(user))
        self.mastery, self.history = w.HTML(), w.HTML()
        self.past = None  # 查看以往答卷: built once there is an attempt to show (_past_widgets)
        self.past_box = w.VBox()
        from clientkit.ui.classroom import JoinPanel

        self.join = JoinPanel(service, self.page)
        greeting = t("ui.welcome", name=user.display_name or user.username)
        self.page.body.children = [w.HTML(html.panel("info", t("ui.home_intro"), greeting)), w.VBox(), self.join.widget,
                                   self.mastery, self.history, self.past_box]
        self.on_show()
        self.widget = self.page.widget

    def on_show(self) -> None:
        """Mastery, history and past attempts as they are now (also when coming back to 首页
        after practising in the same visit); a past attempt already picked stays picked."""
        prog = self.service.my_progress()
        chapters = prog["chapters"].copy()
        chapters["notebook"] = [c.notebook for c in CHAPTERS]
        chapters["available"] = [c.available for c in CHAPTERS]
        titles = exercise_titles(self.service)
        from clientkit.ui.assignments import todo_widget  # 学习任务 (issue 14), second on the page

        body = self.page.body.children
        self.page.body.children = (body[0], todo_widget(self.service, self.page), *body[2:])
        self.mastery.value = f"<h3>{t('ui.my_mastery')}</h3>" + html.mastery_bars(chapters)
        self.history.value = (f"<h3>{t('ui.my_history')}</h3>"
                              + html.table(history_table(prog["history"], titles), empty=t("ui.no_attempts")))
        options = self._past_options(prog["history"], titles)
        history = prog["history"]
        self._drill_attempts = (set(history.loc[history["exercise_id"].str.startswith("dialogue:"), "attempt_id"])
                                if len(history) else set())
        if options and self.past is None:
            self._past_widgets()
        if self.past is not None and options != list(self.past.options):
            picked = self.past.value
            self.past.options = options
            self.past.value = picked if picked in [v for _, v in options] else None

    def _past_widgets(self) -> None:
        self.past = w.Dropdown(options=[], value=None, layout=w.Layout(width="auto", max_width="100%"))
        self.past_show = button(t("ui.past_show"), "info")
        self.past_out = w.HTML()
        self.past_show.on_click(guarded(self.page)(lambda _b: self._show_past()))
        self.past_box.children = [w.HTML(f"<h3>{t('ui.past_title')}</h3>"),
                                  w.HBox([self.past, self.past_show], layout=w.Layout(flex_flow="row wrap")),
                                  self.past_out]

    @staticmethod
    def _past_options(history: pd.DataFrame, titles: dict[str, str]) -> list[tuple[str, object]]:
        """Past attempts to see the feedback of again, newest first."""
        recent = history.sort_values("submitted_at", ascending=False).head(50) if len(history) else history
        return [(f"{pd.Timestamp(r.submitted_at).strftime('%m-%d %H:%M')} · {titles.get(r.exercise_id, t('ui.class_paper'))}"
                 f" · {round(float(r.score) * 100)}%", r.attempt_id) for r in recent.itertuples(index=False)]

    def _show_past(self) -> None:
        if self.past.value is None:
            self.past_out.value = html.panel("warn", t("ui.past_pick"))
            return
        if self.past.value in self._drill_attempts:
            from clientkit.ui.dialogue_html import replay  # a 对话演练 attempt (issue 13)

            drill, variant, result, bubbles = self.service.replay_dialogue(self.past.value)
            rules = self.service.rule_titles(drill.rule_ids())
            self.past_out.value = replay(drill, variant, result, bubbles, rules)
            return
        task, result, show_key = self.service.attempt_feedback(self.past.value)
        self.past_out.value = html.feedback(result, task.items, show_key=show_key)


def exercise_titles(service) -> dict[str, str]:
    """Titles of every exercise and assessment, for history tables (from the service)."""
    return service.exercise_titles()
