"""A 自测 opened before a question bank is published from Excel resumes with its own questions
(issue 14: ``open_tasks.content_version``, migration 0009); a new paper uses the new bank."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from clientkit import service
from clientkit.practice import assessment
from clientkit.practice.bank import export_workbook
from clientkit.practice.content import content
from clientkit.service import Service
from clientkit.store import Store


def _all_prompts_edited(chapter: int) -> bytes:
    wb = load_workbook(io.BytesIO(export_workbook(chapter, content())))
    for name in ("单选题", "多选题", "判断题", "数值题", "日期题"):
        ws = wb[name]
        for r in range(2, ws.max_row + 1):
            if ws.cell(r, 5).value:
                ws.cell(r, 5).value = "（新）" + ws.cell(r, 5).value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_an_open_assessment_resumes_from_its_own_content_version(tmp_path, monkeypatch):
    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CLIENTKIT_DB_URL", raising=False)
    store = Store.open()
    try:
        user = store.add_user("agent_r", "pw-agent-r1", role="agent", team="一组")
        opened = Service(store, user).start_assessment(1)
        before = [i.prompt for i in opened.task.items]
        record = store.get_task(opened.task_id)
        assert record["content_version"] == content().version == opened.task.content_version

        done = service.publish_bank(_all_prompts_edited(1), "测试")
        assert content().version == done.version != record["content_version"]
        assert any("（新）" in i.prompt for i in assessment(1, seed=int(record["seed"])).items)

        resumed = Service(store, user).start_assessment(1)  # a reload: a new service, the same paper
        assert resumed.task_id == opened.task_id
        assert [i.prompt for i in resumed.task.items] == before
        assert resumed.task.content_version == record["content_version"]
    finally:
        store.close()
