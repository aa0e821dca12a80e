"""档案体检 headless: an uploaded GBK list with a bad cell and a bad ID number."""
from datetime import date

from clientkit.ui.checkup import CheckupApp


def _upload(app, name: str, data: bytes):
    """What the browser does: stream the file to the server, then hand the kernel its id."""
    from clientkit.serve.upload import store_upload

    info = store_upload(app.service.user.id, name, data)
    app.upload.set_trait("busy", True)
    app.upload.file_name, app.upload.file_size = info["name"], info["size"]
    app.upload.upload_id = info["id"]
    app.upload.busy = False


def test_checkup_reports_masked_findings_and_bad_cells(svc):
    app = CheckupApp(svc)
    app.run.click()
    assert "请先选择" in app.note.value
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
    assert "客户编号" in app.note.value and app.out.value == ""
    assert "x.csv" in app.note.value  # the failure names the file


def test_checkup_shows_chinese_field_labels_and_chapter8_kpis(svc):
    app = CheckupApp(svc)
    text = "客户编号,客户类型,姓名,证件类型,证件号码\nC1,个人,张三,居民身份证,110105198002300010\n"
    _upload(app, "a.csv", text.encode("utf-8"))
    app.on.value = date(2026, 6, 30)
    app.run.click()
    out = app.out.value
    assert "证件号码" in out and ">id_number<" not in out
    assert "档案完整率" in out and "档案管理指标" in out


def test_checkup_names_the_file_and_a_failed_upload_clears_the_report(svc):
    app = CheckupApp(svc)
    _upload(app, "一月清单.csv", "客户编号,客户类型,姓名\nC1,个人,张三\n".encode("utf-8"))
    assert "已上传：一月清单.csv" in app.note.value
    app.run.click()
    assert "文件：一月清单.csv" in app.out.value and "共 1 行" in app.out.value
    app.upload.error = "文件超过上限 100 MB，未上传。"  # what the browser reports
    assert app.out.value == ""  # the previous report is gone
    assert "上传失败" in app.note.value and "100 MB" in app.note.value


def test_checkup_refuses_an_id_that_is_not_the_users_own(svc, tmp_path):
    from clientkit.serve.upload import store_upload

    app = CheckupApp(svc)
    other = store_upload(svc.user.id + 1000, "别人的.csv", "客户编号\nC1\n".encode())
    app.upload.upload_id = other["id"]  # a browser can set any widget value
    app.run.click()
    assert "已失效" in app.note.value and app.out.value == ""
    app.upload.upload_id = "../../secret.key"
    app.run.click()
    assert "已失效" in app.note.value


def test_a_zip_bomb_upload_gets_a_chinese_message(svc):
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            for _ in range(300):
                f.write(b"<row/>" * 200_000)  # 360 MB unpacked
    app = CheckupApp(svc)
    _upload(app, "bomb.xlsx", out.getvalue())
    app.run.click()
    assert "解压后过大" in app.note.value and "bomb.xlsx" in app.note.value


def _zip_of(folder) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(folder.iterdir()):
            z.write(path, path.name)
    return out.getvalue()


def _xlsx_from(out: str) -> dict:
    import base64
    import io
    import re

    import pandas as pd

    href = re.search(r'download="[^"]+\.xlsx" href="data:[^;]+;base64,([^"]+)"', out).group(1)
    return pd.read_excel(io.BytesIO(base64.b64decode(href)), sheet_name=None, dtype=str)


def test_a_zip_export_is_checked_whole_with_the_chosen_date_and_an_excel_download(svc, tmp_path):
    from clientkit.generate import generate_book

    book = generate_book(60, seed=2, defect_rate=0.3, on=date(2026, 6, 30))
    book.save(tmp_path / "book", fmt="csv")
    app = CheckupApp(svc)
    assert app.on.value == date.today()  # the default is shown, not assumed silently
    _upload(app, "导出.zip", _zip_of(tmp_path / "book"))
    app.on.value = date(2026, 6, 30)
    app.run.click()
    out = app.out.value
    assert f"发现 {len(book.defects)} 处不符合规则" in out
    assert "检查日期：2026-06-30" in out
    assert "consents.csv → 授权同意" in out and "未检查的规则" not in out
    assert "defects.csv" in out  # listed as ignored, not read
    sheets = _xlsx_from(out)
    findings = sheets["检查结果"]
    assert len(findings) == len(book.defects)
    assert findings["规则内容"].str.len().gt(10).all()  # the rule's text beside every finding
    assert set(sheets) == {"检查结果", "按规则汇总", "未检查的规则", "无法识别的单元格"}


def test_a_client_list_alone_lists_the_rules_it_cannot_judge(svc):
    app = CheckupApp(svc)
    # both would fire if run: a health note without consent (C1-20), a child of 6 (C1-21)
    text = "客户编号,客户类型,姓名,出生日期,既往病史\nC1,个人,张三,2020-01-01,哮喘\n"
    _upload(app, "客户清单.csv", text.encode("utf-8"))
    app.on.value = date(2026, 6, 30)
    app.run.click()
    out = app.out.value
    assert "未检查的规则" in out and "未检查（缺少授权同意表）" in out
    findings_part = out.split("按规则汇总", 1)[1]
    assert ">C1-20<" not in findings_part and ">C1-21<" not in findings_part
    sheets = _xlsx_from(out)
    assert "C1-20" in set(sheets["未检查的规则"]["规则"]) and "C1-20" not in set(sheets["检查结果"].get("规则", []))


