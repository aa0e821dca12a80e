"""An open page loses access at once (attack test A7): the service re-checks the user and the
page's session on every call that reads or exports other people's data."""
import pytest
from argon2 import PasswordHasher

from clientkit.auth import COOKIE_NAME, sign_in
from clientkit.errors import AuthError
from clientkit.service import Service
from clientkit.store import Store

FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path))
    monkeypatch.delenv("CLIENTKIT_DB_URL", raising=False)
    s = Store.open(f"sqlite:///{tmp_path / 'clientkit.db'}", hasher=FAST)
    s.add_user("agent1", "agent-Pw-1", role="agent", team="一组", display_name="业务员甲")
    yield s
    s.close()


def page_service(store, monkeypatch, username, password, role):
    user = store.add_user(username, password, role=role, team="一组")
    monkeypatch.setenv("HTTP_COOKIE", f"{COOKIE_NAME}={sign_in(store, user)}")
    service = Service.for_request()
    service.store.close()
    service.store = store  # the kernel's store; same database
    return service, user


def test_deactivating_a_supervisor_stops_an_open_dashboards_export(store, monkeypatch):
    svc, sup = page_service(store, monkeypatch, "sup1", "sup-Pw-123", "supervisor")
    name, data = svc.export_dashboard("csv", "mastery")
    assert data
    store.set_active(sup.id, False)
    for call in (lambda: svc.export_dashboard("xlsx"), svc.dashboard, lambda: svc.review(1), svc.teams):
        with pytest.raises(AuthError) as caught:
            call()
        assert caught.value.message() == "登录已过期或无效，请重新登录。"


def test_logging_out_elsewhere_stops_the_open_page(store, monkeypatch):
    svc, sup = page_service(store, monkeypatch, "sup2", "sup-Pw-234", "supervisor")
    assert svc.teams() == ["一组"]
    store.revoke_user_logins(sup.id)
    with pytest.raises(AuthError):
        svc.teams()


def test_a_role_change_takes_effect_on_the_open_page(store, monkeypatch):
    from clientkit.errors import PermissionDenied
    from clientkit.store.tables import users

    svc, sup = page_service(store, monkeypatch, "sup3", "sup-Pw-345", "supervisor")
    svc.teams()
    with store.engine.begin() as conn:
        conn.execute(users.update().where(users.c.id == sup.id).values(role="agent"))
    with pytest.raises(PermissionDenied):
        svc.teams()


def test_a_service_built_without_a_session_still_rechecks_the_user(store):
    sup = store.add_user("sup4", "sup-Pw-456", role="supervisor", team="一组")
    svc = Service(store, sup)
    svc.teams()
    store.set_active(sup.id, False)
    with pytest.raises(AuthError):
        svc.teams()
