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
    assert "nan" not in html.lower() and '<td data-label="目标值">≥ 99%</td><td data-label="完成日期"></td><td data-label="验证结果"></td>' in html


def test_flag_values_of_findings_read_yes_or_no():
    from clientkit.ui.checkup import findings_table

    findings = pd.DataFrame([{"rule_id": "C4-20", "client_id": "C000009", "table": "policies", "field": "dual_recorded",
                              "value": False, "message": "须双录"}])
    shown = findings_table(findings)
    assert list(shown.iloc[:, 3]) == ["否"]
    assert "False" not in render_findings(findings)


def test_every_tool_table_cell_names_its_column_for_the_phone_cards():
    """Issue 10 (390 px walk): the 流失预警, 推荐效果, 产品匹配, 客户画像 and 指标 tables became
    unlabelled cards on a phone; through html.table every cell carries its column's name."""
    import re

    from clientkit.ui.tools import ch2_profile, ch3_churn, ch4_effect, ch4_matcher, ch8_kpis

    day = pd.Timestamp("2026-06-01")
    kpis = pd.DataFrame([{"kpi": "k1", "name": "档案完整率", "value": 97.5, "unit": "%", "numerator": 39,
                          "denominator": 40, "formula": "完整档案数 ÷ 档案总数"}])
    log = pd.DataFrame([{"finding": "完整率低", "source": "检查", "action": "补录", "owner": "张三", "due_on": day,
                         "metric": "档案完整率", "target": "≥ 99%", "closed_on": pd.NaT, "result": float("nan")}])
    training = pd.DataFrame([{"agent_id": "A0001", "team": "一组", "training_hours": 6.0, "shortfall": 2.0},
                             {"agent_id": "A0002", "team": "一组", "training_hours": 9.0, "shortfall": 0.0}])
    profile = pd.DataFrame([{"tag": "价值等级", "value": "高", "source": "保单", "refreshed_on": day, "stale": True,
                             "rule_id": "C2-11"}])
    ranked = pd.DataFrame([{"rank": 1, "client_id": "C000001", "name": "王**", "score": 3.5,
                            "signal_labels": "长期未联系", "action": "电话回访"}])
    effect = [{"label": "", "n_policies": 120, "cooling_off_rate": 0.05, "revisit_problem_rate": None,
               "persistency_13": 0.9}]
    match = {"suitable": [{"rank": 1, "name": "安心医疗", "type": "医疗险", "reasons": ["预算内", "年龄符合"],
                           "requirements": [("C4-06", "投保声明")]}],
             "excluded": [{"name": "稳赢分红", "type": "分红险", "rule_id": "C4-03", "reason": "风险等级不符"}]}
    pages = {"指标": ch8_kpis.render_kpis(kpis), "改进台账": ch8_kpis.render_log(log, "2026-12-03"),
             "培训学时": ch8_kpis.render_training(training), "客户画像": ch2_profile.render(profile),
             "流失预警": ch3_churn.render_table(ranked), "推荐效果": ch4_effect.render(effect),
             "产品匹配": ch4_matcher.render(match)}
    for name, page in pages.items():
        cells = re.findall(r"<td[^>]*>", page)
        assert cells and all('data-label="' in c for c in cells), (name, cells)
    assert '<td data-label="推荐理由">预算内；年龄符合</td>' in pages["产品匹配"]
    assert pages["培训学时"].count('<tr class="ck-short">') == 1
    assert '<tr class="ck-stale">' in pages["客户画像"] and '<td data-label="排名">1</td>' in pages["流失预警"]
