"""The package carries its content (issue 8 §3): a wheel built from the repository, installed
into a fresh virtual environment outside it, serves the apps with their exercises.

The fresh environment takes its dependencies from this test run's environment (a plain path in
a ``.pth`` file, so none of that environment's own ``.pth`` hooks, e.g. the editable install of
the repository, are active): clientkit itself comes only from the wheel.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml

from .conftest import change_password, free_port, login
from .newcomer import REPO, user_env

pytestmark = pytest.mark.browser


def build_wheel(out: Path) -> Path:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(REPO)],
                   check=True, env=user_env())
    return next(out.glob("clientkit-*.whl"))


def venv_with(wheel: Path, where: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    python = where / "bin" / "python"
    own = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         check=True, capture_output=True, text=True).stdout.strip()
    # the dependencies where they really are (this venv's own, or the one it was seeded from: ./dev)
    deps = Path(yaml.__file__).resolve().parents[1]
    Path(own, "_test_deps.pth").write_text(f"{deps}\n")
    (where / "share").mkdir(exist_ok=True)
    (where / "share" / "jupyter").symlink_to(Path(sys.prefix) / "share" / "jupyter")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    str(wheel)], check=True, env=user_env())
    return where


def test_wheel_contains_the_content(tmp_path):
    names = zipfile.ZipFile(build_wheel(tmp_path)).namelist()
    for folder in ("exercises", "notebooks", "sample_data"):
        shipped = {n.split(f"clientkit/content/{folder}/", 1)[1] for n in names if f"clientkit/content/{folder}/" in n}
        tracked = set(subprocess.run(["git", "ls-files", folder], cwd=REPO, capture_output=True, text=True,
                                     check=True).stdout.split())
        assert {f"{folder}/{n}" for n in shipped} == tracked


def test_installed_wheel_serves_chapter_one(tmp_path, browser):
    env_dir = venv_with(build_wheel(tmp_path / "dist"), tmp_path / "venv")
    work = tmp_path / "somewhere"
    work.mkdir()
    where = subprocess.run([str(env_dir / "bin" / "python"), "-c",
                            "import clientkit, clientkit.config as c; print(clientkit.__file__); print(c.exercises_dir())"],
                           cwd=work, env=user_env(), capture_output=True, text=True, check=True).stdout.split()
    assert all(str(env_dir) in p for p in where), where  # code and content from the wheel, not the repository

    port = free_port()
    proc = subprocess.Popen([str(env_dir / "bin" / "clientkit"), "serve", "--port", str(port)], cwd=work,
                            env=user_env(PYTHONUNBUFFERED="1"), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    try:
        lines = []
        while not any("应用已启动" in line for line in lines):
            line = proc.stdout.readline()
            assert line, "clientkit serve exited:\n" + "".join(lines)
            lines.append(line)
        password = next(line.split("密码 ")[1].strip() for line in lines if "demo_agent" in line)
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        page = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN").new_page()
        page.set_default_timeout(60_000)
        login(page, f"http://127.0.0.1:{port}", "demo_agent", password)
        change_password(page, password, "Wheel-新密码-2026")
        page.get_by_role("heading", name="各章掌握程度").wait_for(timeout=90_000)
        page.goto(f"http://127.0.0.1:{port}/voila/render/ch01_basic.ipynb")
        page.get_by_text("查看样例").first.wait_for(timeout=90_000)
        page.get_by_role("tab", name="练习").click()
        page.get_by_role("button", name="换一题").click()
        page.get_by_text("第 1 题").first.wait_for()
        page.context.close()
        assert (work / "var" / "clientkit.db").is_file()
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
