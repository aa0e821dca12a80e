"""导入学员名单 in the trainer console's 课堂 tab (issue 14): upload an ``.xlsx`` or ``.csv``
roster, see the rows left out (by row and column) and the accounts created, and download the
initial passwords once. The service checks the role (a trainer creates agents only)."""
from __future__ import annotations

from datetime import datetime

import ipywidgets as w
import pandas as pd

from clientkit.auth import ROLE_LABELS
from clientkit.i18n import t
from clientkit.service_roster import roster_passwords_file
from clientkit.ui import html
from clientkit.ui.components import download_link, guarded


class RosterPanel:
    def __init__(self, service, page) -> None:
        from clientkit.ui.upload_button import UploadButton

        self.service, self.page = service, page
        self.upload = UploadButton(accept=".xlsx,.csv")
        self.upload.texts = {**self.upload.texts, "hint": t("roster.ui.upload_hint")}
        self.upload.observe(guarded(page)(lambda change: self._uploaded(change["new"])), names="upload_id")
        self.result = w.HTML()
        intro = t("roster.ui.intro_admin" if service.user.role == "admin" else "roster.ui.intro")
        self.widget = w.VBox([
            w.HTML(f"<h3>{html.escape(t('roster.ui.heading'))}</h3><p class=\"ck-muted\">{html.escape(intro)}</p>"),
            self.upload, self.result,
        ])
        self.widget.add_class("ck-roster")

    def _uploaded(self, upload_id: str) -> None:
        self.result.value = ""  # an earlier passwords link goes away with a new upload
        if not upload_id:
            self.result.value = html.panel("error", self.upload.error) if self.upload.error else ""
            return
        name, data = self.service.roster_upload(upload_id)
        result = self.service.roster_import(data, name)
        self.result.value = render_result(result, name, roster_passwords_file(result) if result.created else None)


def render_result(result, name: str, passwords: bytes | None) -> str:
    """The rows left out (row, column, problem), the accounts created and the passwords link."""
    parts = [html.panel("info", t("roster.ui.uploaded", name=name)),
             html.panel("warn" if result.problems else "ok", result.summary())]
    if result.problems:
        df = pd.DataFrame([{t("roster.ui.col_row"): p.row if p.row is not None else "—",
                            t("roster.ui.col_column"): p.column or "—", t("roster.ui.col_message"): p.message}
                           for p in result.problems])
        parts.append(f"<h4>{html.escape(t('roster.ui.problems_h'))}</h4>" + html.table(df))
    if result.created:
        df = pd.DataFrame([{t("roster.col_username"): u["username"], t("roster.col_name"): u["name"],
                            t("roster.col_team"): u["team"] or "—", t("roster.col_role"): ROLE_LABELS[u["role"]]}
                           for u in result.created])
        parts.append(f"<h4>{html.escape(t('roster.ui.created_h'))}</h4>" + html.table(df))
        parts.append(html.panel("warn", t("roster.ui.passwords")))
        parts.append(download_link(f"初始密码-{datetime.now():%Y%m%d-%H%M%S}.xlsx", passwords))
    return "".join(parts)
