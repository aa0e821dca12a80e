"""The hub's own pages a user meets are Chinese (clientkit/hub/templates): rendered with the
same loader JupyterHub builds from ``c.JupyterHub.template_paths`` (ours first, the stock
templates after and as ``templates/…``), no hub needed."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
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
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_page_has_no_english_words(name):
    html = environment().get_template(name).render(**COMMON, **PAGES[name])
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
