"""Shared by the tests that run clientkit's real Voila application under tornado's test server
(test_kernels.py, test_pool.py)."""
from __future__ import annotations

import signal
import tempfile

import tornado.web

from clientkit.serve.guard import STORE_SETTING


def voila_app(test, store, conn_prefix: str, **voila_options) -> tornado.web.Application:
    """ClientkitVoila's settings and routes with ``store`` as the store; sets ``test.store``
    and ``test.km`` (the kernel manager). ``voila_options`` go to ``voila_config``."""
    from clientkit.serve.app import ClientkitVoila, use_template_dir, voila_config

    use_template_dir()
    saved = signal.getsignal(signal.SIGTERM)
    voila = ClientkitVoila(config=voila_config("127.0.0.1", 0, **voila_options))
    voila.initialize([])
    signal.signal(signal.SIGTERM, saved)  # Voila installs its own; keep pytest's
    voila.connection_dir = tempfile.mkdtemp(prefix=conn_prefix)
    settings = voila.init_settings()
    test.store = store
    settings[STORE_SETTING] = lambda: store
    app = tornado.web.Application(**settings)
    app.add_handlers(".*$", voila.init_handlers())
    test.km = voila.kernel_manager
    return app
