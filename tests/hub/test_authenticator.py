"""clientkit.hub without a running hub: StoreAuthenticator, the post-auth hook for LDAP/OAuth,
and the hub identity of a single-user server (issue 12)."""
from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

pytest.importorskip("jupyterhub")

from tornado.web import HTTPError  # noqa: E402

from clientkit.errors import AuthError  # noqa: E402
from clientkit.hub import identity  # noqa: E402
from clientkit.hub.authenticator import StoreAuthenticator, store_post_auth_hook  # noqa: E402
from clientkit.store import Store  # noqa: E402

PASSWORD = "Hub-unit-2026"


@pytest.fixture
def store_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setenv("CLIENTKIT_DB_URL", url)
    monkeypatch.setattr("clientkit.serve.handlers.FAILED_LOGIN_DELAY_S", 0.0)
    with Store.open(url) as store:
        store.add_user("li", PASSWORD, role="agent", team="一组", display_name="李四")
        store.add_user("root", PASSWORD, role="admin", display_name="管理员甲")
        gone = store.add_user("gone", PASSWORD, role="agent")
        store.set_active(gone.id, False)
    return url


def handler(address="10.1.1.1"):
    return SimpleNamespace(request=SimpleNamespace(remote_ip=address))


def sign_in(auth, username, password, address="10.1.1.1"):
    return asyncio.run(auth.authenticate(handler(address), {"username": username, "password": password}))


def test_right_password_gives_the_role_as_group_and_auth_state(store_url):
    auth = StoreAuthenticator(db_url=store_url)
    got = sign_in(auth, " li ", PASSWORD)
    assert got["name"] == "li" and got["groups"] == ["clientkit-agent"]
    assert got["auth_state"]["clientkit_role"] == "agent" and got["auth_state"]["clientkit_team"] == "一组"
    assert got["admin"] is None  # the hub's own admin_users decide


def test_store_admins_are_hub_admins_only_when_configured(store_url):
    assert sign_in(StoreAuthenticator(db_url=store_url), "root", PASSWORD)["admin"] is None
    assert sign_in(StoreAuthenticator(db_url=store_url, admin_from_store=True), "root", PASSWORD)["admin"] is True
    assert sign_in(StoreAuthenticator(db_url=store_url, admin_from_store=True), "li", PASSWORD)["admin"] is False


def test_wrong_password_unknown_and_deactivated_users_are_refused(store_url):
    auth = StoreAuthenticator(db_url=store_url)
    assert sign_in(auth, "li", "Wrong-pass-1") is None
    assert sign_in(auth, "nobody", PASSWORD) is None
    assert sign_in(auth, "gone", PASSWORD) is None  # right password, deactivated account
    assert sign_in(auth, "li", "") is None


def test_the_throttle_locks_an_account_after_five_failures_before_hashing(store_url):
    auth = StoreAuthenticator(db_url=store_url)
    for _ in range(5):
        assert sign_in(auth, "li", "Wrong-pass-1") is None
    calls = []
    auth.store.verify_password = lambda *a: calls.append(a)
    with pytest.raises(HTTPError) as refused:
        sign_in(auth, "li", PASSWORD)
    assert refused.value.status_code == 429 and calls == []
    # another account from another address is not affected
    del auth.store.verify_password
    assert sign_in(auth, "root", PASSWORD, address="10.2.2.2")["name"] == "root"


def test_refresh_signs_out_a_user_deactivated_in_the_store(store_url):
    auth = StoreAuthenticator(db_url=store_url, manage_groups=True)
    hub_user = SimpleNamespace(name="li")
    assert asyncio.run(auth.refresh_user(hub_user)) == {"groups": ["clientkit-agent"]}
    with Store.open(store_url) as store:
        store.set_active(store.find_user("li").id, False)
    assert asyncio.run(auth.refresh_user(hub_user)) is False


def test_post_auth_hook_creates_unknown_users_as_agents_and_refuses_deactivated(store_url):
    ldap = SimpleNamespace()
    got = store_post_auth_hook(ldap, None, {"name": "wang", "auth_state": {"displayName": [b"\xe7\x8e\x8b\xe4\xba\x94"]}})
    assert got["groups"] == ["clientkit-agent"] and got["auth_state"]["clientkit_role"] == "agent"
    with Store.open(store_url) as store:
        wang = store.find_user("wang")
        assert (wang.role, wang.display_name, wang.team, wang.active) == ("agent", "王五", "", True)
    # a known user keeps the store's role; a deactivated one is refused although LDAP said yes
    assert store_post_auth_hook(ldap, None, {"name": "root"})["groups"] == ["clientkit-admin"]
    assert store_post_auth_hook(ldap, None, {"name": "gone"}) is None


def test_hub_identity_needs_the_switch_and_an_active_store_user(store_url):
    with Store.open(store_url) as store:
        assert identity.hub_user(store, {"CLIENTKIT_IDENTITY": "hub", "JUPYTERHUB_USER": "li"}).display_name == "李四"
        for env in ({"JUPYTERHUB_USER": "li"},                                 # no switch: not trusted
                    {"CLIENTKIT_IDENTITY": "hub"},                              # no hub user
                    {"CLIENTKIT_IDENTITY": "hub", "JUPYTERHUB_USER": "gone"},   # deactivated
                    {"CLIENTKIT_IDENTITY": "hub", "JUPYTERHUB_USER": "nobody"}):
            with pytest.raises(AuthError):
                identity.hub_user(store, env)
    assert identity.hub_url("logout", {"JUPYTERHUB_BASE_URL": "/ck/"}) == "/ck/hub/logout"


def test_service_for_request_in_hub_mode_is_the_hub_user_and_rechecks(store_url, monkeypatch):
    from clientkit.service import Service

    monkeypatch.delenv("HTTP_COOKIE", raising=False)
    monkeypatch.setenv("CLIENTKIT_IDENTITY", "hub")
    monkeypatch.setenv("JUPYTERHUB_USER", "li")
    service = Service.for_request()
    assert service.user.username == "li"
    service.store.set_active(service.user.id, False)
    with pytest.raises(AuthError):
        service.recheck()
    monkeypatch.delenv("CLIENTKIT_IDENTITY")  # without the switch the cookie rules again
    with pytest.raises(AuthError):
        Service.for_request()


def test_an_initial_password_signs_in_and_the_server_asks_for_a_new_one(store_url):
    with Store.open(store_url) as store:
        store.add_user("xin", PASSWORD, role="agent", must_change_password=True)
    auth = StoreAuthenticator(db_url=store_url)
    assert sign_in(auth, "xin", "Wrong-pass-1") is None
    signed = sign_in(auth, "xin", PASSWORD)  # the single-user server sends it to 修改密码
    assert signed["name"] == "xin" and signed["groups"] == ["clientkit-agent"]
