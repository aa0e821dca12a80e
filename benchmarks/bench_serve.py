"""Start-up time and memory of ``clientkit serve`` with a real chapter page (prints numbers; not a test).

``.venv/bin/python benchmarks/bench_serve.py [--runs 3]``. Each run starts a fresh
``python -m clientkit.serve`` on a free port with a temporary ``CLIENTKIT_HOME`` (one agent
seeded through the store) and the real ``notebooks/``; an already running headless Chromium
(``/usr/bin/chromium``, the arguments of ``tests/browser/conftest.py``) waits for the port, opens
the sign-in form for ``/voila/render/ch01_basic.ipynb``, signs in and waits until the 学习
tab's 查看样例 button is visible. Times are from ``Popen`` of the server:

- port: the TCP port accepts connections;
- form: the sign-in form is shown;
- usable: 查看样例 is visible (sign-in, kernel start, notebook run, widgets rendered);
- click→usable: from clicking 登录 to the same point;
- click→HTML: from clicking 登录 until the chapter's streamed HTML is complete (Voila sends the
  last byte once the kernel has started and run the notebook; the rest is the browser
  rendering the widgets over the kernel websocket).

Memory: ``VmHWM`` (peak resident set) and ``VmRSS`` from ``/proc/<pid>/status`` of the server
and of the page's kernel (the server's ``ipykernel_launcher`` child), read after 查看样例 was
clicked and its sample shown, plus two seconds.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from server_process import free_port, kernel_pids, server_env, stop, wait_port

CHROMIUM = "/usr/bin/chromium"
# Same as tests/browser/conftest.py CHROMIUM_ARGS.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
CHAPTER = "/voila/render/ch01_basic.ipynb"
USER, PASSWORD = "bench_agent", "bench-密码-Pw1"
TIMEOUT_S = 90




def seed(home: Path) -> None:
    """One agent in the store of instance ``home`` (in a child process: its own environment)."""
    code = ("from clientkit.store import Store; s = Store.open(); "
            f"s.add_user({USER!r}, {PASSWORD!r}, role='agent', team='A组', display_name='测速业务员'); "
            "s.close()")
    subprocess.run([sys.executable, "-c", code], check=True, env=server_env(home))




def proc_status(pid: int) -> dict:
    """``VmHWM`` and ``VmRSS`` of ``pid`` in MB."""
    out = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                out[key] = int(value.split()[0]) / 1024
    return out






def one_run(browser, home: Path) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(home / f"server-{port}.log", "wb")
    t0 = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "clientkit.serve", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=server_env(home))
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    try:
        wait_port(port, proc, TIMEOUT_S)
        t_port = time.monotonic() - t0
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_S * 1000)
        html_done = []
        page.on("requestfinished", lambda request: request.url.endswith(CHAPTER)
                and request.method == "GET" and html_done.append(time.monotonic()))
        page.goto(f"{base}/clientkit/login?next={CHAPTER}")
        page.wait_for_selector("#username")
        t_form = time.monotonic() - t0
        page.fill("#username", USER)
        page.fill("#password", PASSWORD)
        t_click = time.monotonic()
        page.click("button[type=submit]")
        sample = page.get_by_role("button", name="查看样例").first
        sample.wait_for(state="visible")
        t_usable = time.monotonic() - t0
        click_to_usable = time.monotonic() - t_click
        click_to_html = html_done[-1] - t_click if html_done else float("nan")
        sample.click()
        page.get_by_text("样例").nth(1).wait_for()
        time.sleep(2)
        kernels = kernel_pids(proc.pid)
        if len(kernels) != 1:
            raise SystemExit(f"expected one kernel, found {kernels}")
        return {"port": t_port, "form": t_form, "usable": t_usable, "click": click_to_usable,
                "html": click_to_html,
                "server": proc_status(proc.pid), "kernel": proc_status(kernels[0])}
    finally:
        context.close()
        stop(proc, 15)
        log.close()


def machine() -> str:
    cpu = platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next(line.split(":", 1)[1].strip() for line in fh if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    with open("/proc/meminfo", encoding="ascii") as fh:
        mem_gb = int(fh.readline().split()[1]) / 2**20
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    from importlib.metadata import version

    return (f"{os.cpu_count()} vCPU {cpu}, {mem_gb:.1f} GiB RAM, Linux {platform.release()}, "
            f"Python {platform.python_version()}, Voila {version('voila')}, "
            f"ipywidgets {version('ipywidgets')}, {chromium}")


def spread(values: list[float], fmt: str = "{:.2f}") -> str:
    return (f"{fmt.format(min(values))}–{fmt.format(max(values))} "
            f"(median {fmt.format(statistics.median(values))})")


def main(runs: int = 3) -> None:
    from playwright.sync_api import sync_playwright

    print(machine())
    home = Path(tempfile.mkdtemp(prefix="clientkit-bench-serve-"))
    try:
        seed(home)
        results = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for i in range(runs):
                    load = os.getloadavg()[0]
                    r = one_run(browser, home)
                    results.append(r)
                    print(f"run {i + 1} (load average {load:.1f}): port {r['port']:.2f} s, form {r['form']:.2f} s, "
                          f"chapter usable {r['usable']:.2f} s (click→usable {r['click']:.2f} s, "
                          f"of which click→page HTML complete {r['html']:.2f} s); "
                          f"server VmHWM {r['server']['VmHWM']:.0f} MB (RSS {r['server']['VmRSS']:.0f}), "
                          f"kernel VmHWM {r['kernel']['VmHWM']:.0f} MB (RSS {r['kernel']['VmRSS']:.0f})")
            finally:
                browser.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(f"server start → port open: {spread([r['port'] for r in results])} s")
    print(f"server start → sign-in form: {spread([r['form'] for r in results])} s")
    print(f"server start → chapter 1 usable: {spread([r['usable'] for r in results])} s")
    print(f"click 登录 → chapter 1 usable: {spread([r['click'] for r in results])} s")
    print(f"click 登录 → page HTML complete (kernel start + notebook run): "
          f"{spread([r['html'] for r in results])} s")
    print(f"server peak (VmHWM): {spread([r['server']['VmHWM'] for r in results], '{:.0f}')} MB")
    print(f"kernel peak (VmHWM): {spread([r['kernel']['VmHWM'] for r in results], '{:.0f}')} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    main(parser.parse_args().runs)
