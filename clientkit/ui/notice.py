"""Message areas that stay where the user looks. :class:`Notice`: a message area that is placed next to the controls whose messages it shows, and that
scrolls itself into view when a message appears (issue 10: a blank item or a bad number must
not be reported at the top of a long page while the user is at the submit button).
:class:`StickyHTML`: the countdown of a paper, pinned to the top of the screen while the paper
scrolls (CSS ``position: sticky`` cannot work here: every ipywidgets box is its own ``overflow: auto``
container, and ``position: fixed`` neither: Voila's scroller has ``contain: strict``).

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
    const bring = () => el.scrollIntoView({ block: "nearest", inline: "nearest" });
    requestAnimationFrame(bring);
    setTimeout(bring, 250);  // again once the widgets changed with the message (a button shown) are laid out
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


_STICKY_ESM = r"""
function render({ model, el }) {
  el.classList.add("ck-clock");
  const inner = document.createElement("div");
  inner.className = "ck-clock-inner";
  el.append(inner);
  function place() {
    // Voila's page scroller has ``contain: strict``, so ``position: fixed`` would scroll along:
    // the bar is moved down by what has been scrolled past instead, within its own box.
    inner.style.transform = "";
    const r = el.getBoundingClientRect();
    if (!inner.textContent.trim() || el.offsetParent === null || r.top >= 0) return;
    let host = el.parentElement;  // the box holding the paper (the widget's own wrapper is as small as the bar)
    while (host && host.getBoundingClientRect().height < 3 * inner.offsetHeight) host = host.parentElement;
    if (!host) return;
    const box = host.getBoundingClientRect();
    const down = Math.min(-r.top, box.bottom - r.top - inner.offsetHeight);
    if (down > 0) inner.style.transform = "translateY(" + down + "px)";
  }
  const draw = () => { inner.innerHTML = model.get("value"); place(); };
  draw();
  model.on("change:value", draw);
  document.addEventListener("scroll", place, { capture: true, passive: true });
  window.addEventListener("resize", place);
  return () => {
    document.removeEventListener("scroll", place, { capture: true });
    window.removeEventListener("resize", place);
  };
}
export default { render };
"""


class StickyHTML(anywidget.AnyWidget):
    """An HTML area (``value``) that pins itself to the top of the screen once scrolled past."""

    _esm = _STICKY_ESM
    value = traitlets.Unicode("").tag(sync=True)
