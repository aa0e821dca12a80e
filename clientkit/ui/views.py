"""The views of the one app (DESIGN.md "Serving": one kernel per visit): 首页, the eight
chapters, 我的进度, 档案体检 and the supervisors' and trainers' pages. Each view keeps the
notebook URL it had as a page of its own, so a link, a bookmark or a shared link still opens
it; its app class is imported only when the view is first opened."""
from __future__ import annotations

import importlib
from dataclasses import dataclass

from clientkit.chapters import CHAPTERS

SUPERVISORS = ("supervisor", "admin")
TRAINERS = ("trainer", "admin")
FIGURES = "plotly.graph_objects"  # what clientkit.reports.figures imports when it draws


@dataclass(frozen=True)
class View:
    """One view: its id (the URL fragment ``#ch03`` names it too), its notebook, the roles
    that may open it (() = every signed-in user) and its app as ``"module:Class"``."""

    id: str
    notebook: str
    app: str
    roles: tuple[str, ...] = ()
    args: tuple = ()
    needs: tuple[str, ...] = ()  # slow imports beyond the app's module (plotly for figures)

    def allows(self, role: str | None) -> bool:
        return not self.roles or role in self.roles

    def modules(self) -> tuple[str, ...]:
        """What to import ahead when the user is about to open the view (:meth:`Shell.warm`)."""
        return (self.app.split(":")[0], *self.needs)

    def build(self, service):
        """The view's app object (it has ``.widget``) for ``service``'s user."""
        module, name = self.app.split(":")
        return getattr(importlib.import_module(module), name)(service, *self.args)


VIEWS: tuple[View, ...] = (
    View("home", "index.ipynb", "clientkit.ui.home:HomeApp"),
    *(View(f"ch{c.number:02d}", c.notebook, "clientkit.ui.chapter:ChapterApp", args=(c.number,)) for c in CHAPTERS),
    View("progress", "progress.ipynb", "clientkit.ui.progress:ProgressApp", needs=(FIGURES,)),
    View("checkup", "checkup.ipynb", "clientkit.ui.checkup:CheckupApp"),
    View("review", "review.ipynb", "clientkit.ui.review:ReviewApp", SUPERVISORS),
    View("dashboard", "dashboard.ipynb", "clientkit.ui.dashboard:DashboardApp", SUPERVISORS, needs=(FIGURES,)),
    View("trainer", "trainer.ipynb", "clientkit.ui.trainer:TrainerApp", TRAINERS),
    View("items", "item_analysis.ipynb", "clientkit.ui.item_analysis:ItemAnalysisApp", ("trainer", *SUPERVISORS)),
)
_BY_ID = {v.id: v for v in VIEWS}


def find(view_id) -> View | None:
    """The view called ``view_id``; None for anything else (a value from the browser is untrusted)."""
    return _BY_ID.get(view_id) if isinstance(view_id, str) else None


def routes() -> dict[str, str]:
    """View id -> notebook file name, for the browser side of the router."""
    return {v.id: v.notebook for v in VIEWS}
