"""Serve the notebooks with Voila, in Chinese, behind clientkit's sign-in (DESIGN.md "Serving").

``run()`` is what ``clientkit serve`` calls; ``python -m clientkit.serve`` does the same.
"""
from __future__ import annotations

import os

__all__ = ["run"]


def run(host: str = "127.0.0.1", port: int = 8866, lan: bool = False,
        open_browser: bool = False, kernels_per_user: int | None = None,
        kernel_pool: int | None = None) -> None:
    """Start Voila on :func:`clientkit.config.notebooks_dir` and block until stopped.

    Args:
        host: the interface to bind (loopback by default: only this computer).
        port: the TCP port; a busy port is an error (no silent fallback to another).
        lan: bind every interface (``0.0.0.0``) so colleagues on the network can connect.
        open_browser: open the start page in the default browser.
        kernels_per_user: most open pages (kernels) per user; None = the default (3).
        kernel_pool: warm kernels kept ready for the next pages; None = the default (2).
    """
    from clientkit.config import pin_home
    from clientkit.serve.app import ClientkitVoila, use_template_dir, voila_config
    from clientkit.serve.kernels import KERNELS_PER_USER
    from clientkit.serve.pool import POOL_SIZE

    import os

    from clientkit.hub.identity import MODE_ENV

    os.environ.pop(MODE_ENV, None)  # this server signs users in itself: never trust JUPYTERHUB_USER
    pin_home()
    from clientkit.store.engine import HEAD_ENV, head_revision

    os.environ[HEAD_ENV] = head_revision()
    from clientkit import NO_PYARROW_ENV

    os.environ.setdefault(NO_PYARROW_ENV, "1")  # the kernels' pandas without pyarrow ("0" keeps it)
    use_template_dir()
    app = ClientkitVoila(config=voila_config("0.0.0.0" if lan else host, port, open_browser,
                                             kernels_per_user or KERNELS_PER_USER,
                                             POOL_SIZE if kernel_pool is None else kernel_pool))
    app.initialize([])
    app.start()
