"""Access to the new pages from the outside: the notebooks declare their roles for the sign-in
guard (checked before a kernel starts), and inside the kernel the builders re-check the signed
cookie's user; a query string (``QUERY_STRING``) is never read, so editing the URL widens nothing."""
import nbformat
import pytest

from clientkit.auth import COOKIE_NAME, sign_in
from clientkit.config import REPO_ROOT
from clientkit.serve import guard
from clientkit.store import Store
from clientkit.ui import dashboard_app, item_analysis_app, progress_app, trainer_app


@pytest.mark.parametrize("name, roles", [
    ("dashboard.ipynb", ("supervisor", "admin")),
    ("trainer.ipynb", ("trainer", "admin")),
    ("progress.ipynb", ()),
    ("item_analysis.ipynb", ("trainer", "supervisor", "admin")),
])
def test_notebooks_declare_their_roles(name, roles):
    nb = nbformat.read(REPO_ROOT / "notebooks" / name, as_version=4)
    assert guard.notebook_roles(nb) == roles
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


@pytest.fixture
def signed_in(monkeypatch):
    """Sign in as a new user of the session's instance (the root conftest made it)."""
    store = Store.open()

    def as_user(username, role, team="一组", name=None):
        user = store.find_user(username) or store.add_user(username, "pw-" + username, role=role, team=team,
                                                           display_name=name or username)
        monkeypatch.setenv("HTTP_COOKIE", f"{COOKIE_NAME}={sign_in(store, user)}")
        return user

    yield as_user
    store.close()


def test_an_agent_gets_no_dashboard_or_console_whatever_the_query_string(signed_in, monkeypatch):
    signed_in("acc_agent", "agent", name="访问测试业务员")
    monkeypatch.setenv("QUERY_STRING", "team=二组&agent_id=1&role=admin")
    for build in (dashboard_app, trainer_app, item_analysis_app):
        page = build()
        assert "无权访问" in page.value and "<table" not in page.value


def test_a_supervisor_gets_no_trainer_console(signed_in):
    signed_in("acc_sup", "supervisor")
    assert "无权访问" in trainer_app().value


def test_progress_is_always_the_signed_in_users_own(signed_in, monkeypatch):
    signed_in("acc_other", "agent", name="另一位业务员")
    me = signed_in("acc_me", "agent", name="我自己")
    monkeypatch.setenv("QUERY_STRING", "user_id=1")
    page = progress_app()
    text = _text(page)
    assert "我自己" in text and "另一位业务员" not in text
    assert me.username == "acc_me"


def _text(widget) -> str:
    value = getattr(widget, "value", "")
    return (value if isinstance(value, str) else "") + "".join(_text(c) for c in getattr(widget, "children", ()))
