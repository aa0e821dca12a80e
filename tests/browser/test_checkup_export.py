"""档案体检 of a whole export in Chromium (issue 10), on a laptop and a phone: a zip of a small
generated book, checked on the chosen date, gives exactly its planted defects; then a few table
files chosen at once run only the rules they can judge and list the others as 未检查."""
from __future__ import annotations

import zipfile
from datetime import date

import pytest

from clientkit.generate import generate_book

from .conftest import USERS, login, screenshot

pytestmark = pytest.mark.browser
WIDGETS_READY = 60_000
ON = date(2026, 6, 30)
SIZES = {"1366x768": {"width": 1366, "height": 768}, "390x844": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    """A generated book written as ``clientkit generate --format csv`` does, and its zip."""
    folder = tmp_path_factory.mktemp("export")
    book = generate_book(40, seed=4, defect_rate=0.3, on=ON)
    book.save(folder / "book", fmt="csv")
    archive = folder / "档案导出.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted((folder / "book").iterdir()):
            z.write(path, path.name)
    return book, folder / "book", archive


def _choose(page, *paths) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_text("选择文件").click()
    chooser.value.set_files([str(p) for p in paths])


def _run(page) -> str:
    page.get_by_role("button", name="开始体检").click()
    page.get_by_text("按规则汇总").wait_for(timeout=120_000)
    return page.inner_text("body")


@pytest.mark.parametrize("size", SIZES)
def test_a_zipped_export_gives_its_planted_defects_and_a_partial_one_lists_unchecked_rules(
        app_server, page, export, size):
    book, folder, archive = export
    page.set_viewport_size(SIZES[size])
    login(page, app_server, "agent1", USERS["agent1"][0])
    page.goto(f"{app_server}/voila/render/checkup.ipynb")
    page.get_by_text("开始体检", exact=True).first.wait_for(timeout=WIDGETS_READY)
    day = page.locator("input[type=date]")
    assert day.input_value() == date.today().isoformat()  # the default is shown
    day.fill(ON.isoformat())
    day.dispatch_event("change")

    _choose(page, archive)
    page.get_by_text("已上传：档案导出.zip").first.wait_for(timeout=WIDGETS_READY)
    body = _run(page)
    assert len(book.defects) > 5
    assert f"发现 {len(book.defects)} 处不符合规则" in body
    assert "检查日期：2026-06-30" in body
    assert "consents.csv → 授权同意" in body and "未检查的规则" not in body
    assert page.locator("a.ck-download[download$='.xlsx']").count() == 1
    screenshot(page, f"checkup-zip-{size}")

    _choose(page, folder / "clients.csv", folder / "policies.csv")
    page.get_by_text("已上传：clients.csv、policies.csv").first.wait_for(timeout=WIDGETS_READY)
    assert page.locator(".ck-upload-progress").evaluate("e => e.value") == 100
    body = _run(page)
    assert "clients.csv → 客户" in body and "policies.csv → 保单" in body
    assert "未检查（缺少授权同意表）" in body
    unchecked = page.locator(".ck-unchecked")
    unchecked.scroll_into_view_if_needed()
    box = unchecked.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= SIZES[size]["width"]  # readable on a phone
    screenshot(page, f"checkup-unchecked-{size}")
