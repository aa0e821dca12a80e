"""Online backup / verified restore of the SQLite store (C7-07 on the project's own data)."""
import hashlib
import sqlite3

import pytest

from clientkit.errors import StoreError
from clientkit.store import Store
from clientkit.store.backup import backup, manifest_path, restore, sqlite_path, verify


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

    bak = restore(url, good)
    assert _users(live) == {"first"} and _users(bak) == {"first", "second"}
    assert bak.name == "live.db.bak"


def test_only_sqlite():
    with pytest.raises(StoreError) as err:
        backup("postgresql://u:secret@h/db")
    assert "secret" not in err.value.message() and "SQLite" in err.value.message()
    with pytest.raises(StoreError):
        backup("sqlite:///does/not/exist.db")
