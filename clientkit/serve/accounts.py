"""修改密码 and 用户管理: server-side pages next to the sign-in (issue 8 §4).

- ``/clientkit/password`` (every signed-in user; linked from every page's header): the current
  password, the new one twice. The new one must pass the policy
  (:func:`clientkit.store.passwords.check_password`) and differ from the current one; the
  user's other sessions end, this one stays. A user with ``must_change_password`` (generated
  or reset password) is sent here by the sign-in and by every page until it is done.
- ``/clientkit/users`` (admins only, checked here on the server): every account with role,
  team, active state and last sign-in; 重置密码 shows a one-time password once, 停用 / 启用
  switch the account (停用 ends its sessions at once, open pages included). An admin cannot
  deactivate their own account. 导入名单 (issue 14) creates accounts from an ``.xlsx``/``.csv``
  roster (:func:`clientkit.service_roster.import_roster`): bad rows are listed by row and column,
  the good ones created, and their one-time passwords are given once, as a file embedded in the
  answer page (nothing is kept on the server).

Forms post with ``_xsrf``; password checks run in the hash pool behind the sign-in throttle.
"""
from __future__ import annotations

from datetime import timezone
from urllib.parse import urlencode

from clientkit.auth import ROLE_LABELS
from clientkit.errors import ClientkitError, InputError
from clientkit.i18n import t
from clientkit.serve.guard import (LOGIN_URL, PASSWORD_URL, STORE_SETTING, USERS_URL, safe_next,
                                   session_claims)
from clientkit.serve.handlers import PageHandler, limits_of, off_loop
from clientkit.serve.render import message


class _SignedIn(PageHandler):
    def signed_in(self):
        """``(user, claims)``, or None after redirecting to the sign-in page."""
        found = session_claims(self)
        if found is None:
            self.redirect(f"{LOGIN_URL}?{urlencode({'next': self.request.uri})}")
        return found


class PasswordHandler(_SignedIn):
    """``GET``: the 修改密码 form; ``POST``: change the password."""

    def get(self) -> None:
        found = self.signed_in()
        if found is not None:
            self._form(found[0], safe_next(self.get_argument("next", None)))

    async def post(self) -> None:
        self.check_xsrf_cookie()
        found = self.signed_in()
        if found is None:
            return
        user, claims = found
        next_url = safe_next(self.get_body_argument("next", None))
        current = self.get_body_argument("current", "")
        new = self.get_body_argument("new", "")
        if new != self.get_body_argument("repeat", ""):
            self.set_status(400)
            self._form(user, next_url, error=t("serve.password.mismatch"))
            return
        limits, address = limits_of(self), self.request.remote_ip or ""
        wait = limits.begin(user.username, address)
        if wait > 0:
            self.too_many(wait, "password.html", action=PASSWORD_URL, next_url=next_url,
                          forced=user.must_change_password)
            return
        store = self.settings[STORE_SETTING]()
        if not await off_loop(store.check_password_of, user.id, current):
            limits.failed(user.username, address)
            self.set_status(400)
            self._form(user, next_url, error=t("serve.password.wrong_current"))
            return
        limits.succeeded(user.username, address)
        try:
            if new == current:
                raise InputError("serve.password.same")
            await off_loop(lambda: store.set_password(user.id, new, keep_session=claims["session_id"]))
        except ClientkitError as exc:
            self.set_status(400)
            self._form(user, next_url, error=exc.message())
            return
        self.finish(message("info", "password_done", link=next_url))

    def _form(self, user, next_url: str, error: str | None = None) -> None:
        self.form("password.html", action=PASSWORD_URL, next_url=next_url, error=error,
                  forced=getattr(user, "must_change_password", False))


class UsersHandler(_SignedIn):
    """用户管理 for admins: list, reset a password, deactivate, activate.

    A hub single-user server serves the same page with the hub's identity
    (:class:`clientkit.hub.users.HubUsersHandler` overrides :meth:`_admin`, :meth:`users_store`
    and the two URLs)."""

    users_url = USERS_URL
    back_url = "/"

    def users_store(self):
        return self.settings[STORE_SETTING]()

    def _admin(self):
        found = self.signed_in()
        if found is None:
            return None
        user = found[0]
        if user.role != "admin":
            self.set_status(403)
            self.finish(message("error", "forbidden", link=self.back_url, name=user.display_name or user.username,
                                role=ROLE_LABELS.get(user.role, user.role), allowed=ROLE_LABELS["admin"]))
            return None
        if user.must_change_password:
            self.redirect(f"{PASSWORD_URL}?{urlencode({'next': USERS_URL})}")
            return None
        return user

    def get(self) -> None:
        if self._admin() is not None:
            self._page()

    async def post(self) -> None:
        self.check_xsrf_cookie()
        admin = self._admin()
        if admin is None:
            return
        store = self.users_store()
        action = self.get_body_argument("action", "")
        if action == "import":
            await self._import(store)
            return
        raw_id = self.get_body_argument("user_id", "")
        target = store.get_user(int(raw_id)) if raw_id.isascii() and raw_id.isdigit() and len(raw_id) <= 9 else None
        if target is None or action not in ("reset", "deactivate", "activate"):
            self.set_status(400)
            self._page(error=t("serve.users.bad_request"))
            return
        if action == "deactivate" and target.id == admin.id:
            self.set_status(400)
            self._page(error=t("serve.users.not_self"))
            return
        if action == "reset":
            password = await off_loop(store.reset_password, target.id)
            self._page(info=t("serve.users.reset_done", username=target.username), password=password)
            return
        store.set_active(target.id, action == "activate")
        key = "serve.users.activated" if action == "activate" else "serve.users.deactivated"
        self._page(info=t(key, username=target.username))

    async def _import(self, store) -> None:
        from clientkit.model.bounded import MAX_FILE_BYTES
        from clientkit.service_roster import import_roster, roster_passwords_file

        files = self.request.files.get("roster") or []
        if not files or not files[0]["body"] or len(files[0]["body"]) > MAX_FILE_BYTES:
            self.set_status(400)
            self._page(error=t("serve.users.roster_choose"))
            return
        upload = files[0]
        result = await off_loop(import_roster, upload["body"], upload["filename"] or "", "admin", store)
        context = {"roster_summary": result.summary(), "roster_problems": result.problems}
        if result.created:
            from base64 import b64encode
            from datetime import datetime

            context["roster_file"] = b64encode(roster_passwords_file(result)).decode("ascii")
            context["roster_file_name"] = f"初始密码-{datetime.now():%Y%m%d-%H%M%S}.xlsx"
        self._page(**context)

    def _page(self, **context) -> None:
        rows = [{
            "id": u.id, "username": u.username, "display_name": u.display_name,
            "role": ROLE_LABELS.get(u.role, u.role), "team": u.team or "—", "active": u.active,
            "must_change": u.must_change_password,
            "last_login": _local(u.last_login_at),
        } for u in self.users_store().list_users()]
        self.form("users.html", action=self.users_url, back_url=self.back_url, rows=rows, **context)


def _local(moment) -> str:
    """A stored naive-UTC time in the server's local time, or a dash."""
    if moment is None:
        return "—"
    return moment.replace(tzinfo=timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M")
