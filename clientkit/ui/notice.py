"""A message area that is placed next to the controls whose messages it shows, and that
scrolls itself into view when a message appears (issue 10: a blank item or a bad number must
not be reported at the top of a long page while the user is at the submit button).

Voila runs no script from an HTML output, so the scrolling is a few lines of JavaScript in an
anywidget (like :mod:`clientkit.ui.upload_button`; no build step, no CDN). ``seq`` grows with
every message, so the same message shown twice scrolls again. The element only moves as far as
needed (``block: "nearest"``): a message already on screen does not jump the page.
"""
from __future__ import annotations

import logging

import anywidget
import traitlets

from clientkit.i18n import t

log = logging.getLogger("clientkit.ui")

_ESM = r"""
function render({ model, el }) {
  el.classList.add("ck-notice");
  el.setAttribute("aria-live", "polite");
  const draw = () => { el.innerHTML = model.get("value"); };
  draw();
  model.on("change:value", draw);
  model.on("change:seq", () => {
    draw();
    if (!el.textContent.trim()) return;
    requestAnimationFrame(() => el.scrollIntoView({ block: "nearest", inline: "nearest" }));
  });
}
export default { render };
"""


def error_text(exc: Exception) -> str:
    """An exception as the Chinese sentence a user may see (never a class name or traceback)."""
    from clientkit.errors import ClientkitError

    if isinstance(exc, ClientkitError):
        return exc.message()
    log.exception("unexpected error in an app callback", exc_info=exc)
    return t("error.unexpected")


class Notice(anywidget.AnyWidget):
    """``show(kind, text)`` / ``clear()`` / ``error(exc)``; ``value`` is the panel's HTML
    (already escaped by :func:`clientkit.ui.html.panel`)."""

    _esm = _ESM
    value = traitlets.Unicode("").tag(sync=True)
    seq = traitlets.Int(0).tag(sync=True)

    def show(self, kind: str, text: str, title: str | None = None) -> None:
        from clientkit.ui import html

        with self.hold_sync():
            self.value = html.panel(kind, text, title)
            self.seq += 1

    def clear(self) -> None:
        self.value = ""

    def error(self, exc: Exception) -> None:
        self.show("error", error_text(exc))
