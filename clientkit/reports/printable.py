"""Printable HTML documents for the PDFs of issue 14: an agent's self-assessment report, a
supervisor's team report, a trainer's class report and the 结业证明 (certificate).

Pure functions from data the service already scoped and masked (the same tables the screens
show) to one A4 HTML document; every value is escaped. :func:`clientkit.reports.pdf.html_to_pdf`
prints them.
"""
from __future__ import annotations

from datetime import date, datetime
from html import escape

import pandas as pd

from clientkit.reports.pdf import font_face

MAX_ROWS = 300

CSS = """
@page { size: A4; margin: 16mm 14mm 16mm 14mm; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "CKCJK", sans-serif; font-size: 10pt; color: #1f2937; line-height: 1.5; }
h1 { font-size: 18pt; margin: 0 0 4pt; font-weight: normal; }
h2 { font-size: 13pt; margin: 14pt 0 6pt; border-bottom: 1px solid #cbd5e1; padding-bottom: 2pt; font-weight: normal; }
.meta { color: #475569; margin-bottom: 8pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 1px solid #cbd5e1; padding: 3pt 5pt; text-align: left; vertical-align: top; }
th { background: #eef2f7; font-weight: normal; }
.muted { color: #64748b; }
.cert { border: 3pt double #1e3a8a; padding: 28pt 30pt; margin-top: 30pt; text-align: center; }
.cert h1 { font-size: 30pt; letter-spacing: 8pt; color: #1e3a8a; margin-bottom: 18pt; }
.cert .name { font-size: 20pt; margin: 12pt 0; }
.cert p { font-size: 12pt; }
.code { font-family: "CKCJK", monospace; font-size: 14pt; letter-spacing: 1pt; }
"""


def document(title: str, body: str) -> str:
    """A complete HTML document (A4, embedded CJK font) around ``body``."""
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{font_face()}{CSS}</style></head><body>{body}</body></html>")


def table(df: pd.DataFrame | None, empty: str = "暂无数据") -> str:
    if df is None or len(df) == 0:
        return f'<p class="muted">{escape(empty)}</p>'
    head = "".join(f"<th>{escape(str(c))}</th>" for c in df.columns)
    rows = "".join("<tr>" + "".join(f"<td>{escape(_cell(v))}</td>" for v in r) + "</tr>"
                   for r in df.head(MAX_ROWS).itertuples(index=False))
    more = (f'<p class="muted">仅列出前 {MAX_ROWS} 行，共 {len(df)} 行；完整数据请导出 Excel。</p>'
            if len(df) > MAX_ROWS else "")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>{more}"


def _cell(v) -> str:
    if v is None or (not isinstance(v, (list, tuple, dict)) and pd.isna(v)):
        return "—"
    if isinstance(v, float):
        return f"{v:.1f}" if v % 1 else f"{v:.0f}"
    if isinstance(v, (pd.Timestamp, datetime)):
        return v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, (list, tuple)):
        return "、".join(map(str, v))
    return str(v)


def _pct(v) -> str:
    return "—" if v is None or pd.isna(v) else f"{round(float(v) * 100)}%"


def _meta(*parts: str) -> str:
    return '<p class="meta">' + "　".join(escape(p) for p in parts if p) + "</p>"


def agent_report_html(name: str, team: str, chapters: pd.DataFrame, rules: pd.DataFrame,
                      statements: dict[str, str], on: date) -> str:
    """我的自测报告: chapters (practice, 自测 best, mastery) and mastery per rule."""
    ch = pd.DataFrame({
        "章节": chapters["title"],
        "练习次数": chapters["practice_attempts"].astype(int),
        "练习平均": chapters["practice_mean"].map(_pct),
        "自测次数": chapters["assessment_attempts"].astype(int),
        "自测最好成绩": chapters["assessment_best"].map(_pct),
        "掌握度": chapters["mastery"].map(_pct),
    })
    r = rules.sort_values(["mastery", "rule_id"], kind="stable") if len(rules) else rules
    per_rule = pd.DataFrame({
        "规则编号": r["rule_id"], "规则": r["rule_id"].map(lambda x: statements.get(x, "")[:50]),
        "作答题数": r["items"].astype(int), "答对": r["correct"].astype(int), "掌握度": r["mastery"].map(_pct),
    }) if len(r) else None
    body = ("<h1>个人自测报告</h1>" + _meta(f"业务员：{name}", f"团队：{team}" if team else "", f"日期：{on.isoformat()}")
            + "<h2>各章成绩</h2>" + table(ch) + "<h2>各规则掌握度</h2>" + table(per_rule, "尚无作答记录"))
    return document(f"个人自测报告-{name}", body)


def team_report_html(views: dict[str, pd.DataFrame], names: dict[str, str], scope_text: str, on: date) -> str:
    """主管团队报告: the dashboard's tables for a period (names: view key → Chinese title)."""
    body = "<h1>团队学习报告</h1>" + _meta(scope_text, f"生成日期：{on.isoformat()}")
    for key, df in views.items():
        body += f"<h2>{escape(names.get(key, key))}</h2>" + table(df)
    return document("团队学习报告", body)


def class_report_html(session: dict, views: dict[str, pd.DataFrame], on: date) -> str:
    """培训师课堂报告: agents, score bands and items of one class session."""
    titles = {"agents": "学员成绩", "bands": "分数分布", "items": "题目统计"}
    mode = "自测" if session.get("mode") == "assessment" else "练习"
    chapters = "、".join(f"第{c}章" for c in session.get("chapters") or [])
    body = ("<h1>课堂报告</h1>" + _meta(f"课堂：{session['name']}（{session['code']}）", f"章节：{chapters}",
                                       f"类型：{mode}", f"生成日期：{on.isoformat()}"))
    for key in ("agents", "bands", "items"):
        if key in views:
            body += f"<h2>{titles[key]}</h2>" + table(views[key])
    return document(f"课堂报告-{session['code']}", body)


def certificate_html(cert: dict) -> str:
    """结业证明 with the holder's name, the assignment, the completion date, the score and the
    verification code (and where to check it)."""
    from clientkit.certificates import display
    from clientkit.service import local_time

    day = local_time(cert["completed_at"], "%Y年%m月%d日")
    body = (
        '<div class="cert"><h1>结业证明</h1>'
        f'<p class="name">{escape(cert["name"])}</p>'
        f'<p>已完成学习任务「{escape(cert["title"])}」，自测成绩 {escape(_pct(cert["score"]))}。</p>'
        f'<p>完成日期：{escape(day)}</p>'
        f'<p style="margin-top:24pt">校验码</p><p class="code">{escape(display(cert["code"]))}</p>'
        '<p class="muted">核验：在本系统打开 /clientkit/verify/校验码，或运行 clientkit verify 校验码</p></div>'
    )
    return document(f"结业证明-{cert['name']}", body)
