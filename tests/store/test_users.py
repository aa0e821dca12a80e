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
    made = store.add_user("zhang", "秘密-123", role="agent", team="一组", display_name="张三")
    assert made == User(made.id, "zhang", "张三", "agent", "一组", True)
    assert store.verify_password("zhang", "秘密-123") == made
    assert store.get_user(made.id) == made
    assert store.find_user("zhang") == made
    assert store.find_user("nobody") is None
    assert store.get_user(made.id + 100) is None


def test_password_is_stored_only_as_an_argon2_hash(store):
    store.add_user("li", "plain-text-pw", role="trainer")
    stored = _hash_of(store, "li")
    assert stored.startswith("$argon2id$")
    assert "plain-text-pw" not in stored


@pytest.mark.parametrize("username, password", [("zhang", "wrong"), ("nobody", "秘密-123"), ("zhang", "")])
def test_failed_sign_in_gives_one_chinese_message(store, username, password):
    store.add_user("zhang", "秘密-123", role="agent")
    with pytest.raises(AuthError) as caught:
        store.verify_password(username, password)
    # Same text whether the name or the password was wrong.
    assert caught.value.message() == "登录失败：用户名或密码错误。" == t("error.auth")


def test_deactivated_user_cannot_sign_in(store):
    u = store.add_user("wang", "pw", role="agent")
    store.set_active(u.id, False)
    with pytest.raises(AuthError):
        store.verify_password("wang", "pw")
    assert store.get_user(u.id).active is False


@pytest.mark.parametrize("kwargs, key, fragment", [
    ({"username": "dup", "password": "x", "role": "agent"}, "store.username_taken", "已被使用"),
    ({"username": "new", "password": "x", "role": "boss"}, "store.role_unknown", "角色“boss”无效"),
    ({"username": "new", "password": "", "role": "agent"}, "store.password_empty", "密码不能为空"),
    ({"username": "  ", "password": "x", "role": "agent"}, "store.username_empty", "用户名不能为空"),
])
def test_bad_new_user_raises_input_error_in_chinese(store, kwargs, key, fragment):
    store.add_user("dup", "pw", role="agent")
    with pytest.raises(InputError) as caught:
        args = dict(kwargs)
        store.add_user(args.pop("username"), args.pop("password"), **args)
    assert caught.value.key == key
    assert fragment in caught.value.message()
    assert len(store.list_users()) == 1


def test_list_users_filters_by_role_and_team(store):
    a = store.add_user("a", "pw", role="agent", team="一组")
    b = store.add_user("b", "pw", role="agent", team="二组")
    s = store.add_user("s", "pw", role="supervisor", team="一组")
    assert store.list_users() == [a, b, s]
    assert store.list_users(role="agent") == [a, b]
    assert store.list_users(team="一组") == [a, s]
    assert store.list_users(role="agent", team="二组") == [b]
    assert store.list_users(role="admin") == []


def test_hash_is_upgraded_when_argon2_parameters_change(sqlite_url):
    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    old = Store.open(sqlite_url, hasher=weak)
    old.add_user("zhao", "pw", role="agent")
    old_hash = _hash_of(old, "zhao")
    old.close()
    strong = Store.open(sqlite_url)  # argon2-cffi defaults
    try:
        strong.verify_password("zhao", "pw")
        new_hash = _hash_of(strong, "zhao")
        assert new_hash != old_hash
        assert not PasswordHasher().check_needs_rehash(new_hash)
        assert strong.verify_password("zhao", "pw").username == "zhao"
    finally:
        strong.close()
