"""The apps' widgets. Notebooks call one builder each: ``home_app()``, ``chapter_app(n)``,
``review_app()``. A builder never raises: sign-in and role problems become a Chinese panel."""
from __future__ import annotations

import logging

log = logging.getLogger("clientkit.ui")


def _build(make, roles: tuple[str, ...] = ()):
    import ipywidgets as w

    from clientkit.errors import AuthError, ClientkitError
    from clientkit.i18n import t
    from clientkit.service import Service
    from clientkit.ui import html
    from clientkit.ui.style import CSS

    try:
        service = Service.for_request()
        if roles:
            service.require(*roles)
        return make(service)
    except AuthError as exc:
        from clientkit.hub.identity import hub_mode, hub_url

        login = hub_url("login") if hub_mode() else "/clientkit/login"
        link = f'<p><a href="{login}" target="_self">' + t("ui.go_login") + "</a></p>"
        if exc.key == "error.permission":
            link = '<p><a href="index.ipynb" target="_self">' + t("ui.home") + "</a></p>"
        return w.HTML(CSS + '<div class="ck-app">' + html.panel("error", exc.message()) + link + "</div>")
    except ClientkitError as exc:
        return w.HTML(CSS + '<div class="ck-app">' + html.panel("error", exc.message()) + "</div>")
    except Exception:
        log.exception("could not build the app")
        return w.HTML(CSS + '<div class="ck-app">' + html.panel("error", t("error.unexpected")) + "</div>")


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
