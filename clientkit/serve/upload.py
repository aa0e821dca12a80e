"""Streamed uploads for 档案体检 (issue 15): ``POST /clientkit/upload`` and the per-user store.

Why an HTTP upload and not the FileUpload widget: the widget sends the whole file inside one
websocket message, and Tornado drops messages over 10 MiB (the file vanished and the page said
"choose a file"). Raising the websocket limit would still hold the whole file, base64-inflated,
in the server, the browser and the kernel at once, with no progress. Here the browser sends the
file as the raw body of one ``POST`` (with upload progress); the server writes it in chunks to
disk and answers an opaque id; the user's kernel reads the file by that id.

* The request must carry the signed session cookie (:func:`clientkit.serve.guard.session_user`)
  and the ``_xsrf`` token (header ``X-XSRFToken``); the file name comes URL-encoded in
  ``X-File-Name`` and must end in ``.csv``, ``.xlsx``, ``.xls`` or ``.zip`` (a whole export).
* At most :data:`clientkit.model.bounded.MAX_FILE_BYTES` (announced by Content-Length and
  counted while streaming); refusals are JSON ``{"error": "<Chinese>"}``.
* Files live in ``<instance>/uploads/<user id>/`` (folder mode 700, files 600): ``<id>`` and
  ``<id>.json`` (name, size, owner). A user keeps at most :data:`MAX_STORED` files and none
  older than :data:`KEEP_S`; :func:`open_upload` resolves an id only inside the asking
  user's own folder.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import time
from pathlib import Path
from urllib.parse import unquote

import tornado.web

from clientkit import config
from clientkit.errors import InputError
from clientkit.i18n import t
from clientkit.model.bounded import MAX_FILE_BYTES, human_size

UPLOAD_URL = "/clientkit/upload"
SUFFIXES = (".csv", ".xlsx", ".xls", ".zip")
MAX_STORED = 20  # a whole export of 档案体检 is up to 14 table files (issue 10)
MAX_PARTIAL = 2
KEEP_S = 30 * 60
_ID = re.compile(r"[A-Za-z0-9_-]{32}")


def user_folder(user_id: int) -> Path:
    folder = config.home() / "uploads" / str(int(user_id))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder.parent, 0o700)
    os.chmod(folder, 0o700)
    return folder


def _tidy(folder: Path) -> None:
    """Drop expired files and keep the newest :data:`MAX_STORED` - 1 (room for one more)."""
    now = time.time()
    stored = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for i, meta in enumerate(stored):
        if i >= MAX_STORED - 1 or now - meta.stat().st_mtime > KEEP_S:
            meta.with_suffix("").unlink(missing_ok=True)
            meta.unlink(missing_ok=True)
    for part in folder.glob("*.part"):
        if now - part.stat().st_mtime > KEEP_S:
            part.unlink(missing_ok=True)


class Incoming:
    """One upload being written: ``write`` chunks, then ``finish`` or ``discard``."""

    def __init__(self, user_id: int, name: str) -> None:
        self.folder = user_folder(user_id)
        _tidy(self.folder)
        if len(list(self.folder.glob("*.part"))) >= MAX_PARTIAL:
            raise InputError("upload.quota")
        self.id = secrets.token_urlsafe(24)
        self.user_id, self.name, self.size = int(user_id), name, 0
        self.part = self.folder / f"{self.id}.part"
        self._fd = os.open(self.part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)

    def write(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > MAX_FILE_BYTES:
            raise InputError("upload.too_large", limit=human_size(MAX_FILE_BYTES))
        os.write(self._fd, chunk)

    def finish(self) -> dict:
        os.close(self._fd)
        self._fd = None
        self.part.replace(self.folder / self.id)
        info = {"id": self.id, "name": self.name, "size": self.size, "user_id": self.user_id}
        fd = os.open(self.folder / f"{self.id}.json", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(info, f, ensure_ascii=False)
        return info

    def discard(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self.part.unlink(missing_ok=True)


def store_upload(user_id: int, name: str, data: bytes) -> dict:
    """Store ``data`` as an upload of ``user_id`` (what the handler does, for tests and tools)."""
    incoming = Incoming(user_id, name)
    try:
        incoming.write(data)
        return incoming.finish()
    except BaseException:
        incoming.discard()
        raise


def open_upload(user_id: int, upload_id: str) -> tuple[Path, str]:
    """``(path, original file name)`` of the upload ``upload_id`` of ``user_id``.

    Raises InputError ``checkup.upload_gone``: not an id, not this user's, or expired."""
    if not isinstance(upload_id, str) or not _ID.fullmatch(upload_id):
        raise InputError("checkup.upload_gone")
    folder = user_folder(user_id)
    path, meta = folder / upload_id, folder / f"{upload_id}.json"
    try:
        info = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise InputError("checkup.upload_gone") from None
    if info.get("user_id") != int(user_id) or not path.is_file() or time.time() - meta.stat().st_mtime > KEEP_S:
        raise InputError("checkup.upload_gone")
    return path, str(info.get("name") or upload_id)


