"""Administration of an installation, for the CLI: first-run demo accounts, users, generated
books, 档案体检 of files, store backup and restore."""
from __future__ import annotations

from datetime import date

import pandas as pd


DEMO_USERS = (
    ("demo_agent", "agent", "示范团队", "示范业务员"),
    ("demo_supervisor", "supervisor", "示范团队", "示范主管"),
)


def prepare_instance(store=None) -> list[tuple[str, str, str]]:
    """Open (and migrate) the store; on first run create the demo agent and supervisor.

    Returns ``[(username, role, password)]`` for users created now (passwords are shown once,
    stored only as argon2 hashes and must be changed at the first sign-in), or an empty list
    when users already exist."""
    from clientkit.store import Store
    from clientkit.store.passwords import generate_password

    store = store or Store.open()
    if store.list_users():
        return []
    created = []
    for username, role, team, display in DEMO_USERS:
        password = generate_password()
        store.add_user(username, password, role=role, team=team, display_name=display,
                       must_change_password=True)
        created.append((username, role, password))
    return created


def add_user(username: str, password: str, role: str, team: str = "", display_name: str = "", store=None,
             must_change_password: bool = False):
    from clientkit.store import Store

    return (store or Store.open()).add_user(username, password, role=role, team=team, display_name=display_name,
                                            must_change_password=must_change_password)


# -- accounts an admin can run (issue 8 §4) -------------------------------------------------

def _named(store, username: str):
    from clientkit.errors import InputError

    user = store.find_user((username or "").strip())
    if user is None:
        raise InputError("store.user_unknown", username=username)
    return user


def reset_password(username: str, store=None) -> str:
    """A new one-time password for ``username`` (must be changed at the next sign-in; their
    sessions end). Raises InputError for an unknown user name."""
    from clientkit.store import Store

    store = store or Store.open()
    return store.reset_password(_named(store, username).id)


def set_user_active(username: str, active: bool, store=None):
    """Activate or deactivate ``username`` (deactivation ends every session at once); returns
    the user. Raises InputError for an unknown user name."""
    from clientkit.store import Store

    store = store or Store.open()
    user = _named(store, username)
    store.set_active(user.id, active)
    return store.get_user(user.id)


def list_users(store=None):
    from clientkit.store import Store

    return (store or Store.open()).list_users()


def generate_to(folder, n_clients: int, seed: int = 0, defect_rate: float = 0.0, on=None, fmt: str = "csv"):
    """Generate a synthetic book and save it to ``folder``; returns the Book."""
    from clientkit.generate import generate_book

    book = generate_book(n_clients, seed=seed, defect_rate=defect_rate, on=on)
    book.save(folder, fmt=fmt)
    return book


def _load_source(source):
    """``(book, tables)`` of a Book folder (every table: ``tables`` None) or of a table file, a
    client list or a zip of an export (:func:`clientkit.model.exports.import_export`: only the
    tables found)."""
    from pathlib import Path

    from clientkit.model.book import Book
    from clientkit.model.exports import import_export

    path = Path(source)
    if path.is_dir():
        return Book.load(path), None
    export = import_export([(path.name, path)])
    return export.book, export.tables


def audit_source(source, on=None, tables=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """档案体检 of a Book folder, a CSV/Excel table file (a client list) or a zip of an export:
    ``(findings, import_issues)``. Only rules whose tables are present run (``tables``: the schema
    names supplied; default: those found in ``source``), as 档案体检 does. Findings carry masked
    values only. ``on``: the check date (default :func:`audit_date`)."""
    return audit_run(source, on, tables)[:2]


def audit_date(book, on=None) -> tuple[date, str]:
    """The check date and where it came from: ``given``, ``book`` (a generated Book records its
    reference date) or ``today``."""
    if on is not None:
        return pd.Timestamp(on).date(), "given"
    if book.meta.get("on"):
        return pd.Timestamp(book.meta["on"]).date(), "book"
    return pd.Timestamp.today().date(), "today"


def audit_run(source, on=None, tables=None):
    """``(findings, masked issues, unchecked rules, check date, where the date came from)`` of
    ``source`` (see :func:`audit_source`); unchecked rules as
    :func:`clientkit.reports.checkup.unchecked_frame` (rule id, title, missing tables)."""
    from clientkit.model.masking import mask_issues
    from clientkit.reports.checkup import unchecked_frame
    from clientkit.rules.audit import audit, unchecked

    book, found = _load_source(source)
    tables = found if tables is None else list(tables)
    when, origin = audit_date(book, on)
    findings = audit(book, on=when, tables=tables)
    return findings, mask_issues(book.issues), unchecked_frame(unchecked(tables)), when, origin


# -- chapter 7: store backup and restore (C7-07) --------------------------------------------

def backup_store(out=None):
    """Online backup of the SQLite store with its SHA-256 manifest: ``(path, sha256)``
    (:func:`clientkit.store.backup.backup`)."""
    from clientkit.config import db_url
    from clientkit.store.backup import backup

    return backup(db_url(), out)


def restore_store(source, force: bool = False):
    """Restore the SQLite store from a verified backup. Without ``force`` nothing changes and
    StoreError says what the backup lacks; with it, returns ``Restored`` (the timestamped
    ``.bak`` of the replaced database and the comparison) (:func:`clientkit.store.backup.restore`)."""
    from clientkit.config import db_url
    from clientkit.store.backup import restore

    return restore(db_url(), source, force=force)
