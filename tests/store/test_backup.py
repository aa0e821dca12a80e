"""Online backup / verified restore of the SQLite store (C7-07 on the project's own data)."""
import hashlib
import os
import shutil
import sqlite3
import stat

import pytest

from clientkit.errors import StoreError
from clientkit.store import Store
from clientkit.store.backup import (backup, compare, hmac_of, hmac_path, manifest_path, restore, sqlite_path,
                                    verify)


@pytest.fixture(autouse=True)
def instance(tmp_path, monkeypatch):
    """An instance folder of its own: the backup HMAC key comes from its secret."""
    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    s = Store.open(url)
    s.add_user("first", "pw-first-1", role="agent", team="一组")
    yield url, s
    s.close()


def _users(path):
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT username FROM users")}
    finally:
        conn.close()


def test_backup_is_consistent_and_has_a_manifest(db, tmp_path):
    url, store = db
    # an open reader on the live database does not disturb the online backup
    reader = sqlite3.connect(sqlite_path(url))
    reader.execute("SELECT count(*) FROM users").fetchall()
    out, sha = backup(url, tmp_path / "b" / "copy.db")
    reader.close()
    assert out.exists() and sha == hashlib.sha256(out.read_bytes()).hexdigest()
    assert manifest_path(out).read_text(encoding="utf-8") == f"{sha}  copy.db\n"
    assert verify(out) is None and _users(out) == {"first"}


def test_verify_names_the_problem(db, tmp_path):
    url, _ = db
    out, _ = backup(url, tmp_path / "copy.db")
    data = bytearray(out.read_bytes())
    data[-1] ^= 0xFF
    out.write_bytes(bytes(data))
    assert verify(out) == "hash"
    manifest_path(out).unlink()
    assert verify(out) == "manifest"
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 10)
    manifest_path(junk).write_text(hashlib.sha256(junk.read_bytes()).hexdigest() + "  junk.db\n")
    assert verify(junk) == "hmac"  # a recomputed SHA-256 alone is not enough
    hmac_path(junk).write_text(hmac_of(junk) + "  junk.db\n")
    assert verify(junk) == "not_db"


def test_restore_keeps_a_bak_and_refuses_bad_files(db, tmp_path):
    url, store = db
    good, _ = backup(url, tmp_path / "good.db")
    store.add_user("second", "pw-second-2", role="agent", team="一组")
    live = sqlite_path(url)
    assert _users(live) == {"first", "second"}

    bad, _ = backup(url, tmp_path / "bad.db")
    bad.write_bytes(bad.read_bytes()[:-10])
    with pytest.raises(StoreError) as err:
        restore(url, bad)
    assert "SHA-256" in err.value.message()
    assert _users(live) == {"first", "second"}  # nothing changed

    with pytest.raises(StoreError) as err:
        restore(url, good)  # no confirmation: nothing changes, the loss is named
    assert "用户 1 条" in err.value.message() and "--force" in err.value.message()
    assert _users(live) == {"first", "second"}

    done = restore(url, good, force=True)
    assert _users(live) == {"first"} and _users(done.bak) == {"first", "second"}
    assert done.comparison.lacking["users"] == 1
    assert done.bak.name.startswith("live.db.") and done.bak.name.endswith(".bak")
    assert verify(done.bak) is None  # the kept store is itself a restorable backup


def test_only_sqlite():
    with pytest.raises(StoreError) as err:
        backup("postgresql://u:secret@h/db")
    assert "secret" not in err.value.message() and "SQLite" in err.value.message()
    with pytest.raises(StoreError):
        backup("sqlite:///does/not/exist.db")


def _attempts(path):
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM attempts").fetchone()[0]
    finally:
        conn.close()


def test_restore_twice_keeps_every_replaced_store(db, tmp_path, attempt_factory):
    url, store = db
    uid = store.list_users()[0].id
    old, _ = backup(url, tmp_path / "old.db")
    for _ in range(30):
        store.record_attempt(attempt_factory(uid))
    assert compare(url, old).lacking["attempts"] == 30
    first = restore(url, old, force=True)
    second = restore(url, old, force=True)
    assert first.bak != second.bak and first.bak.exists() and second.bak.exists()
    assert _attempts(first.bak) == 30  # the 30 newer attempts survive a second restore
    assert _attempts(sqlite_path(url)) == 0


def test_edited_backup_with_recomputed_sha256_is_refused(db, tmp_path):
    url, store = db
    out, _ = backup(url, tmp_path / "copy.db")
    conn = sqlite3.connect(out)
    conn.execute("UPDATE users SET role = 'admin'")
    conn.commit()
    conn.close()
    manifest_path(out).write_text(hashlib.sha256(out.read_bytes()).hexdigest() + "  copy.db\n")
    assert verify(out) == "hmac"
    with pytest.raises(StoreError) as err:
        restore(url, out, force=True)
    assert "签名" in err.value.message()
    assert {u.role for u in store.list_users()} == {"agent"}


def test_a_name_with_a_question_mark_restores_the_file_verified(db, tmp_path):
    url, store = db
    backup(url, tmp_path / "x.db")          # an older, different file named x.db
    store.add_user("second", "pw-second-2", role="agent", team="一组")
    odd, _ = backup(url, tmp_path / "y.db")
    tricky = tmp_path / "x.db?a=1"
    for suffix in ("", ".sha256", ".hmac"):
        shutil.copy(str(odd) + suffix, str(tricky) + suffix)
    store.add_user("third", "pw-third-3", role="agent", team="一组")
    assert verify(tricky) is None
    restore(url, tricky, force=True)
    assert _users(sqlite_path(url)) == {"first", "second"}  # not x.db's {"first"}


def test_backup_files_are_private_and_leave_no_sidecars(db, tmp_path):
    url, _ = db
    out, _ = backup(url, tmp_path / "b" / "copy.db")
    for path in (out, manifest_path(out), hmac_path(out)):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    assert sorted(p.name for p in out.parent.iterdir()) == ["copy.db", "copy.db.hmac", "copy.db.sha256"]
    done = restore(url, out, force=True)
    assert stat.S_IMODE(os.stat(done.bak).st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".restore-")]
