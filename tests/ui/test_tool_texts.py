"""Chapter tools show Chinese names and no ``nan`` (the browser leak scan found ``clients``/``gender``
in the 合规检查 findings and ``nan`` in the 指标 improvement log)."""
import pandas as pd

from clientkit.ui.tools.ch6_compliance import render_findings


def test_findings_show_table_and_field_by_their_chinese_names():
    findings = pd.DataFrame([
        {"rule_id": "C1-08", "client_id": "C000025", "table": "clients", "field": "gender", "value": "女", "message": "性别不符"},
        {"rule_id": "C1-10", "client_id": "C000288", "table": "clients", "field": "uscc", "value": "9136***", "message": "代码无效"},
    ])
    html = render_findings(findings)
    assert '<td data-label="数据表">客户</td><td data-label="字段">性别</td>' in html
    for word in ("clients", "gender", "uscc"):
        assert word not in html


def test_an_open_improvement_item_shows_no_result_rather_than_nan():
    from clientkit.ui.tools.ch8_kpis import render_log

    log = pd.DataFrame([{"finding": "完整率低", "source": "检查", "action": "补录", "owner": "张三",
                         "due_on": pd.Timestamp("2026-12-30"), "metric": "档案完整率", "target": "≥ 99%",
                         "closed_on": pd.NaT, "result": float("nan")}])
    html = render_log(log, "2026-12-03")
    assert "nan" not in html.lower() and "<td>≥ 99%</td><td></td><td></td>" in html


def test_flag_values_of_findings_read_yes_or_no():
    from clientkit.ui.checkup import findings_table

    findings = pd.DataFrame([{"rule_id": "C4-20", "client_id": "C000009", "table": "policies", "field": "dual_recorded",
                              "value": False, "message": "须双录"}])
    shown = findings_table(findings)
    assert list(shown.iloc[:, 3]) == ["否"]
    assert "False" not in render_findings(findings)
