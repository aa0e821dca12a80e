"""The jupyter_server extension of a clientkit single-user server under JupyterHub.

The hub's configuration starts each user's server with this extension and Voila (and nothing
else: no JupyterLab, no terminals; see ``data/jupyter_server_config.json``). At link time, before
Voila loads, it points Voila at clientkit's template (Chinese loading texts, tracebacks hidden,
no theme or template overrides) and installs :func:`prelaunch_hook`, which refuses a page
before its kernel starts unless:

- the request's hub user is this server's owner (``JUPYTERHUB_USER``): the hub lets only the
  owner in, but a hub admin with ``access:servers`` would otherwise act as the owner;
- the owner is an active user of the store (deactivation takes effect at the next page);
- the owner's role is one the notebook allows (``metadata.clientkit.roles``, as under
  ``clientkit serve``).

An owner whose store account still has an initial password (``must_change_password``: roster
import, reset) is sent to the server's 修改密码 page (:mod:`clientkit.hub.password`) instead.

The notebooks folder is served read-only (:class:`ReadOnlyContentsManager`): a user's server can
read the shipped notebooks but not change them for anyone.
"""
from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

import tornado.web
from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager

from clientkit.auth import ROLE_LABELS
from clientkit.errors import AuthError, StoreError
from clientkit.hub.identity import hub_user, hub_username
from clientkit.serve.guard import notebook_roles
from clientkit.serve.render import message

HOME_PATH = "voila/render/index.ipynb"


@lru_cache(maxsize=1)
def open_store():
    from clientkit.store import Store

    return Store.open()


def _request_user(handler: tornado.web.RequestHandler) -> str:
    user = getattr(handler, "current_user", None)
    return str(getattr(user, "username", None) or getattr(user, "name", None) or "")


def _refuse(handler, status: int, section: str, **fmt) -> None:
    handler.set_status(status)
    handler.finish(message("error", section, link=None, **fmt))
    raise tornado.web.Finish()


def prelaunch_hook(handler: tornado.web.RequestHandler, notebook: Any, cwd: str) -> None:
    """Voila's ``prelaunch_hook`` in a hub single-user server (see the module docstring)."""
    try:
        owner = hub_username()
    except AuthError:
        _refuse(handler, 403, "hub_not_owner")
    if _request_user(handler) != owner:
        _refuse(handler, 403, "hub_not_owner")
    try:
        user = hub_user(open_store())
    except AuthError:
        _refuse(handler, 403, "hub_inactive")
    except StoreError:
        _refuse(handler, 503, "error", code=503)
    if getattr(user, "must_change_password", False):
        from clientkit.hub.password import password_url

        handler.redirect(password_url(handler.settings.get("base_url") or "/"))
        raise tornado.web.Finish()
    allowed = notebook_roles(notebook)
    if allowed and user.role not in allowed:
        _refuse(handler, 403, "forbidden",
                name=user.display_name or user.username, role=ROLE_LABELS.get(user.role, user.role),
                allowed="、".join(ROLE_LABELS.get(role, role) for role in allowed))


class ReadOnlyContentsManager(AsyncLargeFileManager):
    """The notebooks folder, read-only: saving, renaming, deleting and new files are refused."""

    def _refuse(self, *args, **kwargs):
        raise tornado.web.HTTPError(403, "read-only")

    save = delete_file = rename_file = new = new_untitled = copy = _refuse

    async def create_checkpoint(self, path):  # noqa: D401  (nothing is ever saved)
        raise tornado.web.HTTPError(403, "read-only")


def voila_settings(config) -> None:
    """Voila's settings in a hub single-user server (mirrors clientkit serve's)."""
    from clientkit.i18n import t
    from clientkit.serve.app import TEMPLATE, TEMPLATE_TEXTS

    voila = config.VoilaConfiguration
    voila.template = TEMPLATE
    voila.theme = "light"
    voila.allow_theme_override = "NO"
    voila.allow_template_override = "NO"
    voila.show_tracebacks = False
    voila.preheat_kernel = False
    voila.prelaunch_hook = prelaunch_hook
    voila.resources = {"clientkit": {name: t(key) for name, key in TEMPLATE_TEXTS.items()}}


def _link_jupyter_server_extension(serverapp) -> None:
    from clientkit.serve.app import use_template_dir

    use_template_dir()  # Voila collects its template paths when it loads, after this
    voila_settings(serverapp.config)
    # Voila reads VoilaConfiguration from the server's config at load time
    serverapp.update_config(serverapp.config)


def _load_jupyter_server_extension(serverapp) -> None:
    from jupyter_server.utils import url_path_join

    base = serverapp.web_app.settings["base_url"]
    home = url_path_join(base, HOME_PATH)
    from clientkit.hub.password import hub_password_handlers
    from clientkit.hub.upload import hub_upload_handlers
    from clientkit.hub.users import hub_users_handlers

    serverapp.web_app.add_handlers(".*$", [
        (url_path_join(base, "/voila/tree/?"), tornado.web.RedirectHandler, {"url": home}),
        *hub_upload_handlers(base),
        *hub_password_handlers(base),
        *hub_users_handlers(base),
    ])
    serverapp.log.info("clientkit: single-user server of %s (hub mode: %s)",
                       os.environ.get("JUPYTERHUB_USER", "?"), os.environ.get("CLIENTKIT_IDENTITY", "off"))
