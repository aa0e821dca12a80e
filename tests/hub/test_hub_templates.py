"""The hub's own pages a user meets are Chinese (clientkit/hub/templates): rendered with the
same loader JupyterHub builds from ``c.JupyterHub.template_paths`` (ours first, the stock
templates after and as ``templates/…``), no hub needed."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from datetime import datetime
from types import SimpleNamespace

import pytest

jupyterhub = pytest.importorskip("jupyterhub")

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader  # noqa: E402

OURS = Path(__file__).resolve().parents[2] / "clientkit" / "hub" / "templates"


def stock_dir() -> str:
    from jupyterhub.app import JupyterHub

    return JupyterHub()._template_paths_default()[0]


def environment() -> Environment:
    stock = stock_dir()
    loader = ChoiceLoader([PrefixLoader({"templates": FileSystemLoader([stock])}, "/"),
                           FileSystemLoader([str(OURS), stock])])
    return Environment(loader=loader, autoescape=True)


class Visible(HTMLParser):
    """Text a user can see or hear: element text (not script/noscript/style, not the stock
    error dialog and the menu button's label, which page.html's script rewrites) and alt/title/aria-label/placeholder/value."""

    SKIP = {"script", "noscript", "style", "title"}
    VOID = {"meta", "link", "img", "input", "br", "hr"}

    def __init__(self):
        super().__init__()
        self.words: list[str] = []
        self.skipping = 0  # depth inside a skipped element (0: not skipping)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if not self.skipping:
            if tag in self.SKIP or attrs.get("id") == "error-dialog":  # see REWRITTEN
                self.skipping = 1
                return
            if "navbar-toggler" in (attrs.get("class") or ""):  # aria-label: see REWRITTEN
                self.skipping = 1
                return
            if attrs.get("type") == "hidden":  # a form's field, never shown
                return
            self.words += [attrs[n] for n in ("alt", "title", "aria-label", "placeholder", "value") if attrs.get(n)]
        elif tag not in self.VOID:
            self.skipping += 1

    def handle_endtag(self, tag):
        if self.skipping and tag not in self.VOID:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.words.append(data.strip())


REWRITTEN = ('"展开菜单"', '"出错了"', '"知道了"', '"关闭"')


def english(html: str) -> list[str]:
    parser = Visible()
    parser.feed(html)
    return [w for text in parser.words for w in re.findall(r"[A-Za-z]{2,}", text)]


USER = SimpleNamespace(name="u1", spawner=SimpleNamespace(options_form=None))
COMMON = dict(base_url="/hub/", prefix="/", user=USER, parsed_scopes=set(), services=[],
              logout_url="/hub/logout", login_url="/hub/login", xsrf_token="x", static_url=lambda p, **k: p,
              version_hash="", announcement="", admin_access=False, no_spawner_check=True)
PAGES = {
    "spawn_pending.html": dict(progress_url="/hub/api/users/agent_a/server/progress"),
    "home.html": dict(default_server=SimpleNamespace(active=True), url="/user/agent_a/",
                      allow_named_servers=False),
    "logout.html": {},
    "not_running.html": dict(failed=False, implicit_spawn_seconds=0, spawn_url="/hub/spawn/agent_a",
                             server_name=""),
    "error.html": dict(status_code=500, status_message="Internal Server Error",
                       message="Unhandled error in API request", message_html=""),
    "404.html": dict(status_code=404, status_message="Not Found", message="", message_html=""),
    "token.html": dict(token_expires_in_max_seconds=0, token_expires_in_options_html="<option>Never</option>",
                       api_tokens=[SimpleNamespace(api_id="a1", note="Server at /user/u7/", scopes=["read:users"],
                                                   last_activity=None, created=datetime(2026, 12, 1, 8, 0),
                                                   expires_at=None)],
                       oauth_clients=[{"token_id": "o1", "description": "Server at /user/u7/",
                                       "last_activity": datetime(2026, 12, 3, 9, 30), "created": None,
                                       "tokens": []},
                                      {"token_id": "o2", "description": "Some Service", "last_activity": None,
                                       "created": None, "tokens": []}]),
    "stop_pending.html": dict(progress_url=""),
    "admin.html": dict(api_page_limit=50, server_version="6.1.1",
                       user=SimpleNamespace(name="u1", url="/user/u1/", spawner=USER.spawner)),
    "oauth.html": dict(xsrf="x", allowed_scopes=["access:servers!server=agent_a/"], scope_descriptions=[],
                       oauth_client=SimpleNamespace(description="Server at /user/agent_a/", redirect_uri="/")),
    "accept-share.html": dict(xsrf="x", code="c", owner=SimpleNamespace(name="u2"), spawner_ready=False,
                              spawner=SimpleNamespace(name=""), spawner_url="/user/agent_b/",
                              scope_descriptions=[], next_url="/user/agent_b/"),
}
# the stock pages a signed-in user can reach by URL and clientkit shows in Chinese (all but the
# sign-in page, tested below, and spawn.html: rendered only with an options form, which clientkit has none of)
REACHABLE = {"home.html", "token.html", "admin.html", "spawn_pending.html", "stop_pending.html",
             "not_running.html", "logout.html", "error.html", "404.html", "oauth.html", "accept-share.html"}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_page_has_no_english_words(name):
    html = environment().get_template(name).render(**{**COMMON, **PAGES[name]})
    assert english(html) == [], name
    assert re.search(r"[\u4e00-\u9fff]{4,}", html)
    assert all(text in html for text in REWRITTEN)  # page.html's script for the stock parts


def test_the_stock_page_would_fail_this_check():
    """The check can fail: the stock spawn-pending page shows English words."""
    html = environment().get_template("templates/spawn_pending.html").render(**COMMON, **PAGES["spawn_pending.html"])
    assert {"Your", "server", "Complete"} <= set(english(html))


def test_clientkits_chinese_message_is_shown_and_hubs_english_one_is_not():
    env = environment()
    refusal = "该账号仍在使用管理员发放的初始密码，暂不能登录。"
    html = env.get_template("error.html").render(**COMMON, status_code=403, status_message="Forbidden",
                                                 message=refusal, message_html="")
    assert refusal in html and "无权访问" in html
    html = env.get_template("error.html").render(**COMMON, **PAGES["error.html"])
    assert "Unhandled" not in html and "错误代码 500" in html


def test_the_config_puts_these_templates_first():
    config = (Path(__file__).resolve().parents[2] / "deploy" / "jupyterhub" / "jupyterhub_config.py").read_text()
    assert 'c.JupyterHub.template_paths = [str(hub_data / "templates")]' in config
    assert (OURS / "spawn_pending.html").exists() and (OURS / "home.html").exists()


def test_the_sign_in_page_shows_clientkits_refusal_and_hides_the_hubs_english():
    env = environment()
    ctx = dict(COMMON, user=None, authenticator_login_url="/hub/login", xsrf="x", username="",
               custom_html="", login_service="")
    refusal = "该账号仍在使用管理员发放的初始密码，暂不能登录。"
    assert refusal in env.get_template("login.html").render(**ctx, login_error=refusal)
    html = env.get_template("login.html").render(**ctx, login_error="Invalid username or password")
    allowed = {"HTTP", "HTTPS"}  # the insecure-connection warning names the protocol
    assert "用户名或密码不正确" in html and set(english(html)) <= allowed
    html = env.get_template("login.html").render(**ctx, login_error="Login form invalid or expired. Try again.")
    assert "登录页已过期" in html and set(english(html)) <= allowed


def test_every_stock_page_a_signed_in_user_reaches_has_a_chinese_template():
    stock = {p.name for p in Path(stock_dir()).glob("*.html")}
    ours = {p.name for p in OURS.glob("*.html")}
    assert REACHABLE <= ours and REACHABLE <= set(PAGES)  # each checked for English above
    assert stock - ours == {"spawn.html"}, stock - ours  # a new stock page needs a decision here


def test_the_token_page_names_the_users_server_in_chinese_and_writes_times_itself():
    html = environment().get_template("token.html").render(**{**COMMON, **PAGES["token.html"]})
    assert "u7 的学习空间" in html and "其他应用" in html and "Some Service" not in html
    assert "2026-12-03 09:30（协调世界时）" in html and "time-col" not in html  # token.js would write "… ago"
    assert "Never" not in html and "长期有效" in html
    assert html.count("revoke-token-btn") == 2  # the two apps', not the server's own token


def test_the_admin_page_is_not_the_english_react_app():
    html = environment().get_template("admin.html").render(**{**COMMON, **PAGES["admin.html"]})
    assert "admin-react.js" not in html and "服务器管理" in html
    assert 'href="/user/u1/clientkit/users"' in html
