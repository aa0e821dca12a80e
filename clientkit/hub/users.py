"""用户管理 in a hub single-user server: ``<prefix>clientkit/users`` (issue 12).

The page and its actions are ``clientkit serve``'s (:class:`clientkit.serve.accounts.UsersHandler`:
list, 重置密码 with a one-time password, 停用 / 启用, 导入名单 with the passwords file given
once); only who the admin is differs. The request must be the server's hub-authenticated owner
(:class:`clientkit.hub.password.OwnerPage`), and the owner's role comes from the store, re-read on
every request: a store admin uses the page on their own server whether or not the hub makes them
a hub admin; every other role is refused with the Chinese 无权访问 page; an admin who still has an
initial password is sent to 修改密码 first.

What the actions mean under the hub: a created or reset user signs in at the hub with the
one-time password and must change it on their server; a deactivated user is refused by the hub's
sign-in (:class:`clientkit.hub.StoreAuthenticator`) and, if still signed in, by the next page of
their server (:func:`clientkit.hub.singleuser.prelaunch_hook`) and by their open page's next call
(:meth:`clientkit.service.Service.recheck`).
"""
from __future__ import annotations

from jupyter_server.utils import url_path_join

from clientkit.auth import ROLE_LABELS
from clientkit.hub.password import OwnerPage, password_url
from clientkit.serve.accounts import UsersHandler
from clientkit.serve.handlers import PageHandler
from clientkit.serve.render import message

USERS_PATH = "clientkit/users"


def users_url(base_url: str) -> str:
    return url_path_join(base_url, USERS_PATH)


class HubUsersHandler(UsersHandler, OwnerPage):
    """``GET``: 用户管理; ``POST``: its actions (``_xsrf`` required), for the owner if a store admin."""

    def set_default_headers(self) -> None:
        OwnerPage.set_default_headers(self)
        PageHandler.set_default_headers(self)

    @property
    def users_url(self) -> str:
        return users_url(self.base_url)

    @property
    def back_url(self) -> str:
        return self.home

    def users_store(self):
        from clientkit.hub.singleuser import open_store

        return open_store()

    def _admin(self):
        user = self.owner
        if user.role != "admin":
            self.set_status(403)
            self.finish(message("error", "forbidden", link=self.home, name=user.display_name or user.username,
                                role=ROLE_LABELS.get(user.role, user.role), allowed=ROLE_LABELS["admin"]))
            return None
        if user.must_change_password:
            self.redirect(password_url(self.base_url))
            return None
        return user


def hub_users_handlers(base_url: str) -> list[tuple]:
    return [(users_url(base_url), HubUsersHandler)]
