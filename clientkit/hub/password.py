"""修改密码 in a hub single-user server: ``<prefix>clientkit/password`` (issue 12 follow-up).

A roster-imported or reset user (``must_change_password`` in the store) signs in to the hub with
the initial password; :func:`clientkit.hub.singleuser.prelaunch_hook` then sends every page of
the app here until the password is changed, and the change lands on 首页. The form and the checks
are those of ``clientkit serve``'s :class:`clientkit.serve.accounts.PasswordHandler`: the current
password, the new one twice, the store's policy, different from the current one, checked in the
hash pool behind the sign-in throttle. Only the server's hub-authenticated owner, active in the
store, may use it (as :mod:`clientkit.hub.upload`); the post must carry ``_xsrf``.
"""
from __future__ import annotations

from functools import lru_cache

import tornado.web
from jupyter_server.base.handlers import JupyterHandler

from clientkit.errors import AuthError, ClientkitError, InputError, StoreError
from clientkit.i18n import t
from clientkit.serve.render import message, page

PASSWORD_PATH = "clientkit/password"


@lru_cache(maxsize=1)
def _limits():
    from clientkit.serve.throttle import SignInLimits

    return SignInLimits()  # one per server process: the owner's account and its addresses


def password_url(base_url: str) -> str:
    from jupyter_server.utils import url_path_join

    return url_path_join(base_url, PASSWORD_PATH)


class OwnerPage(JupyterHandler):
    """A clientkit page of a hub single-user server that only its owner may use: ``self.owner``
    is the owner's store user (active), else the request was answered with a Chinese refusal."""

    def set_default_headers(self) -> None:
        super().set_default_headers()
        self.set_header("Cache-Control", "no-store")

    async def prepare(self) -> None:
        # hub identity (OAuth cookie or token), _xsrf on POST; the hub signs unknown visitors in
        await JupyterHandler.prepare(self)
        if self._finished:
            return
        from clientkit.hub.identity import hub_user, hub_username
        from clientkit.hub.singleuser import _request_user, open_store

        self.owner = None
        try:
            if _request_user(self) != hub_username():
                self._refuse(403, "hub_not_owner")
                return
            self.owner = hub_user(open_store())
        except AuthError:
            self._refuse(403, "hub_inactive")
        except StoreError:
            self._refuse(503, "error", code=503)

    def _refuse(self, status: int, section: str, **fmt) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.finish(message("error", section, link=None, **fmt))

    @property
    def home(self) -> str:
        from jupyter_server.utils import url_path_join

        from clientkit.hub.singleuser import HOME_PATH

        return url_path_join(self.base_url, HOME_PATH)


class HubPasswordHandler(OwnerPage):
    """``GET``: the 修改密码 form; ``POST``: change the owner's password, then 首页."""

    def get(self) -> None:
        self._form()

    async def post(self) -> None:
        from clientkit.hub.singleuser import open_store
        from clientkit.serve.handlers import off_loop

        user, store = self.owner, open_store()
        current = self.get_body_argument("current", "")
        new = self.get_body_argument("new", "")
        if new != self.get_body_argument("repeat", ""):
            self._form(400, t("serve.password.mismatch"))
            return
        limits, address = _limits(), self.request.remote_ip or ""
        wait = limits.begin(user.username, address)
        if wait > 0:
            import math

            self.set_header("Retry-After", str(int(math.ceil(wait))))
            self._form(429, t("serve.login.locked", minutes=max(1, math.ceil(wait / 60))))
            return
        if not await off_loop(store.check_password_of, user.id, current):
            limits.failed(user.username, address)
            self._form(400, t("serve.password.wrong_current"))
            return
        limits.succeeded(user.username, address)
        try:
            if new == current:
                raise InputError("serve.password.same")
            await off_loop(lambda: store.set_password(user.id, new))
        except ClientkitError as exc:
            self._form(400, exc.message())
            return
        self.redirect(self.home, status=303)

    def _form(self, status: int = 200, error: str | None = None) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.finish(page("password.html", xsrf_form_html=self.xsrf_form_html(), username="",
                         action=password_url(self.base_url), next_url=self.home, back_url=self.home,
                         error=error, forced=bool(getattr(self.owner, "must_change_password", False))))


def hub_password_handlers(base_url: str) -> list[tuple]:
    return [(password_url(base_url), HubPasswordHandler)]
