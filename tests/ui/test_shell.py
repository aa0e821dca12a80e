"""The one app (issue 11): the view registry matches the notebooks, a switch keeps what was
entered, 首页 is current again on return, and every view's roles are checked in Python at
every switch whatever the browser sends."""
import nbformat
import pytest

from clientkit.config import REPO_ROOT
from clientkit.serve import guard
from clientkit.service import Service
from clientkit.ui.shell import Shell
from clientkit.ui.views import VIEWS, find, routes

NOTEBOOKS = REPO_ROOT / "notebooks"


def _text(widget) -> str:
    value = getattr(widget, "value", "")
    return (value if isinstance(value, str) else "") + "".join(_text(c) for c in getattr(widget, "children", ()))


def test_every_notebook_is_one_view_and_calls_the_app_at_it():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(routes().values())
    assert len(set(routes())) == len(VIEWS) == 15
    for view in VIEWS:
        nb = nbformat.read(NOTEBOOKS / view.notebook, as_version=4)
        code = [c.source for c in nb.cells if c.cell_type == "code"]
        assert code == [f'from clientkit.ui import app\n\napp("{view.id}")'], view.notebook
        # the sign-in guard refuses the page before a kernel starts, with the same roles
        assert guard.notebook_roles(nb) == view.roles, view.notebook


@pytest.mark.parametrize("value", ["ch09", "CH01", "../index", "", None, 1, "constructor", "__proto__"])
def test_anything_but_a_view_id_is_no_view(value):
    assert find(value) is None


def test_the_roles_of_the_views():
    assert find("ch03").args == (3,) and find("ch03").notebook == "ch03_relationship.ipynb"
    assert [v.id for v in VIEWS if v.roles] == ["review", "dashboard", "trainer", "items"]
    assert find("items").allows("trainer") and find("items").allows("supervisor") and not find("items").allows("agent")
    assert find("dashboard").allows("supervisor") and not find("dashboard").allows("trainer")
    assert find("trainer").allows("admin") and not find("trainer").allows("agent")
    assert find("checkup").allows("agent")


def test_a_switch_keeps_what_was_entered_and_builds_each_view_once(svc):
    shell = Shell("home", service=svc)
    assert shell.current == "home" and shell.router.view == "home" and shell.router.shown == "home"
    header = shell.apps["home"].page.header.value
    assert '<a href="index.ipynb" aria-current="page"' in header and header.count('aria-current="page"') == 1
    shell.router.view = "ch01"  # what a click on 第1章 sends
    chapter = shell.apps["ch01"]
    chapter.tabs.selected_index = 1
    chapter.practice_new.click()
    first = next(iter(chapter.practice_form.inputs.values()))
    box = first.children[0] if hasattr(first, "children") else first
    picked = box.options[0][1] if hasattr(box, "options") else True
    box.value = picked
    shell.router.view = "ch03"
    assert shell.boxes["ch01"].layout.display == "none" and shell.boxes["ch03"].layout.display is None
    shell.router.view = "progress"
    shell.router.view = "ch01"  # back
    assert shell.apps["ch01"] is chapter and chapter.tabs.selected_index == 1
    assert box.value == picked
    assert [b.layout.display for b in shell.boxes.values()] == ["none", None, "none", "none"]
    assert list(shell.boxes) == ["home", "ch01", "ch03", "progress"]


def test_home_is_current_again_after_practising_in_the_same_visit(svc):
    shell = Shell("home", service=svc)
    assert "还没有记录" in shell.apps["home"].history.value
    shell.router.view = "ch01"
    chapter = shell.apps["ch01"]
    chapter.practice_new.click()
    chapter.practice_submit.click()
    shell.router.view = "home"
    history = shell.apps["home"].history.value
    assert "还没有记录" not in history and "第1章" in history and "练习" in history
    assert len(shell.apps["home"].past.options) == 1


def test_a_forged_view_leaves_the_current_one(svc):
    shell = Shell("ch02", service=svc)
    shell.router.view = "../../etc/passwd"
    assert shell.current == "ch02" and shell.router.view == "ch02" and list(shell.boxes) == ["ch02"]
    assert Shell("nonsense", service=svc).current == "home"


@pytest.mark.parametrize("role, allowed", [
    ("agent", set()), ("supervisor", {"review", "dashboard"}), ("trainer", {"trainer"}),
    ("admin", {"review", "dashboard", "trainer"}),
])
def test_role_views_open_only_for_their_roles(svc, role, allowed):
    user = svc.store.add_user(f"shell_{role}", "pw-shell-Role1", role=role, team="一组", display_name=f"壳{role}")
    shell = Shell("home", service=Service(svc.store, user))
    for view_id in ("review", "dashboard", "trainer"):
        shell.router.view = view_id  # the browser can send any view id
        text = _text(shell.boxes[view_id])
        if view_id in allowed:
            assert view_id in shell.apps and "无权访问" not in text
        else:
            assert view_id not in shell.apps and "无权访问" in text and "<table" not in text
            assert 'href="index.ipynb"' in text  # 首页, a link the app switches to


def test_a_deactivated_user_keeps_nothing_on_the_page(svc):
    sup = svc.store.add_user("shell_sup", "pw-shell-Sup1", role="supervisor", team="一组", display_name="壳主管")
    shell = Shell("dashboard", service=Service(svc.store, sup))
    shell.router.view = "ch01"
    assert set(shell.apps) == {"dashboard", "ch01"}
    svc.store.set_active(sup.id, False)
    shell.router.view = "dashboard"  # even a view built before
    assert shell.apps == {}
    assert "前往登录" in _text(shell.boxes["dashboard"]) and "<table" not in _text(shell.widget)
    assert _text(shell.boxes["ch01"]) == ""


def test_not_signed_in_gives_the_sign_in_link(monkeypatch):
    monkeypatch.delenv("HTTP_COOKIE", raising=False)
    shell = Shell("ch01")
    assert shell.apps == {} and "前往登录" in _text(shell.widget)


def test_a_link_about_to_be_clicked_warms_its_view_once(svc, monkeypatch):
    import threading

    from clientkit.ui import shell as shell_module

    asked = []
    monkeypatch.setattr(shell_module, "_import", asked.append)
    shell = Shell("home", service=svc)
    for value in ("progress", "progress", "home", "nonsense", "dashboard"):
        shell.router.warm = value  # what the browser sends on pointer-over / focus
    for thread in threading.enumerate():
        if thread.name == "clientkit-warm":
            thread.join(timeout=5)
    assert sorted(asked) == [("clientkit.ui.dashboard", "plotly.graph_objects"),
                             ("clientkit.ui.progress", "plotly.graph_objects")]
    assert "progress" not in shell.apps  # only imports: nothing is built or shown
