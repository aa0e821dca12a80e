"""The one app of a visit (DESIGN.md "Serving": one kernel per visit): a router and one box per
view opened so far. A view is built the first time it is opened and kept, hidden, while others
are shown, so what the user entered is still there when they come back; 首页 and 我的进度 bring
their figures up to date on each return (``on_show``). Every switch re-checks the session and
the view's roles in Python, as opening the page did (``clientkit.ui._build``)."""
from __future__ import annotations

import importlib
import logging
import threading

import ipywidgets as w

from clientkit.i18n import t
from clientkit.ui import html
from clientkit.ui.components import failure_panel
from clientkit.ui.router import Router
from clientkit.ui.views import find, routes


class Shell:
    """``Shell(first).widget`` is the app; ``show(view_id)`` switches (the router calls it)."""

    def __init__(self, first: str, service=None) -> None:
        self._service = service
        self.apps: dict[str, object] = {}
        self.boxes: dict[str, w.Box] = {}
        self.current: str | None = None
        first = first if find(first) else "home"
        texts = {"opening": t("ui.opening"), "slow": t("ui.opening_slow")}
        self.router = Router(view=first, routes=routes(), texts=texts)
        self.stack = w.VBox(layout=w.Layout(width="100%"))
        self.widget = w.VBox([self.router, self.stack], layout=w.Layout(width="100%"))
        self._warmed: set[str] = set()
        self.show(first)
        self.router.observe(lambda change: self.show(change["new"]), names="view")
        self.router.observe(lambda change: self.warm(change["new"]), names="warm")

    def service(self):
        if self._service is None:
            from clientkit.service import Service

            self._service = Service.for_request()
        return self._service

    def show(self, view_id) -> None:
        """Put ``view_id`` on screen; an unknown id (a forged value) leaves the current view."""
        view = find(view_id)
        if view is None:
            self.router.view = self.current or "home"
            return
        box = self.boxes.get(view.id)
        if box is None:
            box = self.boxes[view.id] = w.VBox(layout=w.Layout(width="100%"))
            self.stack.children = [*self.stack.children, box]
        box.children = [self._open(view)]
        if self.current != view.id:
            if self.current in self.boxes:
                self.boxes[self.current].layout.display = "none"
            box.layout.display = None
            self.current = view.id
        if self.router.view != view.id:
            self.router.view = view.id
        self.router.shown = view.id

    def warm(self, view_id) -> None:
        """Import, in the background, what a view not yet opened needs: the browser asks when
        the pointer or the focus reaches a link to it, so the click that follows is quick."""
        view = find(view_id)
        if view is None or view.id in self.apps or view.id in self._warmed:
            return
        self._warmed.add(view.id)
        threading.Thread(target=_import, args=(view.modules(),), daemon=True, name="clientkit-warm").start()

    def _open(self, view) -> w.Widget:
        """The view's widget: built once, then the kept one; a Chinese panel when the user
        may not open it (signed out, revoked, wrong role) — then nothing of it is kept."""
        try:
            fresh = self._service is None
            service = self.service()
            if view.roles:
                service.require(*view.roles)
            elif not fresh:
                service.recheck()
            app = self.apps.get(view.id)
            if app is None:
                app = self.apps[view.id] = view.build(service)
                page = getattr(app, "page", None)
                if page is not None:
                    page.header.value = html.mark_current(page.header.value, view.notebook)
            elif hasattr(app, "on_show"):
                app.on_show()
            return app.widget
        except Exception as exc:
            from clientkit.errors import AuthError

            if isinstance(exc, AuthError) and exc.key != "error.permission":
                self.apps.clear()  # signed out or revoked: nothing already built stays on the page
                for box in self.boxes.values():
                    box.children = []
            self.apps.pop(view.id, None)
            return failure_panel(exc)


def _import(modules: tuple[str, ...]) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # the view's own build will show the error
            logging.getLogger("clientkit.ui").debug("could not warm %s", name, exc_info=True)
