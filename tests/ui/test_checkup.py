"""档案体检 headless: an uploaded GBK list with a bad cell and a bad ID number."""
from datetime import date

from clientkit.ui.checkup import CheckupApp


def _upload(app, name: str, data: bytes):
    app.upload.value = ({"name": name, "type": "text/csv", "size": len(data), "content": memoryview(data), "last_modified": __import__("datetime").datetime(2026, 6, 30)},)


def test_checkup_reports_masked_findings_and_bad_cells(svc):
    app = CheckupApp(svc)
    app.run.click()
    assert "请先选择" in app.page.message.value
    text = (
        "客户编号,客户类型,姓名,出生日期,证件类型,证件号码\n"
        "C1,个人,张三,1980-02-30,居民身份证,110105198002300010\n"
        "C2,个人,李四,1949-12-31,居民身份证,11010519491231002X\n"
    )
    _upload(app, "客户清单.csv", text.encode("gbk"))
    app.on.value = date(2026, 6, 30)
    app.run.click()
    out = app.out.value
    assert "共 2 行" in out and "无法识别的单元格" in out
    assert "C1-08" in out
    assert "110105198002300010" not in out and "张三" not in out  # masked everywhere
    assert "download=" in out


def test_checkup_broken_file_gives_chinese_error(svc):
    app = CheckupApp(svc)
    _upload(app, "x.csv", b"foo,bar\n1,2\n")
    app.run.click()
    assert "客户编号" in app.page.message.value and app.out.value == ""


def test_checkup_shows_chinese_field_labels_and_chapter8_kpis(svc):
    app = CheckupApp(svc)
    text = "客户编号,客户类型,姓名,证件类型,证件号码\nC1,个人,张三,居民身份证,110105198002300010\n"
    _upload(app, "a.csv", text.encode("utf-8"))
    app.on.value = date(2026, 6, 30)
    app.run.click()
    out = app.out.value
    assert "证件号码" in out and ">id_number<" not in out
    assert "档案完整率" in out and "档案管理指标" in out
