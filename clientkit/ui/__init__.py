"""The apps' widgets. Every notebook calls ``app(view)``: one app whose views (首页, chapters,
我的进度…) switch inside one kernel. The single-view builders (``home_app()``, ``chapter_app(n)``…)
build one view alone. A builder never raises: sign-in and role problems become a Chinese panel."""
from __future__ import annotations


def _build(make, roles: tuple[str, ...] = ()):
    from clientkit.service import Service
    from clientkit.ui.components import failure_panel

    try:
        service = Service.for_request()
        if roles:
            service.require(*roles)
        return make(service)
    except Exception as exc:  # the boundary: a Chinese panel, never a traceback
        return failure_panel(exc)


def app(view: str = "home"):
    """The one app of a visit (DESIGN.md "Serving"), opened at ``view`` (``"home"``,
    ``"ch01"``…``"ch08"``, ``"progress"``, ``"checkup"``, ``"review"``, ``"dashboard"``,
    ``"trainer"``); every notebook calls it with its own view. Other views open inside the
    same kernel (:mod:`clientkit.ui.shell`)."""
    from clientkit.ui.shell import Shell

    return Shell(view).widget


def home_app():
    """首页 for the signed-in user."""
    from clientkit.ui.home import HomeApp

    return _build(lambda s: HomeApp(s).widget)


def chapter_app(number: int):
    """The app of handbook chapter ``number`` (学习 / 练习 / 自测)."""
    from clientkit.ui.chapter import ChapterApp

    return _build(lambda s: ChapterApp(s, number).widget)


def review_app():
    """The supervisor's review page (roles supervisor and admin only)."""
    from clientkit.ui.review import ReviewApp

    return _build(lambda s: ReviewApp(s).widget, roles=("supervisor", "admin"))


def checkup_app():
    """档案体检: audit an uploaded client list (any signed-in user)."""
    from clientkit.ui.checkup import CheckupApp

    return _build(lambda s: CheckupApp(s).widget)


def dashboard_app():
    """主管看板 (roles supervisor and admin only)."""
    from clientkit.ui.dashboard import DashboardApp

    return _build(lambda s: DashboardApp(s).widget, roles=("supervisor", "admin"))


def trainer_app():
    """培训师课堂 (roles trainer and admin only)."""
    from clientkit.ui.trainer import TrainerApp

    return _build(lambda s: TrainerApp(s).widget, roles=("trainer", "admin"))


def item_analysis_app():
    """题目分析 for trainers (their classes and the 自测 of their chapters); supervisors and admins
    may open it too (their 主管看板 scope)."""
    from clientkit.ui.item_analysis import ItemAnalysisApp

    return _build(lambda s: ItemAnalysisApp(s).widget, roles=("trainer", "supervisor", "admin"))


def progress_app():
    """我的进度 for the signed-in user."""
    from clientkit.ui.progress import ProgressApp

    return _build(lambda s: ProgressApp(s).widget)
