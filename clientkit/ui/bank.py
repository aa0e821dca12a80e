"""题库 tab of the trainer console (issue 14): download a chapter's bank as Excel, upload an
edited one, see its problems (sheet, row, column) or what it adds, changes and removes, publish.

The uploaded bytes stay in this kernel; 发布 sends them to the service again, which re-checks
everything (the browser can click a disabled button) and publishes only a clean upload.
"""
from __future__ import annotations

import ipywidgets as w
import pandas as pd

from clientkit.chapters import CHAPTERS
from clientkit.i18n import t
from clientkit.ui import html
from clientkit.ui.components import button, download_link, guarded


def add_bank_tab(tabs: w.Tab, service, page) -> None:
    """Append the 题库 tab to ``tabs`` for trainers and admins (others do not get it)."""
    if service.user.role not in ("trainer", "admin"):
        return
    panel = BankPanel(service, page)
    tabs.children = (*tabs.children, panel.widget)
    tabs.set_title(len(tabs.children) - 1, t("bank.ui.tab"))


class BankPanel:
    def __init__(self, service, page) -> None:
        from clientkit.ui.upload_button import UploadButton

        self.service, self.page = service, page
        g = guarded(page)
        style = {"description_width": "initial"}
        self.chapter = w.Dropdown(options=[(c.label, c.number) for c in CHAPTERS if c.available],
                                  description=t("bank.ui.chapter"), style=style,
                                  layout=w.Layout(width="320px", max_width="100%"))
        self.download = button(t("bank.ui.download"), "primary")
        self.download.on_click(g(lambda _b: self._download()))
        self.link = w.HTML()
        self.upload = UploadButton(accept=".xlsx")
        self.upload.texts = {**self.upload.texts, "hint": t("bank.ui.upload_hint")}
        self.upload.observe(g(lambda change: self._uploaded(change["new"])), names="upload_id")
        self.result = w.HTML()
        self.publish = button(t("bank.ui.publish"), "danger")
        self.publish.disabled = True
        self.publish.on_click(g(lambda _b: self._publish()))
        self.history = w.HTML()
        self._data: bytes | None = None
        self.widget = w.VBox([
            w.HTML(f"<h3>{html.escape(t('bank.ui.heading'))}</h3><p class=\"ck-muted\">{html.escape(t('bank.ui.intro'))}</p>"),
            w.HBox([self.chapter, self.download], layout=w.Layout(flex_flow="row wrap", align_items="center")),
            self.link,
            w.HTML(f"<h4>{html.escape(t('bank.ui.upload'))}</h4>"), self.upload, self.result, w.HBox([self.publish]),
            w.HTML(f"<h4>{html.escape(t('bank.ui.history_h'))}</h4>"), self.history,
        ])
        self._show_history()

    def _download(self) -> None:
        name, data = self.service.bank_export(self.chapter.value)
        self.link.value = download_link(name, data)

    def _uploaded(self, upload_id: str) -> None:
        self._data = None
        self.publish.disabled = True
        if not upload_id:
            self.result.value = html.panel("error", self.upload.error) if self.upload.error else ""
            return
        name, data = self.service.bank_upload(upload_id)
        result = self.service.bank_preview(data)
        self.result.value = render_preview(result, name)
        if result.ok and result.has_changes:
            self._data = data
            self.publish.disabled = False

    def _publish(self) -> None:
        if self._data is None:
            self.page.show("warn", t("bank.ui.nothing_to_publish"))
            return
        done = self.service.bank_publish(self._data)
        self._data = None
        self.publish.disabled = True
        self.result.value = ""
        self.page.show("ok", t("bank.published", chapter=done.chapter, version=done.version, added=len(done.added),
                                 changed=len(done.changed), removed=len(done.removed)))
        self._show_history()

    def _show_history(self) -> None:
        rows = [{t("bank.ui.col_when"): _local(p["published_at"]), t("bank.ui.col_chapter"): p["chapter"],
                 t("bank.ui.col_version"): p["content_version"], t("bank.ui.col_who"): p["published_by"],
                 t("bank.ui.col_summary"): t("bank.ui.history_summary", added=len(p["summary"]["added"]),
                                             changed=len(p["summary"]["changed"]), removed=len(p["summary"]["removed"]))}
                for p in self.service.bank_history()]
        self.history.value = html.table(pd.DataFrame(rows), empty=t("bank.ui.no_history"))


def render_preview(result, name: str) -> str:
    """The check of an upload: its problems (sheet, row, column), or what publishing changes."""
    parts = [html.panel("info", t("bank.ui.uploaded", name=name))]
    kind = "error" if not result.ok else ("ok" if result.has_changes else "info")
    parts.append(html.panel(kind, result.summary()))
    for warning in result.warnings:
        parts.append(html.panel("warn", warning))
    if result.problems:
        df = pd.DataFrame([{t("bank.ui.col_sheet"): p.sheet, t("bank.ui.col_row"): p.row if p.row is not None else "—",
                            t("bank.ui.col_column"): p.column or "—", t("bank.ui.col_message"): p.message}
                           for p in result.problems])
        parts.append(f"<h4>{html.escape(t('bank.ui.problems_h'))}</h4>" + html.table(df))
        return "".join(parts)
    id_col, prompt_col = t("bank.ui.col_id"), t("bank.ui.col_prompt")
    for key, items in (("added_h", result.added), ("removed_h", result.removed)):
        if items:
            df = pd.DataFrame([{id_col: i, prompt_col: _short(p)} for i, p in items])
            parts.append(f"<h4>{html.escape(t('bank.ui.' + key))}</h4>" + html.table(df))
    if result.changed:
        prompts = {q["id"]: q["prompt"] for q in result.questions}
        df = pd.DataFrame([{id_col: i, t("bank.ui.col_fields"): "、".join(f), prompt_col: _short(prompts.get(i, ""))}
                           for i, f in result.changed])
        parts.append(f"<h4>{html.escape(t('bank.ui.changed_h'))}</h4>" + html.table(df))
    return "".join(parts)


def _short(text: str, n: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[:n] + "…"


def _local(moment) -> str:
    from clientkit.service import local_time

    return local_time(moment)
