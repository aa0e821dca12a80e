"""clientkit's Voila application: our template, sign-in routes, the gate and kernel culling.

Settings chosen here (DESIGN.md "Serving"; STACK-NOTES.md for the measured Voila behaviour):

- template ``clientkit`` (Chinese loading texts, ``lang="zh-CN"``, no CDN); ``?theme=`` and
  ``?template=`` overrides off; tracebacks hidden (a Chinese panel shows instead);
- ``prelaunch_hook`` = :func:`clientkit.serve.guard.prelaunch_hook` (so no preheated kernels:
  Voila refuses to combine them); the ``Cookie`` header is passed to the kernel as
  ``HTTP_COOKIE`` for :func:`clientkit.auth.current_user`;
- at most :data:`clientkit.serve.kernels.KERNELS_PER_USER` kernels per user (``kernels_per_user``);
- :data:`clientkit.serve.pool.POOL_SIZE` warm kernels with no user kept ready (``kernel_pool``);
  a kernel whose browser connection closed is shut down after
  :data:`clientkit.serve.pool.DISCONNECTED_GRACE_S` (a closed tab), and the shutdown beacon works;
- idle kernels culled: a kernel with no activity for :data:`CULL_IDLE_S` and no open
  browser connection is shut down (closing a tab does not free it, voila issue #1458).
  ``cull_connected`` stays False so that an agent reading a chapter or sitting a timed
  assessment with the tab open does not lose the page.
"""
from __future__ import annotations

import atexit
import os
from functools import lru_cache
from pathlib import Path

from tornado.ioloop import IOLoop
from traitlets.config import Config
from voila.app import Voila

from clientkit import config as ck_config
from clientkit.i18n import t
from clientkit.serve.guard import STORE_SETTING, prelaunch_hook
from clientkit.serve.handlers import handlers
from clientkit.serve.kernels import KERNELS_PER_USER, OwnedKernelManager, guarded
from clientkit.serve.forking import start_fork_server, stop_fork_server, use_fork_provisioner
from clientkit.serve.lean import quiet_debug_logging, share_template_cache
from clientkit.serve.pool import POOL_SIZE, kernel_launch_env
from clientkit.serve.upload import upload_handlers

SHARE_DIR = Path(__file__).with_name("share") / "jupyter"
TEMPLATE = "clientkit"
CULL_IDLE_S = 900
CULL_INTERVAL_S = 60
# Catalog texts the page template reads (resources.clientkit.<name>).
TEMPLATE_TEXTS = {
    "loading": "serve.loading", "running_cell": "serve.running_cell",
    "reading_cell": "serve.reading_cell", "noscript": "serve.noscript",
    "error_heading": "serve.error.heading", "error_detail": "serve.error.detail",
}


@lru_cache(maxsize=1)
def open_store():
    """The server process's one store (opened on first use)."""
    from clientkit.store import Store

    return Store.open()


def voila_config(host: str = "127.0.0.1", port: int = 8866, open_browser: bool = False,
                 kernels_per_user: int = KERNELS_PER_USER, kernel_pool: int = POOL_SIZE) -> Config:
    """The traitlets configuration clientkit runs Voila with."""
    texts = {name: t(key) for name, key in TEMPLATE_TEXTS.items()}
    cfg = Config()
    cfg.Voila.ip = host
    cfg.Voila.port = port
    cfg.Voila.port_retries = 0
    cfg.Voila.open_browser = open_browser
    cfg.Voila.root_dir = str(ck_config.notebooks_dir().resolve())
    cfg.VoilaConfiguration.template = TEMPLATE
    cfg.VoilaConfiguration.theme = "light"
    cfg.VoilaConfiguration.allow_theme_override = "NO"
    cfg.VoilaConfiguration.allow_template_override = "NO"
    cfg.VoilaConfiguration.show_tracebacks = False
    cfg.VoilaConfiguration.preheat_kernel = False
    cfg.VoilaConfiguration.http_header_envs = ["Cookie"]
    cfg.VoilaConfiguration.prelaunch_hook = prelaunch_hook
    cfg.VoilaConfiguration.resources = {"clientkit": texts}
    cfg.VoilaConfiguration.multi_kernel_manager_class = OwnedKernelManager
    cfg.OwnedKernelManager.max_kernels_per_user = kernels_per_user
    cfg.OwnedKernelManager.pool_size = kernel_pool
    cfg.MappingKernelManager.cull_idle_timeout = CULL_IDLE_S
    cfg.MappingKernelManager.cull_interval = CULL_INTERVAL_S
    cfg.MappingKernelManager.cull_connected = False
    cfg.MappingKernelManager.cull_busy = False
    return cfg


def use_template_dir() -> None:
    """Put clientkit's ``share/jupyter`` first on ``JUPYTER_PATH`` so Voila finds the template."""
    paths = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    if str(SHARE_DIR) not in paths:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([str(SHARE_DIR), *paths])


class ClientkitVoila(Voila):
    """Voila serving ``notebooks/`` with clientkit's sign-in in front of every page."""

    name = "clientkit-serve"

    def init_settings(self) -> dict:
        quiet_debug_logging(self.log, self.log_level)
        share_template_cache()
        settings = super().init_settings()
        settings[STORE_SETTING] = open_store
        # Voila's error pages (error.html, 404.html of our template) read the catalog.
        settings["voila_jinja2_env"].globals["t"] = t
        return settings

    def init_handlers(self) -> list:
        return handlers() + upload_handlers() + guarded(super().init_handlers())

    def listen(self) -> None:
        use_fork_provisioner()
        start_fork_server(kernel_launch_env())
        atexit.register(stop_fork_server)
        # Voila's listen() runs the IO loop: the pool starts filling once it runs.
        IOLoop.current().add_callback(self.kernel_manager.open_pool)
        super().listen()
