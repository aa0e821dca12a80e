"""The browser side of the one app: keeps the address bar and the kernel's view in step.

- A click on a link to one of the app's notebooks (``ch03_relationship.ipynb``, ``index.ipynb``…)
  or to a view's fragment (``#ch03``) does not load a page: it asks the kernel for that view and
  puts the view's notebook URL in the history (``pushState``), so the address is a working link.
  Links elsewhere (sign-in, 修改密码, 退出登录, downloads) and ctrl/middle clicks behave as usual.
- Back and forward (``popstate``) and an edited fragment (``hashchange``) switch views inside the
  app instead of leaving it.
- A deep link ``index.ipynb#ch03`` opens 第3章 (the address then becomes ``ch03_relationship.ipynb``).

An anywidget with its few lines of JavaScript here (no build step, no CDN). ``view`` comes from
the browser and is untrusted: :class:`clientkit.ui.shell.Shell` checks it against the view list
and the user's role in Python.
"""
from __future__ import annotations

import anywidget
import traitlets

_ESM = r"""
function render({ model, el }) {
  const routes = model.get("routes");
  const byNotebook = {};
  for (const [id, nb] of Object.entries(routes)) byNotebook[nb] = id;
  el.classList.add("ck-router");
  const note = document.createElement("div");
  note.className = "ck-opening";
  note.setAttribute("role", "status");
  note.textContent = model.get("texts").opening;
  note.hidden = true;
  el.append(note);
  let how = null;  // how the next view change updates the history: push, replace or none

  function folder(path) { return path.replace(/[^/]*$/, ""); }
  function own(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }
  function viewOf(url) {  // the view a URL of this app names, or null
    if (url.origin !== location.origin || folder(url.pathname) !== folder(location.pathname)) return null;
    const notebook = decodeURIComponent(url.pathname.slice(folder(url.pathname).length));
    if (!own(byNotebook, notebook)) return null;
    const hash = decodeURIComponent(url.hash.slice(1));
    return own(routes, hash) ? hash : byNotebook[notebook];
  }
  function addressOf(view) { return new URL(routes[view], location.href).pathname; }
  function closeMenus() {
    for (const box of document.querySelectorAll(".ck-menu-toggle")) box.checked = false;
  }
  function sync() {
    const view = model.get("view");
    const mode = how || "push";
    how = null;
    if (own(routes, view) && mode !== "none" && (viewOf(new URL(location.href)) !== view || location.hash || location.search)) {
      history[mode === "replace" ? "replaceState" : "pushState"]({ ckView: view }, "", addressOf(view));
    }
    note.hidden = model.get("shown") === view;
  }
  let slow = null;  // a kernel culled while the page stayed open never answers: say what to do
  function waiting() {
    note.textContent = model.get("texts").opening;
    note.hidden = false;
    clearTimeout(slow);
    slow = setTimeout(() => { note.textContent = model.get("texts").slow || note.textContent; }, 10000);
  }
  function ask(view, mode) {
    if (!own(routes, view)) return;
    how = mode;
    if (model.get("view") === view) { sync(); return; }
    waiting();
    model.set("view", view);
    model.save_changes();
  }
  function onClick(e) {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target.closest ? e.target.closest("a[href]") : null;
    if (!a || a.hasAttribute("download") || (a.target && a.target !== "_self")) return;
    const view = viewOf(new URL(a.href, location.href));
    if (!view) return;
    e.preventDefault();
    closeMenus();
    ask(view, "push");
  }
  const warmed = new Set();
  function onIntent(e) {  // the pointer or the focus on a link: the kernel imports ahead
    const a = e.target.closest ? e.target.closest("a[href]") : null;
    const view = a ? viewOf(new URL(a.href, location.href)) : null;
    if (!view || warmed.has(view) || view === model.get("view")) return;
    warmed.add(view);
    model.set("warm", view);
    model.save_changes();
  }
  function onHistory() {
    const view = viewOf(new URL(location.href));
    if (view && view !== model.get("view")) ask(view, location.hash ? "replace" : "none");
  }
  model.on("change:view", sync);
  model.on("change:shown", () => {
    note.hidden = model.get("shown") === model.get("view");
    if (note.hidden) clearTimeout(slow);
  });
  document.addEventListener("click", onClick, true);
  for (const kind of ["pointerover", "focusin", "touchstart"]) document.addEventListener(kind, onIntent, { capture: true, passive: true });
  window.addEventListener("popstate", onHistory);
  window.addEventListener("hashchange", onHistory);
  const start = viewOf(new URL(location.href));
  if (start && start !== model.get("view")) ask(start, "replace");
  else { how = "replace"; sync(); }
  return () => {
    document.removeEventListener("click", onClick, true);
    for (const kind of ["pointerover", "focusin", "touchstart"]) document.removeEventListener(kind, onIntent, { capture: true });
    window.removeEventListener("popstate", onHistory);
    window.removeEventListener("hashchange", onHistory);
  };
}
export default { render };
"""


class Router(anywidget.AnyWidget):
    """``view``: the view the browser asks for (set by a link, back/forward or the address);
    ``shown``: the view the kernel has put on screen (the browser hides 正在打开… then);
    ``warm``: a view the user is about to open (pointer or focus on its link)."""

    _esm = _ESM
    view = traitlets.Unicode("").tag(sync=True)
    shown = traitlets.Unicode("").tag(sync=True)
    warm = traitlets.Unicode("").tag(sync=True)
    routes = traitlets.Dict().tag(sync=True)
    texts = traitlets.Dict().tag(sync=True)
