"""Fixtures of the headless app tests: a service for a signed-in agent on a fresh SQLite store,
and a helper that opens a chapter's tool tab by its title."""
import pytest

from clientkit.service import Service
from clientkit.store import Store


@pytest.fixture
def svc(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'ui.db'}")
    user = store.add_user("agent_ui", "pw-agent-ui-1", role="agent", team="一组", display_name="测试业务员")
    yield Service(store, user)
    store.close()


def open_tool(app, title: str):
    """Select the chapter app's tab ``title`` and return the tool widget built in it."""
    titles = [app.tabs.get_title(i) for i in range(len(app.tabs.children))]
    index = titles.index(title)
    app.tabs.selected_index = index
    return app.tabs.children[index].children[0]
