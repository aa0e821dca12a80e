"""Session set-up shared by every test, notebooks included.

nbval runs the notebooks in a kernel that inherits this process's environment. So that the
notebooks build their real apps (and not just the "please sign in" panel), the session gets
a temporary instance folder with a signed-in supervisor, whose signed cookie is put where Voila
would put it (``HTTP_COOKIE``, see clientkit.serve).
"""
import os
import tempfile


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


def pytest_collection_modifyitems(config, items):
    """Browser tests last: Playwright's sync API keeps an event loop running in this thread
    while its session fixture is alive, which tornado's test cases cannot share."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
