"""Backup and restore of the SQLite score store (DOMAIN.md C7-07 applied to the project's own data).

* :func:`backup` makes a consistent copy with SQLite's online backup API
  (``sqlite3.Connection.backup`` — safe while the server writes, WAL included; a plain file copy
  is not), checks it with ``PRAGMA integrity_check`` and writes a manifest ``<file>.sha256``
  (``sha256sum`` format: hash, two spaces, file name) beside it.
* :func:`verify` re-checks a backup: manifest present, SHA-256 equal, integrity ``ok``.
* :func:`restore` refuses a file that fails :func:`verify`; otherwise it keeps the current
  database as ``<db>.bak`` (itself an online-backup copy) and copies the backup into the live
  database with the same online API, so open readers never see a half-written file.

PostgreSQL stores are backed up with the server's own tools (``pg_dump``); these functions
raise :class:`clientkit.errors.StoreError` for a non-SQLite URL.
"""
from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from clientkit.errors import StoreError


def sqlite_path(url: str) -> Path:
    """The database file of a ``sqlite:///`` URL; StoreError for another backend or memory."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        raise StoreError("ch7.store.not_sqlite", url=parsed.render_as_string(hide_password=True))
    return Path(parsed.database)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def _copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _integrity(path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return rows == [("ok",)]


def backup(url: str, out: str | Path | None = None) -> tuple[Path, str]:
    """Copy the store at ``url`` to ``out`` (default ``<db>-backup-YYYYmmdd-HHMMSS.db`` beside the
    database) and write its manifest. Returns (backup path, SHA-256).

    Raises StoreError: not SQLite, the database file is missing, or the copy fails its check."""
    db = sqlite_path(url)
    if not db.exists():
        raise StoreError("ch7.store.no_database", path=str(db))
    out = Path(out) if out else db.with_name(f"{db.stem}-backup-{datetime.now():%Y%m%d-%H%M%S}.db")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    tmp.unlink(missing_ok=True)
    _copy(db, tmp)
    if not _integrity(tmp):
        from clientkit.i18n import t

        tmp.unlink(missing_ok=True)
        raise StoreError("ch7.store.bad_backup", path=str(out), reason=t("ch7.store.reason_integrity"))
    tmp.replace(out)
    sha = sha256_of(out)
    manifest_path(out).write_text(f"{sha}  {out.name}\n", encoding="utf-8")
    return out, sha


def verify(path: str | Path) -> str | None:
    """Why the backup at ``path`` cannot be trusted (``manifest``, ``hash``, ``not_db``,
    ``integrity``), or None when it verifies."""
    path = Path(path)
    try:
        expected = manifest_path(path).read_text(encoding="utf-8").split()[0].lower()
    except (OSError, IndexError):
        return "manifest"
    if not path.exists() or sha256_of(path) != expected:
        return "hash"
    with open(path, "rb") as f:
        if f.read(16) != b"SQLite format 3\x00":
            return "not_db"
    return None if _integrity(path) else "integrity"


def restore(url: str, source: str | Path) -> Path:
    """Replace the store at ``url`` with the verified backup ``source``; the current database
    is first saved as ``<db>.bak``. Returns the ``.bak`` path.

    Raises StoreError: not SQLite, or ``source`` fails :func:`verify` (nothing is changed)."""
    from clientkit.i18n import t

    db = sqlite_path(url)
    source = Path(source)
    problem = verify(source)
    if problem:
        raise StoreError("ch7.store.bad_backup", path=str(source), reason=t(f"ch7.store.reason_{problem}"))
    bak = db.with_name(db.name + ".bak")
    if db.exists():
        bak.unlink(missing_ok=True)
        _copy(db, bak)
    db.parent.mkdir(parents=True, exist_ok=True)
    _copy(source, db)
    return bak
