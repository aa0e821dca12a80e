"""题目分析 grouped by source question (clientkit/reports/item_analysis.py), worked by hand.

Question ch01/q10 (true/false, key 错误) was answered as ``p2-q10`` in one 自测 form and as
``c1-p2-q10`` in a class paper (assessment mode), four attempts in all:

    form     score  q10        per item: n  k  s1   s    s2
    p2-q10   0.8    right                2  1  0.8  1.2  0.80   (0.8² + 0.4²)
             0.4    wrong
    c1-…     0.6    right                2  1  0.6  0.8  0.40   (0.6² + 0.2²)
             0.2    wrong

Pooled: n 4, k 2, p 0.5; M1 = (0.8 + 0.6) / 2 = 0.7, M0 = (0.4 + 0.2) / 2 = 0.3; mean 0.5,
E[s²] = 1.2 / 4 = 0.3, var = 0.05, s = 0.22361; r = 0.4 / 0.22361 * 0.5 = 0.894 (each form alone
gives r = 1.0). The same question answered in practice (2 attempts, both right) is another row:
p = 1.0, r undefined.
"""
from __future__ import annotations

import math

import pandas as pd
import pytest

from clientkit.practice.content import content
from clientkit.reports.item_analysis import COLUMNS, by_source, version_label
from clientkit.store.dashboard import stats_from_sums


def _sums(version):
    rows = [("assessment:ch01", "p2-q10", "assessment", 2, 1, 0.8, 1.2, 0.80),
            ("session:5", "c1-p2-q10", "assessment", 2, 1, 0.6, 0.8, 0.40),
            ("ch01.knowledge", "q10", "practice", 2, 2, 1.8, 1.8, 1.62)]
    return pd.DataFrame([(e, version, i, m, *rest) for e, i, m, *rest in rows],
                        columns=["exercise_id", "content_version", "item_id", "mode", "n", "k", "s1", "s", "s2"])


def test_stats_from_sums_point_biserial_by_hand():
    one = stats_from_sums(pd.DataFrame({"n": [4], "k": [2], "s1": [1.4], "s": [2.0], "s2": [1.2]}))
    assert one.loc[0, "difficulty"] == pytest.approx(0.5)
    assert one.loc[0, "discrimination"] == pytest.approx(0.4 / math.sqrt(0.05) * 0.5)
    assert one.loc[0, "discrimination"] == pytest.approx(0.894, abs=1e-3)


def test_variants_of_one_question_are_pooled_per_mode_with_the_question_text():
    version = content().version
    out = by_source(_sums(version), {"assessment:ch01": "第1章自测", "session:5": "课堂：周三晨会",
                                     "ch01.knowledge": "知识题"})
    assert list(out.columns) == COLUMNS and len(out) == 2
    test = out[out["类型"] == "自测"].iloc[0]
    assert "客户不愿留电话" in test["题目"] and test["选项"] == "正确 / 错误" and test["答案"] == "错误"
    assert test["作答次数"] == 4 and test["难度(答对率%)"] == 50.0
    assert test["区分度(点二列)"] == pytest.approx(0.894, abs=1e-3)
    assert test["出现于"] == "第1章自测、课堂：周三晨会"
    assert test["题库版本"] == version_label(version) and test["章节"] == "第1章"
    practice = out[out["类型"] == "练习"].iloc[0]
    assert practice["难度(答对率%)"] == 100.0 and pd.isna(practice["区分度(点二列)"])
    text = out.to_string()
    assert "p2-q10" not in text and "session:" not in text and "q10" not in text


def test_content_versions_never_mix():
    version = content().version
    old = _sums("1+9d3b57ea8db3").head(1).assign(item_id="p1-q10")   # version 1: part 1 was the bank
    sums = pd.concat([_sums(version).head(1), old], ignore_index=True)
    out = by_source(sums, {})
    assert sorted(out["题库版本"]) == ["第1版（9d3b57ea）", version_label(version)]
    assert all("客户不愿留电话" in p for p in out["题目"])   # q10 is kept in the released version 1


def test_an_unkept_version_says_so_without_ids_and_dialogues_are_left_out():
    sums = _sums("0+gone").head(1)
    sums = pd.concat([sums, _sums("0+gone").head(1).assign(exercise_id="dialogue:d1", item_id="t1:start")])
    out = by_source(sums, {})
    assert len(out) == 1 and out.loc[0, "题目"].startswith("（该题库版本已不再保留")
    assert "p2-q10" not in out.to_string()


def test_empty_sums_give_the_columns_only():
    empty = pd.DataFrame(columns=["exercise_id", "content_version", "item_id", "mode", "n", "k", "s1", "s", "s2"])
    out = by_source(empty, {})
    assert out.empty and list(out.columns) == COLUMNS
