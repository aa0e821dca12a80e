"""``clientkit users``: add with the password policy, list with state and last sign-in,
reset-password, deactivate, activate (issue 8 §4)."""
import io

import pytest

from clientkit import service
from clientkit.cli import main
from clientkit.store import Store
from clientkit.store.passwords import check_password


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CLIENTKIT_DB_URL", raising=False)
    return tmp_path


@pytest.fixture
def store(home):
    s = Store.open()
    yield s
    s.close()


def _line_of(out: str, username: str) -> list[str]:
    return next(line.split("\t") for line in out.splitlines() if f"\t{username}\t" in line)


def test_weak_passwords_are_refused_in_chinese(store, capsys):
    assert main(["users", "add", "weakpw", "--role", "agent", "--password", "1"]) == 1
    assert "密码至少需要 8 个字符" in capsys.readouterr().err
    assert main(["users", "add", "weakpw", "--role", "agent", "--password", "12345678"]) == 1
    assert "不能只由一类字符" in capsys.readouterr().err
    assert store.find_user("weakpw") is None


def test_a_generated_password_must_be_changed(store, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: the password is generated
    assert main(["users", "add", "gen", "--role", "agent"]) == 0
    password = capsys.readouterr().out.strip().rsplit("：", 1)[1]
    check_password(password)
    assert store.verify_password("gen", password).must_change_password is True
    assert main(["users", "add", "chosen", "--role", "agent", "--password", "chosen-Pw-1"]) == 0
    assert store.find_user("chosen").must_change_password is False


def test_list_shows_state_and_last_sign_in(store, capsys):
    a = store.add_user("wang", "wang-Pw-123", role="agent", team="一组")
    store.add_user("li", "li-Pw-12345", role="trainer")
    store.open_login(a.id, lifetime_s=60)
    store.set_active(store.find_user("li").id, False)
    assert main(["users", "list"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("编号\t用户名")
    wang, li = _line_of(out, "wang"), _line_of(out, "li")
    assert wang[5] == "正常" and wang[6][:2] == "20"  # a sign-in time
    assert li[5] == "已停用" and li[6] == "—"


def test_reset_password_prints_a_one_time_password_and_ends_sessions(store, capsys):
    u = store.add_user("zhao", "zhao-Pw-123", role="agent")
    sid = store.open_login(u.id, lifetime_s=3600)
    assert main(["users", "reset-password", "zhao"]) == 0
    out = capsys.readouterr().out
    one_time = out.strip().rsplit("：", 1)[1]
    assert "只显示这一次" in out
    assert store.verify_password("zhao", one_time).must_change_password is True
    assert not store.login_valid(sid, u.id)
    assert main(["users", "list"]) == 0
    assert "待修改密码" in _line_of(capsys.readouterr().out, "zhao")[5]


def test_deactivate_and_activate(store, capsys):
    u = store.add_user("sun", "sun-Pw-1234", role="supervisor")
    sid = store.open_login(u.id, lifetime_s=3600)
    assert main(["users", "deactivate", "sun"]) == 0
    assert "已停用账号 sun" in capsys.readouterr().out
    assert store.get_user(u.id).active is False and not store.login_valid(sid, u.id)
    assert main(["users", "activate", "sun"]) == 0
    assert "已启用账号 sun" in capsys.readouterr().out
    assert store.verify_password("sun", "sun-Pw-1234").active is True


def test_unknown_user_is_a_chinese_error(store, capsys):
    for command in ("reset-password", "deactivate", "activate"):
        assert main(["users", command, "nobody"]) == 1
        err = capsys.readouterr().err
        assert "没有名为“nobody”的账号" in err and "Traceback" not in err


def test_demo_accounts_must_change_their_password(store):
    created = service.prepare_instance(store)
    assert {u for u, _, _ in created} == {"demo_agent", "demo_supervisor"}
    for username, _, password in created:
        check_password(password)
        assert store.verify_password(username, password).must_change_password is True
