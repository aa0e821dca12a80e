"""clientkit.auth: signed session tokens, the cookie header, role checks."""
import os
import stat
from types import SimpleNamespace

import pytest

from clientkit import auth
from clientkit.errors import AuthError, PermissionDenied

KEY = b"k" * 64
AGENT = SimpleNamespace(id=7, role="agent", username="agent1", active=True)


def test_round_trip_gives_the_claims():
    token = auth.issue_token(AGENT, session_id="s1", now=1_000, key=KEY)
    assert auth.verify_token(token, now=1_001, key=KEY) == {
        "session_id": "s1", "user_id": 7, "role": "agent", "exp": 1_000 + 12 * 3600}


def test_expired_token_is_refused():
    token = auth.issue_token(AGENT, lifetime_s=60, now=1_000, key=KEY)
    assert auth.verify_token(token, now=1_059, key=KEY)["user_id"] == 7
    with pytest.raises(AuthError) as err:
        auth.verify_token(token, now=1_060, key=KEY)
    assert err.value.key == "error.token"


def test_other_secret_is_refused():
    token = auth.issue_token(AGENT, now=1_000, key=KEY)
    with pytest.raises(AuthError):
        auth.verify_token(token, now=1_001, key=b"x" * 64)


def test_edited_role_is_refused():
    """Swap the payload for one claiming supervisor but keep the old signature."""
    token = auth.issue_token(AGENT, now=1_000, key=KEY)
    forged_payload = auth.issue_token(SimpleNamespace(id=7, role="supervisor"), now=1_000,
                                      key=b"attacker" * 8).split(".")[0]
    forged = forged_payload + "." + token.split(".")[1]
    with pytest.raises(AuthError):
        auth.verify_token(forged, now=1_001, key=KEY)


@pytest.mark.parametrize("token", [None, "", "abc", "a.b.c", "not-base64!.sig", "e30.e30"])
def test_malformed_tokens_are_refused(token):
    with pytest.raises(AuthError):
        auth.verify_token(token, now=1_000, key=KEY)


def test_secret_is_created_once_with_mode_600(tmp_path):
    path = tmp_path / "secret.key"
    first = auth.secret(path)
    assert len(first) == 64
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert auth.secret(path) == first


@pytest.mark.parametrize("header, expected", [
    ("clientkit_session=abc.def", "abc.def"),
    ("_xsrf=2|x|y|z; clientkit_session=abc.def; other=1", "abc.def"),
    ("other=1", None),
    ("", None),
    (None, None),
])
def test_token_from_cookie_header(header, expected):
    assert auth.token_from_cookie_header(header) == expected


class FakeStore:
    """Users by id and live sessions as ``{session_id: user_id}``."""

    def __init__(self, *users, sessions=None):
        self.users = {u.id: u for u in users}
        self.sessions = {"s1": 7} if sessions is None else sessions

    def get_user(self, user_id):
        return self.users.get(user_id)

    def login_valid(self, session_id, user_id):
        return self.sessions.get(session_id) == user_id

    def open_login(self, user_id, *, lifetime_s, client=""):
        sid = f"s{len(self.sessions) + 1}"
        self.sessions[sid] = user_id
        return sid


def test_current_user_reads_the_cookie_and_the_store(monkeypatch, tmp_path):
    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path))
    monkeypatch.setenv("HTTP_COOKIE", f"x=1; clientkit_session={auth.issue_token(AGENT, session_id='s1')}")
    assert auth.current_user(FakeStore(AGENT)) is AGENT


def test_a_token_counts_only_with_its_live_server_session(monkeypatch, tmp_path):
    """Logout/deactivation revoke the session record; a token without one, or naming another
    user's session, is refused although its signature is right (attack tests A5, A6)."""
    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path))
    store = FakeStore(AGENT, SimpleNamespace(id=8, role="supervisor", active=True), sessions={})
    token = auth.sign_in(store, AGENT)
    monkeypatch.setenv("HTTP_COOKIE", f"clientkit_session={token}")
    assert auth.current_user(store) is AGENT
    store.sessions.clear()  # logout
    with pytest.raises(AuthError):
        auth.current_user(store)
    store.sessions["s9"] = 8  # someone else's live session id in a token for uid 7
    monkeypatch.setenv("HTTP_COOKIE", f"clientkit_session={auth.issue_token(AGENT, session_id='s9')}")
    with pytest.raises(AuthError):
        auth.current_user(store)
    monkeypatch.setenv("HTTP_COOKIE", f"clientkit_session={auth.issue_token(AGENT)}")  # no session id
    with pytest.raises(AuthError):
        auth.current_user(store)


def test_current_user_refuses_a_deactivated_user(monkeypatch, tmp_path):
    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path))
    monkeypatch.setenv("HTTP_COOKIE", f"clientkit_session={auth.issue_token(AGENT, session_id='s1')}")
    gone = SimpleNamespace(id=7, role="agent", username="agent1", active=False)
    with pytest.raises(AuthError):
        auth.current_user(FakeStore(gone))
    with pytest.raises(AuthError):
        auth.current_user(FakeStore())


def test_current_user_without_cookie(monkeypatch, tmp_path):
    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path))
    monkeypatch.delenv("HTTP_COOKIE", raising=False)
    with pytest.raises(AuthError):
        auth.current_user(FakeStore(AGENT))


def test_require_role_names_the_role_in_chinese():
    auth.require_role(AGENT, "agent", "admin")
    with pytest.raises(PermissionDenied) as err:
        auth.require_role(AGENT, "supervisor", "admin")
    assert err.value.context == {"role": "业务员"}
    assert "业务员" in err.value.message()
