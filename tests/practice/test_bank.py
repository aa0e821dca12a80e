"""题库 in Excel (issue 14): the round trip is lossless, every row check names its sheet, row and
column, publishing makes a new content version in the instance folder and old attempts replay
with their own questions."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from clientkit import config, service
from clientkit.errors import ContentError
from clientkit.practice.bank import export_workbook, preview
from clientkit.practice.content import content, released
from clientkit.practice.engine import make_task
from clientkit.practice.task import Task


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CLIENTKIT_DB_URL", raising=False)
    monkeypatch.delenv("CLIENTKIT_EXERCISES", raising=False)
    return tmp_path / "home"


def _edit(data: bytes, edits: dict) -> bytes:
    """``{(sheet, cell): value}`` applied to the workbook ``data``; value None clears, a callable
    gets the workbook."""
    wb = load_workbook(io.BytesIO(data))
    for (sheet, ref), value in edits.items():
        if callable(value):
            value(wb)
        else:
            wb[sheet][ref] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _row_of(data: bytes, sheet: str, qid: str) -> int:
    ws = load_workbook(io.BytesIO(data))[sheet]
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == qid)


@pytest.mark.parametrize("chapter", range(1, 9))
def test_export_then_import_unchanged_is_no_change(home, chapter):
    data = export_workbook(chapter, content())
    result = preview(data, content())
    assert result.ok, [p.text() for p in result.problems]
    assert not result.has_changes
    assert result.summary() == "与当前题库相同，没有改动，不会发布新版本。"


def test_the_workbook_has_a_sheet_per_type_and_chinese_columns(home):
    wb = load_workbook(io.BytesIO(export_workbook(1, content())))
    assert wb.sheetnames == ["说明", "单选题", "多选题", "判断题", "数值题", "日期题", "场景练习（只读）"]
    head = [c.value for c in wb["单选题"][1]]
    assert head == ["题号", "题型", "规则编号", "来源", "题干", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F",
                    "答案", "解析", "难度", "主题", "备注"]
    assert [c.value for c in wb["数值题"][1]][-2:] == ["容差", "单位"]
    # ch01 q03 is a multiple choice keyed a, b, c, d: written as letters
    row = _row_of(export_workbook(1, content()), "多选题", "q03")
    assert wb["多选题"].cell(row, 12).value == "ABCD"
    assert wb["场景练习（只读）"].protection.sheet


def test_cli_publish_of_one_edited_question_makes_a_version_with_just_that_change(home, capsys):
    from clientkit.cli import main

    before = content()
    old_q01 = next(q for q in before.chapters[1].questions if q["id"] == "q01")
    # an attempt answered before the publication: every question of chapter 1, in a seeded order
    n = len(before.chapters[1].questions)
    old_task = make_task("ch01.knowledge", seed=7, n_items=n)
    assert old_task.content_version == before.version
    assert any(old_q01["prompt"] in item.prompt for item in old_task.items)

    path = home.parent / "b1.xlsx"
    assert main(["bank", "export", "1", str(path)]) == 0
    row = _row_of(path.read_bytes(), "单选题", "q01")
    edited = home.parent / "b1-edited.xlsx"
    edited.write_bytes(_edit(path.read_bytes(), {("单选题", f"E{row}"): "改过的题干：下列哪一项不属于须告知的事项？"}))
    assert main(["bank", "import", str(edited)]) == 0
    out = capsys.readouterr().out
    assert "修改 q01：题干" in out and "未发布" in out
    assert content().version == before.version  # a preview publishes nothing

    assert main(["bank", "import", str(edited), "--publish"]) == 0
    out = capsys.readouterr().out
    after = content()
    assert after.version != before.version and after.version in out
    # published into the instance folder, not the package
    assert config.exercises_dir() == home / "bank" / "versions" / after.version
    assert (home / "bank" / "CURRENT").read_text().strip() == after.version
    assert config.base_exercises_dir() == config.content_dir("exercises")
    # just that change
    old = {q["id"]: q for q in before.chapters[1].questions}
    new = {q["id"]: q for q in after.chapters[1].questions}
    assert old.keys() == new.keys()
    assert [i for i in old if old[i] != new[i]] == ["q01"]
    assert new["q01"]["prompt"] == "改过的题干：下列哪一项不属于须告知的事项？"
    assert {k: v for k, v in new["q01"].items() if k != "prompt"} == {k: v for k, v in old["q01"].items() if k != "prompt"}
    for number in range(2, 9):
        assert after.chapters[number] == before.chapters[number]
    # the YAML keeps the repository's style: only the edited line differs
    old_lines = (config.base_exercises_dir() / "ch01_knowledge.yaml").read_text(encoding="utf-8").splitlines()
    new_lines = (config.exercises_dir() / "ch01_knowledge.yaml").read_text(encoding="utf-8").splitlines()
    assert len(old_lines) == len(new_lines)
    assert [(a, b) for a, b in zip(old_lines, new_lines) if a != b] == [
        (f"    prompt: {old_q01['prompt']}", "    prompt: 改过的题干：下列哪一项不属于须告知的事项？")]

    # the old attempt replays with its own question; a new task serves the new one
    replayed = Task.replay(old_task.to_dict())
    assert [i.prompt for i in replayed.items] == [i.prompt for i in old_task.items]
    assert released(before.version).version == before.version
    fresh = make_task("ch01.knowledge", seed=7, n_items=n)
    assert fresh.content_version == after.version
    assert any("改过的题干" in item.prompt for item in fresh.items)

    # the publication is logged; re-importing the published bank is "no change"
    from clientkit.store import Store
    from clientkit.store.bank_log import publications

    store = Store.open()
    log = publications(store)
    store.close()
    assert [(p["content_version"], p["previous_version"], p["chapter"], p["summary"]["changed"]) for p in log] == [
        (after.version, before.version, 1, ["q01"])]
    assert log[0]["published_by"].startswith("命令行")
    again = home.parent / "b1-again.xlsx"
    assert main(["bank", "export", "1", str(again)]) == 0
    assert main(["bank", "import", str(again), "--publish"]) == 0
    assert "没有改动" in capsys.readouterr().out
    assert content().version == after.version


def test_attempts_on_each_version_replay_after_two_publications(home):
    first = content()
    n = len(first.chapters[1].questions)
    task1 = make_task("ch01.knowledge", seed=3, n_items=n)
    data = export_workbook(1, first)
    row = _row_of(data, "判断题", "q02")
    service.publish_bank(_edit(data, {("判断题", f"E{row}"): "第二版的判断题题干。"}), "测试")
    second = content()
    task2 = make_task("ch01.knowledge", seed=3, n_items=n)
    assert any("第二版的判断题题干" in i.prompt for i in task2.items)
    data = export_workbook(1, second)
    service.publish_bank(_edit(data, {("判断题", f"H{row}"): "易"}), "测试")
    third = content()
    assert len({first.version, second.version, third.version}) == 3
    assert next(q for q in third.chapters[1].questions if q["id"] == "q02")["difficulty"] == "易"
    for task in (task1, task2):
        assert [i.prompt for i in Task.replay(task.to_dict()).items] == [i.prompt for i in task.items]
    assert not any("第二版的判断题题干" in i.prompt for i in Task.replay(task1.to_dict()).items)
    assert sorted(p.name for p in (home / "bank" / "versions").iterdir()) == sorted(
        [first.version, second.version, third.version])


def test_add_and_remove_are_previewed(home):
    data = export_workbook(2, content())
    ws = load_workbook(io.BytesIO(data))["单选题"]
    new_row = ws.max_row + 1
    last_tf = _row_of(data, "判断题", next(q["id"] for q in reversed(content().chapters[2].questions)
                                            if q["type"] == "true_false"))

    def delete_row(wb):
        wb["判断题"].delete_rows(last_tf)

    edited = _edit(data, {
        ("单选题", f"B{new_row}"): "单选题", ("单选题", f"C{new_row}"): "C2-01", ("单选题", f"D{new_row}"): "保险法第十六条",
        ("单选题", f"E{new_row}"): "新题干", ("单选题", f"F{new_row}"): "甲", ("单选题", f"G{new_row}"): "乙",
        ("单选题", f"L{new_row}"): "b", ("单选题", f"M{new_row}"): "新解析", ("判断题", "A1"): delete_row,
    })
    result = preview(edited, content())
    assert result.ok, [p.text() for p in result.problems]
    taken = {q["id"] for q in content().chapters[2].questions}
    expected_id = next(f"q{n:02d}" for n in range(1, 99) if f"q{n:02d}" not in taken)
    assert result.added == [(expected_id, "新题干")]
    assert len(result.removed) == 1 and not result.changed
    added = next(q for q in result.questions if q["id"] == expected_id)
    assert added["answer"] == "b" and added["options"] == {"a": "甲", "b": "乙"}


# -- every check names its sheet, row and column -------------------------------------------------

def _single_row(data):
    return _row_of(data, "单选题", "q01")


CASES = [
    # (description, sheet, column letter, value, column name, expected text)
    ("unknown rule id", "单选题", "C", "C1-99", "规则编号", "规则编号“C1-99”不存在于规则库"),
    ("answer not an option", "单选题", "L", "F", "答案", "答案中的“F”不是本题的选项（本题选项为 A–D）"),
    ("single key with two letters", "单选题", "L", "AB", "答案", "单选题的答案应为一个选项字母"),
    ("multi key in the wrong form", "多选题", "L", "A和B", "答案", "多选题的答案应为选项字母（如 ABD，不重复），收到“A和B”"),
    ("multi key with a repeated letter", "多选题", "L", "AAB", "答案", "多选题的答案应为选项字母"),
    ("missing explanation", "单选题", "M", None, "解析", "“解析”不能为空"),
    ("missing source", "单选题", "D", None, "来源", "“来源”不能为空"),
    ("formula cell", "单选题", "E", "=B2&C2", "题干", "单元格含公式"),
    ("type does not match the sheet", "单选题", "B", "多选题", "题型", "与工作表“单选题”不符"),
    ("option gap", "单选题", "G", None, "选项B", "选项B为空，但后面还有选项"),
    ("true/false key", "判断题", "F", "是", "答案", "判断题的答案应为“正确”或“错误”，收到“是”"),
    ("number key", "数值题", "F", "三十", "答案", "数值题的答案应为数字，收到“三十”"),
    ("bad difficulty", "单选题", "N", "很难", "难度", "难度“很难”无效"),
    ("bad id", "单选题", "A", "Q 1", "题号", "题号“Q 1”只能由小写字母"),
]


@pytest.mark.parametrize("what,sheet,letter,value,column,text", CASES, ids=[c[0] for c in CASES])
def test_each_row_check_names_sheet_row_and_column(home, what, sheet, letter, value, column, text):
    data = export_workbook(1, content())
    row = 2  # the first question of the sheet
    result = preview(_edit(data, {(sheet, f"{letter}{row}"): value}), content())
    assert not result.ok and not result.has_changes
    found = [(p.sheet, p.row, p.column) for p in result.problems if text in p.message]
    assert found == [(sheet, row, column)], [p.text() for p in result.problems]
    line = next(p.text() for p in result.problems if text in p.message)
    assert line.startswith(f"工作表“{sheet}”第 {row} 行“{column}”列：")


def test_date_key_must_be_a_real_date(home):
    data = export_workbook(2, content())
    dates = [q for c in content().chapters.values() for q in c.questions if q["type"] == "date"]
    chapter = next(n for n, c in content().chapters.items() if any(q["type"] == "date" for q in c.questions))
    assert dates
    data = export_workbook(chapter, content())
    result = preview(_edit(data, {("日期题", "F2"): "2026-02-30"}), content())
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [("日期题", 2, "答案")]
    assert "2026-02-30" in result.problems[0].message


def test_a_duplicate_id_names_both_rows_even_across_sheets(home):
    data = export_workbook(1, content())
    result = preview(_edit(data, {("判断题", "A2"): "q01"}), content())
    row = _single_row(data)
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [("判断题", 2, "题号")]
    assert f"已在工作表“单选题”第 {row} 行使用" in result.problems[0].message


def test_good_rows_do_not_hide_bad_ones_and_nothing_is_published(home):
    data = export_workbook(1, content())
    edited = _edit(data, {("单选题", "E2"): "改过的题干", ("单选题", "C3"): "C9-01", ("多选题", "L2"): "X"})
    result = preview(edited, content())
    assert sorted((p.sheet, p.row, p.column) for p in result.problems) == [
        ("单选题", 3, "规则编号"), ("多选题", 2, "答案")]
    with pytest.raises(ContentError) as err:
        service.publish_bank(edited, "测试")
    assert err.value.key == "bank.not_publishable"
    assert not (home / "bank" / "CURRENT").exists()


@pytest.mark.parametrize("mutate,sheet,row,column,text", [
    (lambda d: b"not a workbook", "文件", None, "", "不是有效的 Excel"),
    (lambda d: b"", "文件", None, "", "文件是空的"),
    (lambda d: _edit(d, {("说明", "A1"): lambda wb: wb.remove(wb["说明"])}), "说明", None, "", "缺少“说明”工作表"),
    (lambda d: _edit(d, {("日期题", "A1"): lambda wb: wb.remove(wb["日期题"])}), "日期题", None, "", "缺少此工作表"),
    (lambda d: _edit(d, {("单选题", "M1"): "说明文字"}), "单选题", 1, "解析", "缺少此列"),
    (lambda d: _edit(d, {("说明", "B1"): 12}), "说明", 1, "章节", "章节须为 1–8 的整数"),
], ids=["not xlsx", "empty", "no info sheet", "no type sheet", "no column", "bad chapter"])
def test_broken_files_are_reported_not_raised(home, mutate, sheet, row, column, text):
    result = preview(mutate(export_workbook(1, content())), content())
    assert not result.ok
    assert [(p.sheet, p.row, p.column) for p in result.problems if text in p.message] == [(sheet, row, column)]


def test_a_bank_that_breaks_an_exercise_is_refused_before_publishing(home):
    # ch01's scenario exercise asks q20 by id (params.questions): removing it empties that exercise
    data = export_workbook(1, content())
    row = _row_of(data, "数值题", "q20")
    edited = _edit(data, {("数值题", "A1"): lambda wb: wb["数值题"].delete_rows(row)})
    result = service.preview_bank(edited)
    assert result.removed and not result.ok
    assert result.problems[0].sheet == "题库" and "少于所需" in result.problems[0].message
    with pytest.raises(ContentError):
        service.publish_bank(edited, "测试")
    assert not (home / "bank" / "CURRENT").exists()


def test_a_publication_since_the_preview_is_refused(home):
    from clientkit.practice.bank import publish

    data = export_workbook(3, content())
    first = preview(_edit(data, {("单选题", "N2"): "中"}), content())
    second = preview(_edit(data, {("单选题", "N3"): "难"}), content())
    publish(first)
    with pytest.raises(ContentError) as err:
        publish(second)
    assert err.value.key == "bank.stale"
    assert "请重新下载" in err.value.message()


def test_cli_import_of_a_bad_file_lists_sheet_row_column_and_publishes_nothing(home, capsys):
    from clientkit.cli import main

    data = export_workbook(1, content())
    bad = home.parent / "bad.xlsx"
    bad.write_bytes(_edit(data, {("单选题", "L2"): "F", ("单选题", "E3"): "=1+1"}))
    assert main(["bank", "import", str(bad), "--publish"]) == 1
    err = capsys.readouterr().err
    assert "工作表“单选题”第 2 行“答案”列：答案中的“F”不是本题的选项" in err
    assert "工作表“单选题”第 3 行“题干”列：单元格含公式" in err
    assert not (home / "bank" / "CURRENT").exists()
    (home.parent / "notes.txt").write_text("不是表格", encoding="utf-8")
    assert main(["bank", "import", str(home.parent / "notes.txt")]) == 1
    assert "不是有效的 Excel" in capsys.readouterr().err
    assert main(["bank", "import", str(home.parent / "missing.xlsx")]) == 1
    assert "找不到文件" in capsys.readouterr().err
    assert main(["bank", "export", "9", str(home.parent / "x.xlsx")]) == 1
    assert "章节须为 1–8 的整数" in capsys.readouterr().err
