"""The leak scan of the browser suite (tests/browser/leaks.py), checked on hand-made texts, and run
over every text of the question bank and the rule registry that reaches a user (issue 10): the
page scan only sees the variants a test happens to draw; this sees them all."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from clientkit.config import REPO_ROOT
from tests.browser.leaks import leaks

SHOWN = {"prompt", "explanation", "intro", "title", "say", "text", "note", "statement", "source"}


@pytest.mark.parametrize("text,kinds", [
    ("答案不完整：第7题（q21）应填写数字", ["item id"]),
    ("文件不是可读取的表格（ParserError）", ["exception"]),
    ("违反 G-HUBEI 第二十七条", ["English word 'G-HUBEI'"]),
    ("b 缺少区号开头的 0", ["English word 'b'"]),
    ("LENGTH 长度错误", ["English word 'LENGTH'"]),
    ("原因：BAD_DATE", ["English word 'BAD_DATE'"]),
    ("年收入：nan", ["nan/None"]),
    ("见 DOMAIN.md §3.5", ["DOMAIN.md", "English word 'DOMAIN.md'"]),
    ("ui.home", ["catalog key", "English word 'ui.home'"]),
    ("正在运行第 2 个单元格，共 2 个", ["notebook jargon"]),
    ("p1-q10 与 session:1", ["item id", "item id", "English word 'session'"]),
    # allowed: ids, user names, codes, file names and types, web sources, the short list
    ("C1-08 110105194912310021 agent1 retake_1366 A组 100 MB Excel 客户清单.csv 或 .zip", []),
    ("课堂代码：F74TNG　周五课堂（ABCDEF，进行中）", []),
    ("请让学员在“首页”输入课堂代码 GYBDEV 加入。", []),
    ("职业\tDJ 年收入(元)\t147000", []),
    ("职业\tDJX 年收入(元)", ["English word 'DJX'"]),
    ("下载：个人自测报告-20261203.pdf；在 Excel 或 WPS 中修改", []),
    ("已双录：False", ["English word 'False'"]),
    ("来源：http://www.example.com/a/b/ 与 netpromoter.com；300 dpi 的 TIFF；AAA 级", []),
])
def test_scan_finds_exactly_the_leaks(text, kinds):
    assert [f.split(":")[0] for f in leaks(text)] == kinds


def _texts(data, path=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(value, (*path, str(key)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _texts(value, (*path, str(i)))
    elif isinstance(data, str) and path and (path[-1] in SHOWN or (len(path) > 1 and path[-2] == "options")):
        yield ".".join(path), re.sub(r"\{[a-z_]+(?::[^}]*)?\}", "", data)  # placeholders are filled in later


def test_question_bank_and_rule_texts_show_no_internals():
    files = sorted((REPO_ROOT / "exercises").glob("ch[0-9][0-9]_*.yaml")) + sorted(
        (REPO_ROOT / "clientkit" / "rules" / "data").glob("ch*.yaml"))
    found = [f"{path.name} {where}: {leak}" for path in files
             for where, text in _texts(yaml.safe_load(path.read_text(encoding="utf-8")))
             for leak in leaks(text)]
    # engine settings, not shown: scenario option values (valid/void …), an assessment part's bank source
    found = [f for f in found if not re.search(r"params\.(options\.\d+|include\.\d+\.source):", f)]
    assert not found, "\n".join(found)