def allowed_name(name: str) -> bool:
    return bool(name) and "/" not in name and "\\" not in name and name.lower().endswith(SUFFIXES)


@tornado.web.stream_request_body
class UploadHandler(tornado.web.RequestHandler):
    """``POST /clientkit/upload``: stream the body to the user's folder, answer ``{"id", "name", "size"}``."""

    incoming: Incoming | None = None

    def set_default_headers(self) -> None:
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")

    def _refuse(self, status: int, key: str, **ctx) -> None:
        self.set_status(status)
        self.finish(json.dumps({"error": t(key, **ctx)}, ensure_ascii=False))
        raise tornado.web.Finish()

    def prepare(self) -> None:
        from clientkit.serve.guard import session_user

        self.check_xsrf_cookie()
        self.begin(session_user(self))

    def begin(self, user) -> None:
        """Checks shared by ``clientkit serve`` and the hub's single-user server
        (:mod:`clientkit.hub.upload`): ``user`` is the signed-in store user or None."""
        if user is None or not getattr(user, "active", True):
            self._refuse(401, "upload.not_signed_in")
        limit = human_size(MAX_FILE_BYTES)
        if int(self.request.headers.get("Content-Length") or 0) > MAX_FILE_BYTES:
            self._refuse(413, "upload.too_large", limit=limit)
        name = unquote(self.request.headers.get("X-File-Name", "")).strip()
        if not allowed_name(name):
            self._refuse(400, "upload.bad_name")
        self.request.connection.set_max_body_size(MAX_FILE_BYTES)
        try:
            self.incoming = Incoming(user.id, name[-200:])
        except InputError as exc:
            self._refuse(429, exc.key, **exc.context)

    def data_received(self, chunk: bytes) -> None:
        if self.incoming is None:  # refused already; Tornado's max body size ends the stream
            return
        try:
            self.incoming.write(chunk)
        except InputError:
            self.incoming.discard()
            self.incoming = None

    def post(self) -> None:
        if self.incoming is None:
            self._refuse(413, "upload.too_large", limit=human_size(MAX_FILE_BYTES))
        info = self.incoming.finish()
        self.incoming = None
        self.finish(json.dumps({k: info[k] for k in ("id", "name", "size")}, ensure_ascii=False))

    def on_connection_close(self) -> None:
        if self.incoming is not None:
            self.incoming.discard()
            self.incoming = None

    def write_error(self, status_code: int, **kwargs) -> None:
        if self.incoming is not None:
            self.incoming.discard()
            self.incoming = None
        key = "upload.too_large" if status_code == 413 else "upload.failed"
        self.finish(json.dumps({"error": t(key, limit=human_size(MAX_FILE_BYTES))}, ensure_ascii=False))


def upload_handlers() -> list[tuple]:
    return [(UPLOAD_URL, UploadHandler)]
