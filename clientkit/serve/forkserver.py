"""The fork server: one warm parent that forks the server's kernels (:mod:`clientkit.serve.forking`).

``python -m clientkit.serve.forkserver ADDRESS`` imports what every kernel imports
(:mod:`clientkit.serve.warm`, ipykernel), then listens on the Unix socket ``ADDRESS`` (a folder
only this account can open). Each connection sends one JSON line ``{"argv", "env", "cwd"}``;
the server forks, answers ``{"pid": …}`` once the child is its own process group, and reaps the
child when it ends. The child drops the socket, takes ``env`` as its whole environment, moves to
``cwd``, reseeds the random generators it shares with its siblings and runs
``IPKernelApp`` with ``argv`` (``-f <connection file>``), as ``python -m ipykernel_launcher``
would. The fork server ends when the ``clientkit serve`` that started it has gone.
"""
from __future__ import annotations

import gc
import json
import os
import signal
import socket
import sys
import threading

from setproctitle import getproctitle, setproctitle

PARENT_CHECK_S = 2.0
# What IPKernelApp.initialize imports (measured: 0.1 CPU-s, most of it the debugger's debugpy),
# imported once here instead of in every kernel.
KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell",
                  "ipykernel.debugger", "IPython.core.completerlib", "IPython.core.debugger",
                  "IPython.core.oinspect", "IPython.utils.wildcard", "faulthandler", "sqlite3",
                  "http.server", "tornado.queues", "tornado.locks", "encodings.idna")


def _reap(_signum=None, _frame=None) -> None:
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _reseed() -> None:
    import random

    random.seed()
    if "numpy.random" in sys.modules:
        sys.modules["numpy.random"].seed()
    generator = sys.modules.get("faker.generator")
    if generator is not None:
        generator.random.seed()


def after_kernel_start() -> None:
    """What modules imported before the kernel existed do at import inside a kernel: ipywidgets
    registers its comm targets (``jupyter.widget``, ``jupyter.widget.control``) only when it
    finds a running IPython at import."""
    import ipywidgets

    ipywidgets.register_comm_target()


def _run_kernel(request: dict) -> None:
    """In the child: become the kernel jupyter_client asked for (never returns)."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.setpgid(0, 0)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        os.environ.clear()
        os.environ.update(request["env"])
        if request.get("cwd"):
            os.chdir(request["cwd"])
        _reseed()
        argv = list(request["argv"])
        # ps, top and the tests see the kernel as the command jupyter_client asked for
        setproctitle(" ".join([sys.executable, "-m", "ipykernel_launcher", *argv]))
        # What JPY_PARENT_PID does for a kernel jupyter_client starts itself: ipykernel's parent
        # poller ends the kernel when its parent changes. We are that parent; we end with the
        # server.
        argv.append(f"--IPKernelApp.parent_handle={os.getppid()}")
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        app.initialize(argv)
        after_kernel_start()
        app.start()
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 0
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def read_line(conn: socket.socket) -> bytes:
    """One newline-ended message of the fork protocol (both ends use it).

    Raises:
        OSError: the other end closed before the newline (or did not send in time).
    """
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(65536)
        if not chunk:
            raise OSError("the connection closed mid-message")
        data += chunk
    return data


def _serve_one(conn: socket.socket, listener: socket.socket) -> None:
    conn.settimeout(10)
    request = json.loads(read_line(conn))
    pid = os.fork()
    if pid == 0:
        listener.close()
        conn.close()
        _run_kernel(request)
    try:
        os.setpgid(pid, pid)  # also done by the child: whichever runs first
    except OSError:
        pass  # the child got there first (or has already gone)
    conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")


def warm_up() -> None:
    """Everything a kernel imports before its first page, done once here."""
    if sys.path and (sys.path[0] in ("", os.getcwd())):
        del sys.path[0]  # as ipykernel_launcher does; the kernel puts the cwd back
    # debugpy (ipykernel's debugger) warns about frozen modules at import: not for the server log
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    from clientkit.serve.warm import import_modules  # importing it warms up what a page needs

    for name in import_modules(KERNEL_MODULES):
        print(f"clientkit fork server: cannot import {name}", file=sys.stderr)
    if threading.active_count() > 1:
        print("clientkit fork server: threads started while warming up:",
              [t.name for t in threading.enumerate()], file=sys.stderr)
    gc.collect()
    gc.freeze()  # the collector would otherwise touch (and so copy) every shared page


def main(address: str) -> None:
    setproctitle(getproctitle())  # setproctitle finds argv through environ: before a child clears it
    warm_up()
    signal.signal(signal.SIGCHLD, _reap)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C ends the server, which ends us
    parent = os.getppid()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    temporary = address + ".tmp"
    listener.bind(temporary)
    os.chmod(temporary, 0o600)
    listener.listen(128)
    os.rename(temporary, address)  # the address exists only once it accepts
    listener.settimeout(PARENT_CHECK_S)
    try:
        while os.getppid() == parent:
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                try:
                    _serve_one(conn, listener)
                except (OSError, ValueError) as err:
                    print(f"clientkit fork server: {err}", file=sys.stderr)
    finally:
        listener.close()
        for path in (address, temporary):
            try:
                os.unlink(path)
            except OSError:
                pass


if __name__ == "__main__":
    main(sys.argv[1])
