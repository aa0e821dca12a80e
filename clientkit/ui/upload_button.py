"""A file button that streams the chosen file to ``POST /clientkit/upload`` with a progress bar
(:mod:`clientkit.serve.upload`) and hands the kernel only the opaque id of the stored file.

An anywidget: its few lines of JavaScript live here (no build step, no CDN). The browser is
untrusted (STACK-NOTES.md "Voila security"): the kernel never believes ``file_name`` or
``upload_id`` as such, it asks :func:`clientkit.serve.upload.open_upload` for the file of the
signed-in user.
"""
from __future__ import annotations

import anywidget
import traitlets

from clientkit.i18n import t
from clientkit.model.bounded import MAX_FILE_BYTES, human_size

_ESM = r"""
function xsrf() {
  const m = document.cookie.match(/(?:^|;\s*)_xsrf=([^;]*)/);
  return m ? decodeURIComponent(m[1]) : "";
}
function fill(text, name) { return text.split("{name}").join(name); }
function render({ model, el }) {
  const texts = model.get("texts");
  el.classList.add("ck-upload");
  const label = document.createElement("label");
  label.className = "ck-upload-button jupyter-button";
  label.style.cssText = "display:inline-flex;align-items:center;padding:0 12px;height:28px;cursor:pointer;";
  const text = document.createElement("span");
  text.textContent = texts.choose;
  const input = document.createElement("input");
  input.type = "file";
  input.accept = model.get("accept");
  input.style.display = "none";
  label.append(text, input);
  const bar = document.createElement("progress");
  bar.className = "ck-upload-progress";
  bar.max = 100; bar.value = 0; bar.hidden = true;
  bar.style.cssText = "margin:0 8px;width:160px;vertical-align:middle;";
  const status = document.createElement("span");
  status.className = "ck-upload-status";
  const hint = document.createElement("div");
  hint.className = "ck-upload-hint";
  hint.style.cssText = "font-size:12px;color:#666;margin-top:2px;";
  hint.textContent = texts.hint;
  const row = document.createElement("div");
  row.append(label, bar, status);
  el.append(row, hint);
  function fail(message) {
    bar.hidden = true;
    status.textContent = message;
    model.set({ upload_id: "", upload_ids: [], error: message, busy: false });
    model.save_changes();
  }
  input.multiple = model.get("multiple");
  function send(file, done, sent, total) {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", model.get("url"));
    xhr.setRequestHeader("X-XSRFToken", xsrf());
    xhr.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) bar.value = Math.floor((100 * (sent + e.loaded)) / Math.max(total, 1));
    };
    xhr.onload = () => {
      let reply = {};
      try { reply = JSON.parse(xhr.responseText); } catch (e) { reply = {}; }
      if (xhr.status === 200 && reply.id) done(reply);
      else fail(reply.error ? file.name + "：" + reply.error : texts.failed);
    };
    xhr.onerror = () => fail(texts.failed);
    xhr.send(file);
  }
  input.addEventListener("change", () => {
    const files = Array.from(input.files);
    input.value = "";
    if (!files.length) return;
    const names = files.map((f) => f.name).join("、");
    model.set({ upload_id: "", upload_ids: [], file_names: files.map((f) => f.name), file_name: names, error: "", busy: true });
    model.save_changes();
    const big = files.find((f) => f.size > model.get("limit"));
    if (big) { fail(big.name + "：" + texts.too_large); return; }
    const total = files.reduce((n, f) => n + f.size, 0);
    status.textContent = fill(texts.uploading, names);
    bar.hidden = false; bar.value = 0;
    const replies = [];
    let sent = 0;
    function next() {
      if (replies.length === files.length) {
        bar.value = 100;
        const done = replies.map((r) => r.name).join("、");
        status.textContent = fill(texts.done, done);
        model.set({ upload_ids: replies.map((r) => r.id), file_names: replies.map((r) => r.name),
                    upload_id: replies[0].id, file_name: done,
                    file_size: replies.reduce((n, r) => n + r.size, 0), error: "", busy: false });
        model.save_changes();
        return;
      }
      const file = files[replies.length];
      send(file, (reply) => { replies.push(reply); sent += file.size; next(); }, sent, total);
    }
    next();
  });
}
export default { render };
"""


def upload_url(env: dict | None = None) -> str:
    """Where the browser posts: ``/clientkit/upload`` under ``clientkit serve``; under JupyterHub
    the page lives below ``/user/<name>/``, so the owner's server is at that prefix
    (``JUPYTERHUB_SERVICE_PREFIX``, inherited by the kernel from its single-user server)."""
    from clientkit.hub.identity import server_url
    from clientkit.serve.upload import UPLOAD_URL

    return server_url(UPLOAD_URL, env)


class UploadButton(anywidget.AnyWidget):
    """选择文件 + progress bar; ``upload_id`` is set when the server has stored the file,
    ``error`` (Chinese) when the upload failed. With ``multiple`` several files are sent one
    after another (one bar over all of them); ``upload_ids`` / ``file_names`` list them all and
    ``upload_id`` (the first) is set last, when every file is stored."""

    _esm = _ESM
    upload_id = traitlets.Unicode("").tag(sync=True)
    upload_ids = traitlets.List(traitlets.Unicode()).tag(sync=True)
    file_names = traitlets.List(traitlets.Unicode()).tag(sync=True)
    multiple = traitlets.Bool(False).tag(sync=True)
    file_name = traitlets.Unicode("").tag(sync=True)
    file_size = traitlets.Int(0).tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)
    busy = traitlets.Bool(False).tag(sync=True)
    url = traitlets.Unicode().tag(sync=True)
    accept = traitlets.Unicode(".csv,.xlsx,.xls").tag(sync=True)  # 档案体检 adds .zip
    limit = traitlets.Int(MAX_FILE_BYTES).tag(sync=True)
    texts = traitlets.Dict().tag(sync=True)

    @traitlets.default("url")
    def _url_default(self) -> str:
        return upload_url()

    def __init__(self, **kwargs) -> None:
        limit = human_size(MAX_FILE_BYTES)
        kwargs.setdefault("texts", {
            "choose": t("checkup.choose_file"), "hint": t("checkup.upload_hint", limit=limit),
            "uploading": t("checkup.uploading", name="{name}"), "done": t("checkup.uploaded_short", name="{name}"),
            "failed": t("upload.failed"), "too_large": t("upload.too_large", limit=limit),
        })
        super().__init__(**kwargs)
