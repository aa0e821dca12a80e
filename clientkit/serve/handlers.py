"""Tornado handlers clientkit adds to Voila's app: sign in, sign out, the home redirect.

(The kernel endpoints' owner check is in :mod:`clientkit.serve.kernels`; 修改密码 and 用户管理
are in :mod:`clientkit.serve.accounts`.)

``POST /clientkit/login`` checks the password through the store
(``store.verify_password(username, password)``) in a thread pool, so argon2 never blocks the
event loop and other users' pages keep answering during a guessing burst. Before any hashing
the attempt must pass :mod:`clientkit.serve.throttle` (per account and per client address):
a refused attempt gets HTTP 429 and a Chinese message saying when to try again. On success
a server-side session is opened (:func:`clientkit.auth.sign_in`) and its signed token set as
the cookie: HttpOnly, SameSite=Lax, Secure under HTTPS, max-age = the token's lifetime. A user
whose password must be changed lands on 修改密码 first. The password is never logged.

``/clientkit/logout``: ``GET`` only asks (a page with a button); ``POST`` with ``_xsrf``
revokes the session on the server and clears the cookie, so another site cannot sign a user
out and a copied cookie stops working at once.
"""
from __future__ import annotations

import asyncio
import math
import os
import threading
from urllib.parse import urlencode
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import tornado.web

from clientkit.auth import COOKIE_NAME, LIFETIME_S, sign_in
from clientkit.errors import AuthError, StoreError
from clientkit.i18n import t
from clientkit.serve.guard import (HOME_URL, LOGIN_URL, LOGOUT_URL, PASSWORD_URL, STORE_SETTING,
                                   safe_next, session_claims, session_user)
from clientkit.serve.render import message, page
from clientkit.serve.throttle import SignInLimits, delay_s

LIMITS_SETTING = "clientkit_signin_limits"
# Base of the growing pause before a failed sign-in is answered (throttle.delay_s).
FAILED_LOGIN_DELAY_S = 0.5
# argon2 runs here, off the event loop (argon2-cffi releases the GIL while hashing). One worker
# at a lower CPU priority: password checks queue up, pages keep the processor.
HASH_WORKERS = 1
HASH_NICE = 10


def _lower_priority() -> None:
    try:  # Linux: the nice value is per thread; argon2's lane threads inherit it
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASH_NICE)
    except (AttributeError, OSError):
        pass


@lru_cache(maxsize=1)
def hash_pool() -> ThreadPoolExecutor:
    """The server's thread pool for password checks."""
    return ThreadPoolExecutor(max_workers=HASH_WORKERS, thread_name_prefix="clientkit-argon2",
                              initializer=_lower_priority)


async def off_loop(fn, *args):
    """Run ``fn(*args)`` in :func:`hash_pool` and await its result."""
    return await asyncio.get_running_loop().run_in_executor(hash_pool(), fn, *args)


def limits_of(handler: tornado.web.RequestHandler) -> SignInLimits:
    """The application's sign-in throttle (made on first use)."""
    settings = handler.application.settings
    if LIMITS_SETTING not in settings:
        settings[LIMITS_SETTING] = SignInLimits()
    return settings[LIMITS_SETTING]


class PageHandler(tornado.web.RequestHandler):
    """Base of clientkit's own pages: Chinese error pages, no caching, no framing."""

    def set_default_headers(self) -> None:
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Frame-Options", "DENY")
        self.set_header("Referrer-Policy", "same-origin")

    def write_error(self, status_code: int, **kwargs) -> None:
        if status_code == 404:
            self.finish(message("error", "not_found", link="/"))
            return
        self.finish(message("error", "error", link="/", code=status_code))

    def too_many(self, wait_s: float, template: str, **context) -> None:
        """Answer 429 with the sign-in (or password) form and when to try again."""
        minutes = max(1, math.ceil(wait_s / 60))
        self.set_status(429)
        self.set_header("Retry-After", str(int(math.ceil(wait_s))))
        self.form(template, error=t("serve.login.locked", minutes=minutes), **context)

    def form(self, template: str, **context) -> None:
        context.setdefault("username", "")
        self.finish(page(template, xsrf_form_html=self.xsrf_form_html(), **context))


class LoginHandler(PageHandler):
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
        limits, address = limits_of(self), self.request.remote_ip or ""
        wait = limits.begin(username, address)
        if wait > 0:
            self.too_many(wait, "login.html", action=LOGIN_URL, next_url=next_url, username=username)
            return
        store = self.settings[STORE_SETTING]()
        try:
            user = await off_loop(store.verify_password, username, password)
            if not getattr(user, "active", True):
                raise AuthError()
        except AuthError:
            failures = limits.failed(username, address)
            await asyncio.sleep(delay_s(failures, FAILED_LOGIN_DELAY_S))
            self.set_status(401)
            self._form(next_url=next_url, username=username, error=t("serve.login.failed"))
            return
        except StoreError:
            limits.release(username, address)
            self.set_status(503)
            self._form(next_url=next_url, username=username, error=t("serve.login.store_down"))
            return
        limits.succeeded(username, address)
        token = sign_in(store, user, client=address)
        self.set_cookie(COOKIE_NAME, token, path="/", httponly=True, samesite="Lax",
                        secure=self.request.protocol == "https", max_age=LIFETIME_S)
        if getattr(user, "must_change_password", False):
            self.redirect(f"{PASSWORD_URL}?{urlencode({'next': next_url})}")
            return
        self.redirect(next_url)

    def _form(self, **context) -> None:
        self.form("login.html", action=LOGIN_URL, **context)


class LogoutHandler(PageHandler):
    """``GET``: a page asking to confirm; ``POST`` (with ``_xsrf``): revoke and clear."""

    def get(self) -> None:
        if session_user(self) is None:
            self.redirect(LOGIN_URL)
            return
        self.form("logout.html", action=LOGOUT_URL)

    def post(self) -> None:
        self.check_xsrf_cookie()
        found = session_claims(self)
        if found is not None:
            _, claims = found
            self.settings[STORE_SETTING]().revoke_login(claims["session_id"])
        self.clear_cookie(COOKIE_NAME, path="/")
        self.redirect(f"{LOGIN_URL}?bye=1")


class HomeHandler(PageHandler):
    """``/`` (and Voila's directory pages): the 首页 notebook when signed in, else sign-in."""

    def get(self, *args) -> None:
        if session_user(self) is None:
            self.redirect(f"{LOGIN_URL}?next={HOME_URL}")
        else:
            self.redirect(HOME_URL)


def handlers() -> list[tuple]:
    """The routes to put in front of Voila's own (first match wins)."""
    from clientkit.serve.accounts import PasswordHandler, UsersHandler
    from clientkit.serve.guard import USERS_URL
    from clientkit.serve.verify import verify_handlers

    return [
        (r"/", HomeHandler),
        (r"/voila/tree(/.*)?", HomeHandler),
        (LOGIN_URL, LoginHandler),
        (LOGOUT_URL, LogoutHandler),
        (PASSWORD_URL, PasswordHandler),
        (USERS_URL, UsersHandler),
        *verify_handlers(),  # 结业证明 check, public (issue 14)
        # jupyter_server's own /login and /logout (English, unused): ours instead.
        (r"/login", tornado.web.RedirectHandler, {"url": LOGIN_URL}),
        (r"/logout", LogoutHandler),
    ]
