"""``clientkit backup`` / ``clientkit restore``: Chinese messages, verified restore, no traceback."""
import sqlite3

import pytest

from clientkit.cli import main
from clientkit.store import Store


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CLIENTKIT_DB_URL", raising=False)
    s = Store.open(f"sqlite:///{tmp_path / 'home' / 'clientkit.db'}")
    s.add_user("one", "pw-one-111", role="agent", team="一组")
    s.close()
    return tmp_path


def test_backup_then_restore(home, capsys):
    out = home / "b.db"
    assert main(["backup", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "已备份到" in text and out.exists() and (home / "b.db.sha256").exists()
    s = Store.open(f"sqlite:///{home / 'home' / 'clientkit.db'}")
    s.add_user("two", "pw-two-222", role="agent", team="一组")
    s.close()
    assert main(["restore", str(out)]) == 1  # without --force: the difference, no change
    err = capsys.readouterr().err
    assert "用户 1 条" in err and "--force" in err and "Traceback" not in err
    conn = sqlite3.connect(home / "home" / "clientkit.db")
    assert {r[0] for r in conn.execute("SELECT username FROM users")} == {"one", "two"}
    conn.close()
    assert main(["restore", str(out), "--force"]) == 0
    assert "已从" in capsys.readouterr().out
    conn = sqlite3.connect(home / "home" / "clientkit.db")
    assert {r[0] for r in conn.execute("SELECT username FROM users")} == {"one"}
    conn.close()
    assert len(list((home / "home").glob("clientkit.db.*.bak"))) == 1


def test_restore_refuses_a_file_without_manifest(home, capsys):
    lone = home / "lone.db"
    lone.write_bytes(b"x" * 100)
    assert main(["restore", str(lone)]) == 1
    err = capsys.readouterr().err
    assert "未通过校验" in err and "Traceback" not in err
