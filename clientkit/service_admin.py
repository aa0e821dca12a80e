"""Administration of an installation, for the CLI: first-run demo accounts, users, generated
books, 档案体检 of files, store backup and restore."""
from __future__ import annotations

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


def audit_source(source, on=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """档案体检 of a Book folder or a CSV/Excel client list: ``(findings, import_issues)``.
    Findings carry masked values only."""
    from pathlib import Path

    from clientkit.model.book import Book
    from clientkit.model.importing import import_book
    from clientkit.rules.audit import audit

    from clientkit.model.masking import mask_issues

    path = Path(source)
    book = Book.load(path) if path.is_dir() else import_book(path)
    if on is None:
        on = pd.Timestamp(book.meta["on"]).date() if book.meta.get("on") else pd.Timestamp.today().date()
    return audit(book, on=on), mask_issues(book.issues)


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
