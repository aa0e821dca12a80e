"""Tornado handlers clientkit adds to Voila's app: sign in, sign out, the home redirect.

(The kernel endpoints' owner check is in :mod:`clientkit.serve.kernels`.)

``POST /clientkit/login`` checks the password through the store
(``store.verify_password(username, password)``); on success it sets the signed session cookie
(:mod:`clientkit.auth`): HttpOnly (page scripts cannot read it), SameSite=Lax (other sites
cannot post with it), Secure under HTTPS, max-age = the token's lifetime. A wrong password
answers after a delay with a Chinese message; the password is never logged.
"""
from __future__ import annotations

import asyncio

import tornado.web

from clientkit.auth import COOKIE_NAME, LIFETIME_S, issue_token
from clientkit.errors import AuthError, StoreError
from clientkit.i18n import t
from clientkit.serve.guard import (HOME_URL, LOGIN_URL, LOGOUT_URL, STORE_SETTING,
                                   safe_next, session_user)
from clientkit.serve.render import message, page

# Seconds before answering a failed sign-in (slows password guessing; the event loop is free).
FAILED_LOGIN_DELAY_S = 1.0


class _PageHandler(tornado.web.RequestHandler):
    def set_default_headers(self) -> None:
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Frame-Options", "DENY")
        self.set_header("Referrer-Policy", "same-origin")

    def write_error(self, status_code: int, **kwargs) -> None:
        self.finish(message("error", "error", link="/", code=status_code))


class LoginHandler(_PageHandler):
    """``GET``: the sign-in form; ``POST``: check the password, set the cookie, redirect."""

    def get(self) -> None:
        next_url = safe_next(self.get_argument("next", None))
        if session_user(self) is not None:
            self.redirect(next_url)
            return
        info = t("serve.login.logged_out") if self.get_argument("bye", None) else None
        self._form(next_url=next_url, info=info)

    async def post(self) -> None:
        self.check_xsrf_cookie()
        username = self.get_body_argument("username", "").strip()
        password = self.get_body_argument("password", "")
        next_url = safe_next(self.get_body_argument("next", None))
        if not username or not password:
            self.set_status(400)
            self._form(next_url=next_url, username=username, error=t("serve.login.missing"))
            return
        try:
            user = self.settings[STORE_SETTING]().verify_password(username, password)
            if not getattr(user, "active", True):
                raise AuthError()
        except AuthError:
            await asyncio.sleep(FAILED_LOGIN_DELAY_S)
            self.set_status(401)
            self._form(next_url=next_url, username=username, error=t("serve.login.failed"))
            return
        except StoreError:
            self.set_status(503)
            self._form(next_url=next_url, username=username, error=t("serve.login.store_down"))
            return
        self.set_cookie(COOKIE_NAME, issue_token(user), path="/", httponly=True,
                        samesite="Lax", secure=self.request.protocol == "https",
                        max_age=LIFETIME_S)
        self.redirect(next_url)

    def _form(self, **context) -> None:
        context.setdefault("username", "")
        self.finish(page("login.html", action=LOGIN_URL,
                         xsrf_form_html=self.xsrf_form_html(), **context))


class LogoutHandler(_PageHandler):
    """Clear the session cookie and show the sign-in form again."""

    def get(self) -> None:
        self.clear_cookie(COOKIE_NAME, path="/")
        self.redirect(f"{LOGIN_URL}?bye=1")

    post = get


class HomeHandler(_PageHandler):
    """``/`` (and Voila's directory pages): the 首页 notebook when signed in, else sign-in."""

    def get(self, *args) -> None:
        if session_user(self) is None:
            self.redirect(f"{LOGIN_URL}?next={HOME_URL}")
        else:
            self.redirect(HOME_URL)


def handlers() -> list[tuple]:
    """The routes to put in front of Voila's own (first match wins)."""
    return [
        (r"/", HomeHandler),
        (r"/voila/tree(/.*)?", HomeHandler),
        (LOGIN_URL, LoginHandler),
        (LOGOUT_URL, LogoutHandler),
        # jupyter_server's own /login and /logout (English, unused): ours instead.
        (r"/login", tornado.web.RedirectHandler, {"url": LOGIN_URL}),
        (r"/logout", LogoutHandler),
    ]
