"""Chapter-2 tool 客户画像: pick an individual client of the sample book and see the profile tags
with the data each came from and its last refresh date; stale tags are highlighted
(DOMAIN.md C2-11…C2-13, C2-16; 2.4 画像数据更新机制). Names are masked; no raw identifiers."""
from __future__ import annotations

from html import escape

import ipywidgets as w
import pandas as pd

from clientkit.i18n import t
from clientkit.ui import html
from clientkit.ui.components import Notice, guarded

CHAPTER = 2
TITLE = t("ch2.ui.title")
ORDER = 10


def render(profile: pd.DataFrame) -> str:
    """The profile tags as a table; stale rows marked and tinted."""
    rows = []
    for r in profile.itertuples(index=False):
        day = r.refreshed_on.strftime("%Y-%m-%d") if pd.notna(r.refreshed_on) else t("ch2.profile.unknown")
        state = t("ch2.ui.stale") if r.stale else t("ch2.ui.fresh")
        rows.append((r.tag, str(r.value), r.source, day, f"{state}（{r.rule_id}）"))
    columns = [t(f"ch2.ui.col.{c}") for c in ("tag", "value", "source", "refreshed_on", "stale")]
    table = html.table(pd.DataFrame(rows, columns=columns), row_classes=["ck-stale" if s else "" for s in profile["stale"]])
    return table + f'<p class="ck-muted">{escape(t("ch2.ui.note"))}</p>'


def build(service, page) -> w.Widget:
    """The tool's widget: a client picker and the profile table."""
    picker = w.Dropdown(options=service.profile_clients(), description=t("ch2.ui.client"),
                        layout=w.Layout(width="420px", max_width="100%"))
    out = w.HTML()
    note = Notice()

    @guarded(note)
    def show(_change=None) -> None:
        out.value = render(service.client_profile(picker.value)) if picker.value else ""

    picker.observe(show, names="value")
    show()
    return w.VBox([w.HTML(f"<p>{escape(t('ch2.ui.intro'))}</p>"), picker, note, out])
