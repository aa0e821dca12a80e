"""Session set-up shared by every test, notebooks included.

nbval runs the notebooks in a kernel that inherits this process's environment. So that the
notebooks build their real apps (and not just the "please sign in" panel), the session gets
a temporary instance folder with a signed-in supervisor, whose signed cookie is put where Voila
would put it (``HTTP_COOKIE``, see clientkit.serve).
"""
import os
import tempfile

import pytest

# Files that take minutes (junit times of a full `-n 2` run, 2026-12), longest first: each is
# handed out before the other files of its phase (see pytest_collection_modifyitems).
LONG_FILES = [
    "tests/hub/test_hub.py", "tests/hub/test_hub_admin.py", "tests/ui/test_dashboards.py",
    "tests/browser/test_chapter_flow.py", "tests/browser/test_newcomer.py",
    "tests/browser/test_checkup_upload.py", "tests/browser/test_signin.py",
    "tests/browser/test_class_drill.py", "tests/browser/test_dialogue.py",
    "tests/browser/test_one_app.py", "tests/browser/test_phone_layout.py",
    "tests/browser/test_assessment_flow.py", "tests/browser/test_class_session.py",
    "tests/browser/test_item_analysis.py", "tests/browser/test_leaks.py",
]


def pytest_configure(config):
    if os.environ.get("CLIENTKIT_TEST_SESSION_READY"):
        return
    home = tempfile.mkdtemp(prefix="clientkit-test-")
    os.environ["CLIENTKIT_HOME"] = home
    os.environ.pop("CLIENTKIT_DB_URL", None)
    from clientkit.auth import COOKIE_NAME, sign_in
    from clientkit.store import Store

    store = Store.open()
    user = store.add_user("nb_supervisor", "pw-notebooks-1", role="supervisor", team="一组", display_name="笔记本主管")
    token = sign_in(store, user)  # a live server-side session, as the sign-in form makes
    store.close()
    os.environ["HTTP_COOKIE"] = f"{COOKIE_NAME}={token}"
    os.environ["CLIENTKIT_TEST_SESSION_READY"] = "1"


def _file(item) -> str:
    return item.nodeid.split("::", 1)[0]


def pytest_collection_modifyitems(config, items):
    """Whole files in two phases, each file's tests in their own order: first every file without
    browser tests, then the browser files. Playwright's sync API keeps an event loop running in
    this thread while tests/browser's session fixture is alive, which tornado's test cases (and
    the hub tests' own Playwright) cannot share. Within a phase the longest files go first
    (:data:`LONG_FILES`), so that under xdist the last file a worker gets is a short one."""
    first = {}
    for index, item in enumerate(items):
        first.setdefault(_file(item), index)
    browser = {_file(item) for item in items if item.get_closest_marker("browser") is not None}

    def order(pair):
        index, item = pair
        name = _file(item)
        rank = LONG_FILES.index(name) if name in LONG_FILES else len(LONG_FILES)
        return name in browser, rank, first[name], index

    items[:] = [item for _, item in sorted(enumerate(items), key=order)]


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Under pytest-xdist (``-n``, pyproject's addopts): whole files to a worker (nbval's cells
    share one kernel; a module's fixtures start a server once) in the order above, whatever
    ``--dist`` says. xdist would otherwise reorder the files by their number of tests, and a
    worker could start Playwright before one of its tornado files."""
    from xdist.scheduler import LoadFileScheduling

    config.option.loadscopereorder = False
    return LoadFileScheduling(config, log)


def pytest_unconfigure(config):
    """A child process a test left running must not keep the run from ending: Python joins
    non-daemon multiprocessing children at exit, and CI waits for that forever. Name and end them."""
    import multiprocessing

    for child in multiprocessing.active_children():
        print(f"\nconftest: a test left process {child.pid} ({child.name}) running; killed", flush=True)
        child.kill()
        child.join(5)
