"""Users, roles and argon2 passwords (clientkit/store/users.py)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from clientkit.errors import AuthError, InputError
from clientkit.i18n import t
from clientkit.store import Store, User
from clientkit.store.tables import users


def _hash_of(store, username):
    with store.engine.connect() as conn:
        return conn.execute(sa.select(users.c.password_hash).where(users.c.username == username)).scalar_one()


def test_add_and_verify_user(store):
    made = store.add_user("zhang", "秘密-123456", role="agent", team="一组", display_name="张三")
    assert made == User(made.id, "zhang", "张三", "agent", "一组", True)
    assert store.verify_password("zhang", "秘密-123456") == made
    assert store.get_user(made.id) == made
    assert store.find_user("zhang") == made
    assert store.find_user("nobody") is None
    assert store.get_user(made.id + 100) is None


def test_password_is_stored_only_as_an_argon2_hash(store):
    store.add_user("li", "plain-text-pw", role="trainer")
    stored = _hash_of(store, "li")
    assert stored.startswith("$argon2id$")
    assert "plain-text-pw" not in stored


@pytest.mark.parametrize("username, password", [("zhang", "wrong"), ("nobody", "秘密-123456"), ("zhang", "")])
def test_failed_sign_in_gives_one_chinese_message(store, username, password):
    store.add_user("zhang", "秘密-123456", role="agent")
    with pytest.raises(AuthError) as caught:
        store.verify_password(username, password)
    # Same text whether the name or the password was wrong.
    assert caught.value.message() == "登录失败：用户名或密码错误。" == t("error.auth")


def test_deactivated_user_cannot_sign_in(store):
    u = store.add_user("wang", "pw-123456", role="agent")
    store.set_active(u.id, False)
    with pytest.raises(AuthError):
        store.verify_password("wang", "pw-123456")
    assert store.get_user(u.id).active is False


@pytest.mark.parametrize("kwargs, key, fragment", [
    ({"username": "dup", "password": "pw-123456", "role": "agent"}, "store.username_taken", "已被使用"),
    ({"username": "new", "password": "pw-123456", "role": "boss"}, "store.role_unknown", "角色“boss”无效"),
    ({"username": "new", "password": "", "role": "agent"}, "store.password_empty", "密码不能为空"),
    ({"username": "  ", "password": "pw-123456", "role": "agent"}, "store.username_empty", "用户名不能为空"),
    ({"username": "new", "password": "1", "role": "agent"}, "store.password_short", "至少需要 8 个字符"),
    ({"username": "new", "password": "12345678", "role": "agent"}, "store.password_one_kind", "不能只由一类字符"),
])
def test_bad_new_user_raises_input_error_in_chinese(store, kwargs, key, fragment):
    store.add_user("dup", "pw-123456", role="agent")
    with pytest.raises(InputError) as caught:
        args = dict(kwargs)
        store.add_user(args.pop("username"), args.pop("password"), **args)
    assert caught.value.key == key
    assert fragment in caught.value.message()
    assert len(store.list_users()) == 1


def test_list_users_filters_by_role_and_team(store):
    a = store.add_user("a", "pw-123456", role="agent", team="一组")
    b = store.add_user("b", "pw-123456", role="agent", team="二组")
    s = store.add_user("s", "pw-123456", role="supervisor", team="一组")
    assert store.list_users() == [a, b, s]
    assert store.list_users(role="agent") == [a, b]
    assert store.list_users(team="一组") == [a, s]
    assert store.list_users(role="agent", team="二组") == [b]
    assert store.list_users(role="admin") == []


def test_hash_is_upgraded_when_argon2_parameters_change(sqlite_url):
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    old = Store.open(sqlite_url, hasher=weak)
    old.add_user("zhao", "pw-123456", role="agent")
    old_hash = _hash_of(old, "zhao")
    old.close()
    strong = Store.open(sqlite_url)  # argon2-cffi defaults
    try:
        strong.verify_password("zhao", "pw-123456")
        new_hash = _hash_of(strong, "zhao")
        assert new_hash != old_hash
        assert not PasswordHasher().check_needs_rehash(new_hash)
        assert strong.verify_password("zhao", "pw-123456").username == "zhao"
    finally:
        strong.close()


# -- issue 8 §4 / issue 15: policy, one-time passwords, sessions, ids never reused ---------------

from datetime import timedelta  # noqa: E402

from clientkit.store import passwords  # noqa: E402
from clientkit.store.users import utcnow  # noqa: E402


@pytest.mark.parametrize("password, key", [
    ("", "store.password_empty"),
    ("1", "store.password_short"),
    ("Ab1-xyz", "store.password_short"),  # 7 characters, four kinds
    ("12345678", "store.password_one_kind"),
    ("abcdefgh", "store.password_one_kind"),
    ("ABCDEFGHIJ", "store.password_one_kind"),
    ("密码密码密码密码", "store.password_one_kind"),  # Chinese only: one kind ("other")
    ("abcd1234", None),
    ("ABCDefgh", None),
    ("密码-2026x", None),
    ("pass word", None),  # a space is "other"
])
def test_password_policy(password, key):
    if key is None:
        passwords.check_password(password)
        return
    with pytest.raises(InputError) as caught:
        passwords.check_password(password)
    assert caught.value.key == key
    assert "密码" in caught.value.message()


def test_generated_passwords_pass_the_policy():
    made = {passwords.generate_password() for _ in range(200)}
    assert len(made) == 200
    for password in made:
        passwords.check_password(password)
        assert len(password) == 12


def test_reset_password_is_one_time_and_ends_sessions(store):
    u = store.add_user("wu", "old-pass-1", role="agent")
    assert store.get_user(u.id).must_change_password is False
    sid = store.open_login(u.id, lifetime_s=3600)
    assert store.login_valid(sid, u.id)
    fresh = store.reset_password(u.id)
    passwords.check_password(fresh)
    assert store.get_user(u.id).must_change_password is True
    assert not store.login_valid(sid, u.id)
    with pytest.raises(AuthError):
        store.verify_password("wu", "old-pass-1")
    assert store.verify_password("wu", fresh).must_change_password is True
    # the user chooses a new one: the flag clears, the session that changed it stays
    keep = store.open_login(u.id, lifetime_s=3600)
    other = store.open_login(u.id, lifetime_s=3600)
    store.set_password(u.id, "mine-2026", keep_session=keep)
    assert store.get_user(u.id).must_change_password is False
    assert store.login_valid(keep, u.id) and not store.login_valid(other, u.id)
    assert store.check_password_of(u.id, "mine-2026") and not store.check_password_of(u.id, fresh)


def test_set_password_enforces_the_policy(store):
    u = store.add_user("qian", "old-pass-1", role="agent")
    with pytest.raises(InputError) as caught:
        store.set_password(u.id, "1234")
    assert caught.value.key == "store.password_short"
    assert store.verify_password("qian", "old-pass-1").id == u.id


def test_add_user_can_require_a_change(store):
    u = store.add_user("sun", passwords.generate_password(), role="agent", must_change_password=True)
    assert u.must_change_password is True


def test_login_sessions_are_revoked_expire_and_belong_to_one_user(store):
    a = store.add_user("zhou", "pw-123456", role="agent")
    b = store.add_user("wu2", "pw-123456", role="agent")
    sid = store.open_login(a.id, lifetime_s=60, client="127.0.0.1")
    assert len(sid) == 32
    assert store.get_user(a.id).last_login_at is not None
    assert store.login_valid(sid, a.id)
    assert not store.login_valid(sid, b.id)  # names one account only
    assert not store.login_valid(sid, a.id, now=utcnow() + timedelta(seconds=61))
    assert not store.login_valid("", a.id) and not store.login_valid("nope", a.id)
    store.revoke_login(sid)
    assert not store.login_valid(sid, a.id)


def test_deactivation_revokes_every_session_at_once(store):
    u = store.add_user("zheng", "pw-123456", role="supervisor")
    sids = [store.open_login(u.id, lifetime_s=3600) for _ in range(3)]
    store.set_active(u.id, False)
    assert not any(store.login_valid(s, u.id) for s in sids)
    store.set_active(u.id, True)
    assert not any(store.login_valid(s, u.id) for s in sids)  # reactivation does not revive them


def test_user_ids_are_never_reused(store):
    """A deleted account's id is not handed to the next account (attack test A5)."""
    first = store.add_user("gone", "pw-123456", role="agent")
    with store.engine.begin() as conn:
        conn.execute(users.delete().where(users.c.id == first.id))
    second = store.add_user("newboss", "pw-123456", role="supervisor")
    assert second.id > first.id


