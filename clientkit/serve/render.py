"""Render clientkit's own HTML pages (sign-in, refusals, errors) in Chinese.

Pages are small Jinja templates in ``serve/html/`` with the catalog's ``t`` as a global and our
own CSS inlined, so a page makes no request to any other host.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from clientkit.i18n import t

HTML_DIR = Path(__file__).with_name("html")


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HTML_DIR), autoescape=True)
    env.globals["t"] = t
    env.globals["css"] = (HTML_DIR / "clientkit.css").read_text(encoding="utf-8")
    return env


def page(name: str, **context) -> str:
    """The HTML of template ``name`` (e.g. ``login.html``) rendered with ``context``."""
    return _env().get_template(name).render(**context)


def message(kind: str, section: str, link: str | None = None, **fmt) -> str:
    """A one-message page from catalog section ``serve.<section>`` (title, heading, detail,
    back); ``kind`` is ``error`` or ``info``; ``fmt`` fills the detail's placeholders."""
    return page(
        "message.html",
        kind=kind,
        title=t(f"serve.{section}.title"),
        heading=t(f"serve.{section}.heading"),
        detail=t(f"serve.{section}.detail", **fmt),
        link=link,
        link_text=t(f"serve.{section}.back") if link else "",
    )
