"""ipywidgets components shared by the apps: the page frame, the error guard, the item form.

Widget values are untrusted input (the browser can set any synced value and click a disabled
button): components only collect values; the service re-checks everything in Python.
"""
from __future__ import annotations

import functools
import logging
from datetime import date

import ipywidgets as w

from clientkit.i18n import t
from clientkit.ui import html
from clientkit.ui.notice import Notice, error_text
from clientkit.ui.style import CSS

log = logging.getLogger("clientkit.ui")


class Page:
    """The frame of an app: style, header, a message panel and a body.

    The page's panel is for messages that belong to no control (a timer thread's error, a tab
    that failed to open); it scrolls into view when it shows one. Messages caused by a control go
    to a :class:`Notice` placed beside that control (``guarded(notice)``)."""

    def __init__(self, title: str, user=None, links: list[tuple[str, str]] | None = None) -> None:
        from clientkit.auth import ROLE_LABELS

        label = None
        if user is not None:
            label = f"{user.display_name or user.username}（{ROLE_LABELS.get(user.role, user.role)}）"
        self.header = w.HTML(CSS + html.header(title, label, links or []))
        self.message = Notice()
        self.body = w.VBox()
        self.widget = w.VBox([self.header, self.message, self.body], layout=w.Layout(width="100%"))
        self.widget.add_class("ck-app")

    def show(self, kind: str, text: str, title: str | None = None) -> None:
        self.message.show(kind, text, title)

    def clear(self) -> None:
        self.message.clear()

    def error(self, exc: Exception) -> None:
        self.show("error", error_text(exc))


def failure_panel(exc: Exception) -> w.HTML:
    """What a user sees instead of an app that could not be opened: not signed in (a link to
    sign in), not allowed (a link to 首页), any other error (a Chinese panel, logged)."""
    from clientkit.errors import AuthError, ClientkitError

    link = ""
    if isinstance(exc, AuthError):
        from clientkit.hub.identity import hub_mode, hub_url

        login = hub_url("login") if hub_mode() else "/clientkit/login"
        link = f'<p><a href="{login}" target="_self">' + t("ui.go_login") + "</a></p>"
        if exc.key == "error.permission":
            link = '<p><a href="index.ipynb" target="_self">' + t("ui.home") + "</a></p>"
    if isinstance(exc, ClientkitError):
        text = exc.message()
    else:
        log.exception("could not build the app")
        text = t("error.unexpected")
    return w.HTML(CSS + '<div class="ck-app">' + html.panel("error", text) + link + "</div>")


