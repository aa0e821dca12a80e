"""The 题库 tab of the trainer console (issue 14), headless: download, upload with errors, upload
with one change, publish, history; agents and supervisors never get the tab."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from clientkit.practice.content import content
from clientkit.service import Service
from clientkit.ui.trainer import TrainerApp


@pytest.fixture
def trainer(svc, tmp_path, monkeypatch):
    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path / "home"))
    user = svc.store.add_user("trainer_b", "pw-trainer-b1", role="trainer", display_name="培训师乙")
    app = TrainerApp(Service(svc.store, user))
    app._stop.set()
    return app


def _upload(monkeypatch, panel_service, data: bytes, name="题库.xlsx"):
    monkeypatch.setattr(panel_service, "bank_upload", lambda upload_id: (name, data))


def test_download_upload_preview_publish(trainer, monkeypatch):
    import base64
    import re

    from clientkit.ui.bank import BankPanel

    panel = BankPanel(trainer.service, trainer.page)
    panel.chapter.value = 2
    panel.download.click()
    href = re.search(r'href="data:[^;]+;base64,([^"]+)"', panel.link.value).group(1)
    data = base64.b64decode(href)
    assert "题库-第2章-" in panel.link.value
    wb = load_workbook(io.BytesIO(data))
    # an error: the upload is refused with its sheet, row and column, nothing to publish
    wb["单选题"]["L2"] = "F"
    bad = io.BytesIO()
    wb.save(bad)
    _upload(monkeypatch, trainer.service, bad.getvalue())
    panel.upload.upload_id = "u1"
    assert '<td data-label="工作表">单选题</td><td data-label="行">2</td><td data-label="列">答案</td>' in panel.result.value
    assert "答案中的“F”不是本题的选项" in panel.result.value
    assert panel.publish.disabled
    # one change: previewed, then published
    wb = load_workbook(io.BytesIO(data))
    wb["单选题"]["E2"] = "新的题干"
    good = io.BytesIO()
    wb.save(good)
    _upload(monkeypatch, trainer.service, good.getvalue())
    panel.upload.upload_id = "u2"
    assert "修改 1 题" in panel.result.value and "题干" in panel.result.value
    assert not panel.publish.disabled
    before = content().version
    panel.publish.click()
    assert content().version != before
    assert "已发布第2章题库" in trainer.page.message.value
    assert "培训师乙（trainer_b）" in panel.history.value and panel.publish.disabled


def test_the_tab_is_in_the_console_for_trainers(trainer):
    assert [trainer.tabs.get_title(i) for i in range(len(trainer.tabs.children))] == ["课堂", "学习任务", "题库"]


def test_agents_cannot_use_the_bank(svc):
    from clientkit.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        svc.bank_export(1)
    with pytest.raises(PermissionDenied):
        svc.bank_publish(b"")