def test_migration_0004_keeps_users_and_starts_ids_above_every_used_one(sqlite_url, tmp_path):
    """An instance at 0003 whose highest user (id 3) was deleted by hand with foreign keys off,
    as in attack test A5: after the upgrade the users keep their ids, children their
    references, and the new account gets 4, not the deleted account's 3."""
    import sqlite3

    from alembic import command
    from alembic.config import Config

    from clientkit.store import engine as engines

    eng = engines.make_engine(sqlite_url)
    config = Config()
    config.set_main_option("script_location", str(engines.MIGRATIONS))
    with eng.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0003_attempt_rules_scope")
        now = utcnow()
        for uid, name in ((1, "a"), (2, "b"), (3, "c")):
            conn.execute(sa.text("INSERT INTO users (id, username, display_name, role, team, password_hash, "
                                 "created_at, active) VALUES (:i, :n, :n, 'agent', '', 'x', :t, 1)"),
                         {"i": uid, "n": name, "t": now})
        for task, uid in (("t2", 2), ("t3", 3)):
            conn.execute(sa.text("INSERT INTO open_tasks (task_id, user_id, exercise_id, chapter, mode, seed, "
                                 "started_at, status) VALUES (:k, :u, 'e', 1, 'practice', 0, :t, 'open')"),
                         {"k": task, "u": uid, "t": now})
    eng.dispose()
    raw = sqlite3.connect(tmp_path / "clientkit.db")
    raw.execute("DELETE FROM users WHERE id = 3")  # the sqlite3 shell: foreign keys off
    raw.commit()
    raw.close()
    store = Store.open(sqlite_url)
    try:
        assert [(u.id, u.username, u.must_change_password) for u in store.list_users()] == [
            (1, "a", False), (2, "b", False)]
        with store.engine.connect() as conn:
            ddl = conn.execute(sa.text("SELECT sql FROM sqlite_master WHERE name = 'users'")).scalar_one()
            assert "AUTOINCREMENT" in ddl.upper()
            assert conn.execute(sa.text("SELECT task_id, user_id FROM open_tasks ORDER BY task_id")).all() == [
                ("t2", 2), ("t3", 3)]
        assert store.add_user("d", "pw-123456", role="agent").id == 4
    finally:
        store.close()


def test_long_expired_sessions_are_deleted_at_the_next_sign_in(store):
    from clientkit.store.tables import login_sessions

    u = store.add_user("feng", "pw-123456", role="agent")
    old = store.open_login(u.id, lifetime_s=60, now=utcnow() - timedelta(days=31))
    recent = store.open_login(u.id, lifetime_s=60, now=utcnow() - timedelta(days=29))
    store.open_login(u.id, lifetime_s=60)
    with store.engine.connect() as conn:
        ids = set(conn.execute(sa.select(login_sessions.c.id)).scalars())
    assert old not in ids and recent in ids and len(ids) == 2