def guarded(page: Page | Notice):
    """Decorate a callback so that any error becomes a Chinese panel, never a traceback: in
    ``page``'s panel, or in a :class:`Notice` beside the control that ran the callback."""

    def wrap(fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except Exception as exc:  # the boundary: everything is shown, nothing escapes
                page.error(exc)

        return run

    return wrap


def nav_links(user) -> list[tuple[str, str]]:
    links = [(t("ui.home"), "index.ipynb"), (t("checkup.title"), "checkup.ipynb")]
    if user is not None:
        links.append((t("dash.nav_progress"), "progress.ipynb"))
    if user is not None and user.role in ("supervisor", "admin"):
        links.append((t("dash.nav_dashboard"), "dashboard.ipynb"))  # supersedes review.ipynb
    if user is not None and user.role in ("trainer", "admin"):
        links.append((t("dash.nav_trainer"), "trainer.ipynb"))
    if user is not None and user.role == "trainer":  # supervisors and admins have it in 主管看板
        links.append((t("dash.nav_items"), "item_analysis.ipynb"))
    from clientkit.hub.identity import hub_mode, hub_url, server_url

    # 用户管理 and 修改密码 are on the user's own server (under JupyterHub: clientkit.hub.users and
    # .password below /user/<name>/); the sign-out is the hub's there
    if user is not None and user.role == "admin":
        links.append((t("ui.user_admin"), server_url("/clientkit/users")))
    links.append((t("ui.change_password"), server_url("/clientkit/password")))
    links.append((t("ui.logout"), hub_url("logout") if hub_mode() else "/clientkit/logout"))
    return links


class ItemForm:
    """Widgets for a task's items; ``answer()`` collects what the user entered."""

    def __init__(self, items) -> None:
        self.items = list(items)
        self.inputs: dict[str, object] = {}
        boxes = []
        for n, item in enumerate(self.items, start=1):
            parts = [w.HTML(f'<div class="ck-item-prompt">{t("ui.item_no", n=n)}　{item.prompt}</div>')]
            if item.context:
                parts.append(w.HTML(item.context))
            control = self._control(item)
            self.inputs[item.item_id] = control
            parts.append(control)
            box = w.VBox(parts)
            box.add_class("ck-item")
            boxes.append(box)
        self.widget = w.VBox(boxes)

    @staticmethod
    def _control(item):
        layout = w.Layout(width="auto", max_width="100%")
        if item.input == "single":
            return w.RadioButtons(options=[(label, value) for value, label in item.options], index=None, layout=layout)
        if item.input == "multi":
            boxes = [w.Checkbox(value=False, description=label, indent=False, layout=layout) for _, label in item.options]
            box = w.VBox(boxes)
            box._ck_values = [value for value, _ in item.options]
            return box
        if item.input == "date":
            return w.DatePicker(value=None, layout=w.Layout(width="220px"))
        placeholder = t("ui.number_placeholder", unit=item.unit or "") if item.input == "number" else ""
        return w.Text(value="", placeholder=placeholder, layout=w.Layout(width="260px"))

    def answer(self) -> dict:
        out = {}
        for item in self.items:
            control = self.inputs[item.item_id]
            if item.input == "multi":
                out[item.item_id] = [v for v, cb in zip(control._ck_values, control.children) if cb.value]
            elif item.input == "date":
                out[item.item_id] = control.value.isoformat() if isinstance(control.value, date) else ""
            elif item.input == "single":
                out[item.item_id] = control.value if control.value is not None else ""
            else:
                out[item.item_id] = (control.value or "").strip()
        return out

    def fill(self, answer: dict) -> None:
        """Put saved answers back (an autosaved draft after a reload); unknown items are ignored."""
        for item in self.items:
            value = answer.get(item.item_id)
            if value in (None, "", []):
                continue
            control = self.inputs[item.item_id]
            if item.input == "multi":
                chosen = set(value if isinstance(value, list) else [value])
                for v, cb in zip(control._ck_values, control.children):
                    cb.value = v in chosen
            elif item.input == "date":
                try:
                    control.value = date.fromisoformat(str(value))
                except ValueError:
                    continue
            elif item.input == "single":
                if value in [v for _, v in control.options]:
                    control.value = value
            else:
                control.value = str(value)

    def on_change(self, callback) -> None:
        """Call ``callback()`` whenever the user changes any answer (used for autosave)."""
        for control in self.inputs.values():
            for c in getattr(control, "children", (control,)):
                c.observe(lambda _change: callback(), names="value")

    def mark(self, numbers) -> None:
        """Outline the items numbered ``numbers`` (1-based: blank or malformed), unmark the rest."""
        wanted = {int(n) for n in numbers or ()}
        for n, box in enumerate(self.widget.children, start=1):
            (box.add_class if n in wanted else box.remove_class)("ck-invalid")

    def lock(self) -> None:
        for control in self.inputs.values():
            for c in getattr(control, "children", (control,)):
                c.disabled = True


def button(label: str, style: str = "") -> w.Button:
    return w.Button(description=label, button_style=style, layout=w.Layout(width="auto", min_width="120px"))


def download_link(name: str, data: bytes) -> str:
    """An HTML link that saves ``data`` as ``name`` in the browser (a data: URI; Voila serves
    no files of its own). The bytes were made on the server from this user's allowed data."""
    import base64
    from html import escape

    kind = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" if name.endswith(".xlsx")
            else "text/csv;charset=utf-8")
    href = f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"
    return (f'<a class="ck-download" download="{escape(name)}" href="{href}" target="_self">'
            f'{escape(t("dash.download", name=name))}</a>')


def show_figure(out, fig, title: str | None = None) -> None:
    """Show a plotly figure in an ``Output`` (also from a timer thread); a figure with nothing
    to draw (or ``None``) shows 「暂无数据」 under its title instead of empty axes."""
    from clientkit.reports.figures import bundle

    if fig is None or not _has_data(fig):
        name = title or (fig.layout.title.text if fig is not None and fig.layout.title.text else "")
        head = f"<h4>{html.escape(name)}</h4>" if name else ""
        empty = f'{head}<p class="ck-muted ck-empty">{html.escape(t("ui.no_data"))}</p>'
        out.outputs = ({"output_type": "display_data", "metadata": {}, "data": {"text/html": empty, "text/plain": t("ui.no_data")}},)
        return
    out.outputs = (bundle(fig),)


def _has_data(fig) -> bool:
    """Whether any trace has a number to draw: labels alone (categories, dates) are not data,
    nor a heatmap of agents with no attempts (every cell NaN)."""
    import numpy as np

    for trace in fig.data:
        for attr in ("x", "y", "z", "r", "values"):
            values = getattr(trace, attr, None)
            if values is None or not len(values):
                continue
            try:
                numbers = np.asarray(values, dtype=float)
            except (TypeError, ValueError):
                continue
            if np.isfinite(numbers).any():
                return True
    return False
