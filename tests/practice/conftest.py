"""Fixtures of the practice tests: a throw-away content folder and a hand-made task."""
from __future__ import annotations

import textwrap

import pytest

from clientkit.practice.task import Item, ItemKey, Task


@pytest.fixture
def write_content(tmp_path):
    """Write ``{name: yaml_text}`` into a fresh folder and return the folder."""
    def write(files: dict[str, str]):
        for name, text in files.items():
            (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
        return tmp_path
    return write


def _key(mode, answer, **kw):
    return ItemKey(mode=mode, answer=answer, expected=str(answer), rule_ids=("C1-08",), source="GB 11643-1999",
                   explanation="解析", **kw)


@pytest.fixture
def hand_task():
    """One item of every input, keys written by hand."""
    items = [
        Item("s", "单选", "single", (("A", "甲"), ("B", "乙"), ("C", "丙"))),
        Item("m", "多选", "multi", (("a", "字段a"), ("b", "字段b"), ("c", "字段c"), ("NONE", "无问题"))),
        Item("n", "数值", "number", unit="%"),
        Item("d", "日期", "date"),
        Item("t", "文字", "text"),
    ]
    key = {
        "s": _key("choice", "B"),
        "m": _key("set", frozenset({"b", "c"}), none_value="NONE"),
        "n": _key("number", 85.7, tolerance=0.1),
        "d": _key("date", "2026-03-01"),
        "t": _key("text", "CHECKSUM"),
    }
    return Task("hand", 1, "hand", 0, "手工题", "说明", items, None, "test", key=key)