def test_no_check_date_is_refused(svc):
    app = CheckupApp(svc)
    _upload(app, "a.csv", "客户编号\nC1\n".encode())
    app.on.value = None
    app.run.click()
    assert "请选择检查日期" in app.note.value and app.out.value == ""


def test_several_files_chosen_at_once_are_one_export(svc):
    from clientkit.serve.upload import store_upload

    app = CheckupApp(svc)
    clients = "客户编号,客户类型,姓名,出生日期\nC1,个人,张三,2020-01-01\nC2,个人,李四,1980-01-01\n"
    consents = ("consent_id,client_id,data_category,consent_type,given_on\n"
                "K1,C1,minor_under_14,guardian,2020-02-01\n")
    infos = [store_upload(svc.user.id, n, d.encode()) for n, d in (("clients.csv", clients), ("consents.csv", consents))]
    app.upload.set_trait("busy", True)
    app.upload.upload_ids = [i["id"] for i in infos]
    app.upload.file_name = "clients.csv、consents.csv"
    app.upload.upload_id = infos[0]["id"]
    app.upload.busy = False
    app.on.value = date(2026, 6, 30)
    app.run.click()
    out = app.out.value
    assert "clients.csv → 客户（2 行）" in out and "consents.csv → 授权同意（1 行）" in out
    # C1 (6 years old) has a guardian consent in force on the check date: C1-21 is run and quiet
    assert "缺少授权同意表" not in out and ">C1-21<" not in out.split("按规则汇总", 1)[1]


def _workbook_from(out: str):
    """The Excel file behind the page's download link, opened as a user's spreadsheet would."""
    import base64
    import io
    import re

    from openpyxl import load_workbook

    href = re.search(r'download="[^"]+\.xlsx" href="data:[^;]+;base64,([^"]+)"', out).group(1)
    return load_workbook(io.BytesIO(base64.b64decode(href)))


def _cells(ws):
    return [v for row in ws.iter_rows(min_row=2, values_only=True) for v in row]


def test_the_excel_findings_read_in_chinese_with_flags_as_yes_no_and_blanks_named(svc, tmp_path):
    """Issue 10: "an Excel export of the findings with rule text" — every cell a person can read:
    flags 是/否 (not True/False), a missing value 「（空）」 (not blank or nan), tables and fields by
    their Chinese names, the rule's text beside each finding."""
    from clientkit.generate import generate_book

    book = generate_book(200, seed=2, defect_rate=0.3, on=date(2026, 6, 30))
    book.save(tmp_path / "book", fmt="csv")
    app = CheckupApp(svc)
    _upload(app, "导出.zip", _zip_of(tmp_path / "book"))
    app.on.value = date(2026, 6, 30)
    app.run.click()
    ws = _workbook_from(app.out.value)["检查结果"]
    header = [c.value for c in ws[1]]
    assert header == ["规则", "规则内容", "客户编号", "数据表", "字段", "值（已脱敏）", "问题"]
    rows = [dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == len(book.defects)
    for v in _cells(ws):
        assert isinstance(v, str) and v.strip() and v not in ("True", "False", "nan", "None", "NaT")
    # this book plants unsigned declarations / missing 双录 on policies: flags read 否
    flags = [r for r in rows if r["字段"] in ("已双录", "已签投保声明")]
    assert flags and {r["值（已脱敏）"] for r in flags} == {"否"} and {r["数据表"] for r in flags} == {"保单"}
    blanks = [r for r in rows if "缺少必填项" in r["问题"]]
    assert blanks and {r["值（已脱敏）"] for r in blanks} == {"（空）"}
    tables = {r["数据表"] for r in rows}  # e.g. 客户, 保单, 档案调阅记录 — never clients/policies
    assert len(tables) > 3 and not any(ch.isascii() and ch.isalpha() for name in tables for ch in name)
    assert all(len(r["规则内容"]) > 10 for r in rows)


def test_the_excel_of_a_client_list_alone_names_unchecked_rules_and_bad_cells(svc):
    app = CheckupApp(svc)
    text = "客户编号,客户类型,姓名,出生日期,既往病史\nC1,个人,张三,2020-01-01,哮喘\nC2,个人,李四,1980-02-30,\n"
    _upload(app, "客户清单.csv", text.encode("utf-8"))
    app.on.value = date(2026, 6, 30)
    app.run.click()
    wb = _workbook_from(app.out.value)
    unchecked = [r for r in wb["未检查的规则"].iter_rows(min_row=2, values_only=True)]
    c120 = next(r for r in unchecked if r[0] == "C1-20")
    assert c120[2] == "未检查（缺少授权同意表）" and len(c120[1]) > 10
    assert all(r[2].startswith("未检查（缺少") for r in unchecked)
    bad = [r for r in wb["无法识别的单元格"].iter_rows(min_row=2, values_only=True)]
    assert bad == [("客户清单.csv", 3, "出生日期", "1980******", "不是有效日期")]  # raw value masked
    for ws in wb:
        assert not any(isinstance(v, bool) or v in ("True", "False", "nan") for v in _cells(ws))
