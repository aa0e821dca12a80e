"""档案体检's streamed upload in a hub single-user server: ``POST <prefix>clientkit/upload``.

The same handler as under ``clientkit serve`` (:mod:`clientkit.serve.upload`: size limit, file
names, per-user folder and quota), but the uploader is the hub-authenticated owner of this
server: jupyter_server's hub identity must name ``JUPYTERHUB_USER`` (a hub admin with
``access:servers`` is refused, as in :func:`clientkit.hub.singleuser.prelaunch_hook`), and that
user must be active in the store. The file lands in the folder of the owner's store user id,
which is where the owner's kernel (:func:`clientkit.serve.upload.open_upload`) looks.
"""
from __future__ import annotations

import tornado.web
from jupyter_server.base.handlers import JupyterHandler

from clientkit.errors import AuthError, StoreError
from clientkit.hub.identity import hub_user, hub_username
from clientkit.serve.upload import UPLOAD_URL, UploadHandler


def owner_of(handler) -> object | None:
    """The store user of this server's owner if the request is theirs, else None."""
    from clientkit.hub.singleuser import _request_user, open_store

    try:
        if _request_user(handler) != hub_username():
            return None
        return hub_user(open_store())
    except (AuthError, StoreError):
        return None


@tornado.web.stream_request_body
class HubUploadHandler(UploadHandler, JupyterHandler):
    def set_default_headers(self) -> None:
        JupyterHandler.set_default_headers(self)
        UploadHandler.set_default_headers(self)

    async def prepare(self) -> None:
        # hub identity (OAuth cookie or token) and the _xsrf check; no redirect to a sign-in page
        await JupyterHandler.prepare(self, _redirect_to_login=False)
        self.begin(owner_of(self))


def hub_upload_handlers(base_url: str) -> list[tuple]:
    from jupyter_server.utils import url_path_join

    return [(url_path_join(base_url, UPLOAD_URL), HubUploadHandler)]
