"""Backup and restore of the SQLite score store (DOMAIN.md C7-07 applied to the project's own data).

* :func:`backup` makes a consistent copy with SQLite's online backup API
  (``sqlite3.Connection.backup`` — safe while the server writes, WAL included; a plain file copy
  is not), turns the copy into a single self-contained file (rollback journal, so no ``-wal`` /
  ``-shm`` beside it), checks it with ``PRAGMA integrity_check`` and writes two manifests beside
  it: ``<file>.sha256`` (``sha256sum`` format, for people and tools) and ``<file>.hmac``, an
  HMAC-SHA256 of the file keyed with the instance secret. Anyone can recompute a SHA-256 after
  editing a backup; only this instance can recompute the HMAC.
* :func:`verify` re-checks a backup: manifest present, SHA-256 equal, HMAC equal, a SQLite
  file, integrity ``ok``.
* :func:`restore` first copies the backup into a private temp file and verifies THAT copy, so
  the file verified is the file restored (a name with ``?`` or ``#`` is never read as a URI, and
  a file swapped after the check is not used). It compares the backup with the live store
  (:func:`compare`: rows the backup lacks) and refuses without ``force=True``. The live
  database is then saved as ``<db>.YYYYmmdd-HHMMSS.bak`` (a new name each time, never
  overwritten, itself a verified backup) and the copy is written into the live database with
  the same online API, so open readers never see a half-written file.

Every file written here is mode 600 (the store holds password hashes).
PostgreSQL stores are backed up with the server's own tools (``pg_dump``); these functions
raise :class:`clientkit.errors.StoreError` for a non-SQLite URL.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from clientkit.errors import StoreError

# Tables compared before a restore, with the catalog key of their Chinese name; a table missing
# on either side is skipped (the sign-in sessions table may not exist yet in an older store).
COMPARED = {"attempts": "attempts", "users": "users", "sessions": "sessions", "login_sessions": "sessions",
            "auth_sessions": "sessions", "class_sessions": "class_sessions", "open_tasks": "open_tasks"}


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


def _backup_key() -> bytes:
    """A key for backups derived from the instance secret (never the token key itself)."""
    from clientkit.auth import secret

    return hmac.new(secret(), b"clientkit backup manifest v1", hashlib.sha256).digest()


def hmac_of(path: Path, key: bytes | None = None) -> str:
    mac = hmac.new(key or _backup_key(), digestmod=hashlib.sha256)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            mac.update(chunk)
    return mac.hexdigest()


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def hmac_path(path: Path) -> Path:
    return path.with_name(path.name + ".hmac")


def private(path: Path) -> Path:
    """``path`` made readable by its owner only (mode 600)."""
    os.chmod(path, 0o600)
    return path


def _ro_uri(path: Path) -> str:
    # as_uri() percent-encodes ? and #, so they stay part of the file name
    return Path(path).resolve().as_uri() + "?mode=ro"


def _drop_sidecars(path: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _copy(source: Path, target: Path, *, standalone: bool = False) -> None:
    """Online copy of ``source`` into ``target``; ``standalone``: a rollback-journal file."""
    src = sqlite3.connect(_ro_uri(source), uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            if standalone:
                dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    if standalone:
        _drop_sidecars(target)


def _integrity(path: Path) -> bool:
    try:
        conn = sqlite3.connect(_ro_uri(path).replace("?mode=ro", "?mode=ro&immutable=1"), uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False
    return rows == [("ok",)]


def backup(url: str, out: str | Path | None = None) -> tuple[Path, str]:
    """Copy the store at ``url`` to ``out`` (default ``<db>-backup-YYYYmmdd-HHMMSS.db`` beside the
    database) and write its manifests. Returns (backup path, SHA-256).

    Raises StoreError: not SQLite, the database file is missing, or the copy fails its check."""
    db = sqlite_path(url)
    if not db.exists():
        raise StoreError("ch7.store.no_database", path=str(db))
    out = Path(out) if out else db.with_name(f"{db.stem}-backup-{datetime.now():%Y%m%d-%H%M%S}.db")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    tmp.unlink(missing_ok=True)
    _drop_sidecars(tmp)
    tmp.touch(mode=0o600)
    _copy(db, tmp, standalone=True)
    if not _integrity(tmp):
        from clientkit.i18n import t

        tmp.unlink(missing_ok=True)
        raise StoreError("ch7.store.bad_backup", path=str(out), reason=t("ch7.store.reason_integrity"))
    private(tmp).replace(out)
    sha = sha256_of(out)
    _write_private(manifest_path(out), f"{sha}  {out.name}\n")
    _write_private(hmac_path(out), f"{hmac_of(out)}  {out.name}\n")
    return out, sha


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    private(path)


def _first_word(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").split()[0].lower()
    except (OSError, IndexError, UnicodeDecodeError):
        return None


def verify(path: str | Path, *, manifests_of: str | Path | None = None) -> str | None:
    """Why the backup at ``path`` cannot be trusted (``manifest``, ``hash``, ``hmac``,
    ``not_db``, ``integrity``), or None when it verifies. ``manifests_of``: read the manifests
    of that file instead (a private copy of a backup is checked against the original's)."""
    path = Path(path)
    named = Path(manifests_of) if manifests_of else path
    expected = _first_word(manifest_path(named))
    if expected is None:
        return "manifest"
    if not path.is_file() or sha256_of(path) != expected:
        return "hash"
    mac = _first_word(hmac_path(named))
    if mac is None or not hmac.compare_digest(hmac_of(path), mac):
        return "hmac"
    with open(path, "rb") as f:
        if f.read(16) != b"SQLite format 3\x00":
            return "not_db"
    return None if _integrity(path) else "integrity"


@dataclass
class Comparison:
    """Rows of the live store that a backup lacks, per compared table (0 = nothing lost)."""

    lacking: dict[str, int] = field(default_factory=dict)
    newest_attempt_live: str | None = None
    newest_attempt_backup: str | None = None

    @property
    def loses_data(self) -> bool:
        return any(self.lacking.values())

    def text(self) -> str:
        return describe(self)


def _tables(conn: sqlite3.Connection, schema: str) -> set[str]:
    return {r[0] for r in conn.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'")}


def _key(conn: sqlite3.Connection, table: str) -> str | None:
    """The single primary-key column of ``table`` (its rowid alias included), or None."""
    keys = [row[1] for row in conn.execute(f"PRAGMA main.table_info({table})") if row[5]]
    return keys[0] if len(keys) == 1 else None


def compare(url: str, backup_file: str | Path) -> Comparison:
    """What restoring ``backup_file`` would lose: rows of the live store at ``url`` whose key
    is not in the backup (attempts, users, sessions, class sessions)."""
    db = sqlite_path(url)
    result = Comparison()
    if not db.exists():
        return result
    conn = sqlite3.connect(_ro_uri(db), uri=True)
    try:
        conn.execute("ATTACH DATABASE ? AS bk", (_ro_uri(Path(backup_file)),))
        live, old = _tables(conn, "main"), _tables(conn, "bk")
        for table in COMPARED:
            key = _key(conn, table) if table in live and table in old else None
            if key is not None:
                # names come from COMPARED and the schema, never from input
                result.lacking[table] = conn.execute(
                    f"SELECT count(*) FROM main.{table} WHERE {key} NOT IN (SELECT {key} FROM bk.{table})"
                ).fetchone()[0]
        if "attempts" in live and "attempts" in old:
            result.newest_attempt_live = conn.execute("SELECT max(submitted_at) FROM main.attempts").fetchone()[0]
            result.newest_attempt_backup = conn.execute("SELECT max(submitted_at) FROM bk.attempts").fetchone()[0]
    finally:
        conn.close()
    return result


def _bak_name(db: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    bak, n = db.with_name(f"{db.name}.{stamp}.bak"), 1
    while bak.exists():
        n += 1
        bak = db.with_name(f"{db.name}.{stamp}-{n}.bak")
    return bak


@dataclass
class Restored:
    bak: Path | None
    comparison: Comparison


def restore(url: str, source: str | Path, *, force: bool = False) -> Restored:
    """Replace the store at ``url`` with the verified backup ``source``.

    Without ``force`` nothing changes: StoreError ``ch7.store.restore_unconfirmed`` names what
    the backup lacks compared with the live store. With it, the live database is first kept as
    a timestamped ``.bak`` (never overwritten). Returns the ``.bak`` path (None when there was
    no live database) and the comparison.

    Raises StoreError: not SQLite, ``source`` fails :func:`verify` (nothing is changed), or no
    confirmation."""
    from clientkit.i18n import t

    db = sqlite_path(url)
    source = Path(source)
    db.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".restore-", suffix=".db", dir=db.parent)
    os.close(fd)
    copy = Path(name)
    try:
        problem = "manifest" if not manifest_path(source).exists() else None
        if problem is None:
            try:
                with open(source, "rb") as f, open(copy, "wb") as g:
                    for chunk in iter(lambda: f.read(1 << 20), b""):
                        g.write(chunk)
            except OSError:
                problem = "hash"
        problem = problem or verify(copy, manifests_of=source)
        if problem:
            raise StoreError("ch7.store.bad_backup", path=str(source), reason=t(f"ch7.store.reason_{problem}"))
        comparison = compare(url, copy)
        if not force:
            raise StoreError("ch7.store.restore_unconfirmed", path=str(source), lacking=describe(comparison))
        bak = None
        if db.exists():
            bak, _ = backup(url, _bak_name(db))
        _copy(copy, db)
        private(db)
        return Restored(bak, comparison)
    finally:
        copy.unlink(missing_ok=True)
        _drop_sidecars(copy)


def describe(comparison: Comparison) -> str:
    """The comparison in Chinese: what the backup lacks, or that it lacks nothing."""
    from clientkit.i18n import t

    parts = [t("ch7.store.lacking_rows", table=t(f"ch7.store.table_{COMPARED[table]}"), n=n)
             for table, n in comparison.lacking.items() if n]
    if not parts:
        return t("ch7.store.lacking_nothing")
    text = "、".join(parts)
    if comparison.newest_attempt_live:
        text += t("ch7.store.lacking_newest", live=str(comparison.newest_attempt_live)[:19],
                  backup=str(comparison.newest_attempt_backup or "—")[:19])
    return text
