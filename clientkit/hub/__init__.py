"""clientkit under JupyterHub (issue 12; DESIGN.md "Serving", README 「多人部署（JupyterHub）」).

- :class:`StoreAuthenticator` — the hub signs users in against the clientkit store;
  :func:`store_post_auth_hook` — with another authenticator (LDAP/AD, OAuth) the store still
  supplies role and team, and creates unknown users as agents on their first sign-in;
- :mod:`clientkit.hub.identity` — in a single-user server the user is the hub's
  ``JUPYTERHUB_USER`` (``CLIENTKIT_IDENTITY=hub``), looked up in the store by user name;
- :mod:`clientkit.hub.singleuser` — the jupyter_server extension that puts clientkit's template
  and gate in front of Voila in the single-user server;
- :mod:`clientkit.hub.password` — 修改密码 on the single-user server (an initial password must be
  changed there before any page opens).
- :mod:`clientkit.hub.users` — 用户管理 on a store admin's single-user server.

Importing this package does not import JupyterHub: the authenticator lives in
:mod:`clientkit.hub.authenticator` and is loaded on first use.
"""
from __future__ import annotations

__all__ = ["StoreAuthenticator", "store_post_auth_hook", "migrate_store"]


def __getattr__(name: str):
    if name in ("StoreAuthenticator", "store_post_auth_hook"):
        from clientkit.hub import authenticator

        return getattr(authenticator, name)
    raise AttributeError(name)


def migrate_store(url: str | None = None) -> str:
    """Open the store once (``CLIENTKIT_DB_URL``) and migrate it to the newest schema; returns
    the URL with the password hidden. The hub's configuration calls this at start-up, so single-user
    servers find the schema ready."""
    from clientkit.store import Store

    store = Store.open(url)
    try:
        return store.engine.url.render_as_string(hide_password=True)
    finally:
        store.close()


def _jupyter_server_extension_points():
    return [{"module": "clientkit.hub.singleuser"}]
