"""What a kernel of ``clientkit serve`` imports for its first views (issue 11: a kernel weighs
≤ 150 MB after its first view). Memory itself is measured by benchmarks/bench_kernel_rss.py;
these tests pin the causes: a fresh interpreter set up as a pooled kernel is (the server's
environment, :mod:`clientkit.serve.warm`, then the signed-in page's cookie) opens 首页 and then
chapter 1, and the modules only other views need must not have been imported."""
import json
import os
import subprocess
import sys

import pytest

from clientkit import NO_PYARROW_ENV
from clientkit.auth import sign_in
from clientkit.store import Store
from clientkit.store.engine import HEAD_ENV, head_revision

KERNEL = r"""
import json, os, sys
import clientkit.serve.warm
os.environ["HTTP_COOKIE"] = sys.argv[1]  # what the pool's hand-over gives the kernel
from clientkit.ui.shell import Shell

def state(shell):
    return {"apps": sorted(type(a).__name__ for a in shell.apps.values()),
            "modules": sorted(n for n, m in sys.modules.items() if m is not None)}

shell = Shell("home")
home = state(shell)
shell.show("ch01")
print(json.dumps({"home": home, "ch01": state(shell)}))
"""
# Imported only by the views that need them: figures (我的进度, 主管看板), Excel files;
# Alembic only when the schema is not at the head the server found.
NOT_FOR_HOME_OR_CHAPTER = ("plotly", "openpyxl", "alembic", "pyarrow")


def _top(modules: list[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    home = tmp_path_factory.mktemp("kernel-home")
    url = f"sqlite:///{home / 'clientkit.db'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CLIENTKIT_HOME", str(home))  # the session secret is the instance's
        store = Store.open(url)
        user = store.add_user("agent_k", "pw-kernel-1", role="agent", team="一组", display_name="内核测试")
        token = sign_in(store, user)
        store.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HTTP_", "CLIENTKIT_"))}
    env.update({"CLIENTKIT_HOME": str(home), "CLIENTKIT_DB_URL": url, HEAD_ENV: head_revision(),
                NO_PYARROW_ENV: "1"})
    done = subprocess.run([sys.executable, "-c", KERNEL, f"clientkit_session={token}"], env=env,
                          capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_home_and_chapter_1_open_for_the_agent(kernel):
    assert kernel["home"]["apps"] == ["HomeApp"]
    assert kernel["ch01"]["apps"] == ["ChapterApp", "HomeApp"]


@pytest.mark.parametrize("view", ["home", "ch01"])
def test_no_module_of_other_views_is_imported(kernel, view):
    top = _top(kernel[view]["modules"])
    assert {"pandas", "sqlalchemy", "ipywidgets"} <= top  # the measurement is of a real page
    assert top.isdisjoint(NOT_FOR_HOME_OR_CHAPTER), sorted(top & set(NOT_FOR_HOME_OR_CHAPTER))


def test_the_kernels_pandas_keeps_text_without_pyarrow():
    code = ("import clientkit, pandas as pd, sys; "
            "print(pd.StringDtype().storage, pd.Series(['a']).dtype.storage, 'pyarrow' in sys.modules "
            "and sys.modules['pyarrow'] is not None)")
    env = {**os.environ, NO_PYARROW_ENV: "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=120, check=True).stdout.split()
    assert out == ["python", "python", "False"]


def test_a_generated_book_is_the_same_with_or_without_pyarrow(tmp_path):
    """generate.typed builds text columns with pyarrow when it can; a kernel's 练习 generates
    books without it: the tables must be the same, value for value."""
    code = ("import sys, datetime; from clientkit.generate import generate_book; "
            "generate_book(200, seed=7, defect_rate=0.1, on=datetime.date(2026, 6, 30))"
            ".save(sys.argv[1], 'csv')")
    for name, flag in (("arrow", "0"), ("python", "1")):
        subprocess.run([sys.executable, "-c", code, str(tmp_path / name)], check=True, timeout=300,
                       env={**os.environ, NO_PYARROW_ENV: flag})
    files = sorted(p.name for p in (tmp_path / "arrow").iterdir())
    assert len(files) > 10
    for name in files:
        assert (tmp_path / "python" / name).read_bytes() == (tmp_path / "arrow" / name).read_bytes(), name


@pytest.mark.parametrize("given, kernels_get", [(None, "1"), ("0", "0")])
def test_serve_starts_kernels_without_pyarrow_unless_told(monkeypatch, tmp_path, given, kernels_get):
    from clientkit import serve
    from clientkit.serve import app as serve_app

    class FakeVoila:
        def __init__(self, config):
            pass

        def initialize(self, argv):
            pass

        def start(self):
            FakeVoila.seen = os.environ.get(NO_PYARROW_ENV)

    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path))
    for name in (HEAD_ENV, "JUPYTER_PATH"):  # run() sets them too: restored after the test
        monkeypatch.setenv(name, os.environ.get(name, ""))
    if given is None:
        monkeypatch.delenv(NO_PYARROW_ENV, raising=False)
    else:
        monkeypatch.setenv(NO_PYARROW_ENV, given)
    monkeypatch.setattr(serve_app, "ClientkitVoila", FakeVoila)
    serve.run(port=1)
    assert FakeVoila.seen == kernels_get
