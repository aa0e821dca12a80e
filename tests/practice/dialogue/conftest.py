"""A small hand-made drill (5 turns on its best path, three branch points) as a plain mapping,
so each validator test can break one thing in a copy."""
from __future__ import annotations

import copy

import pytest


def _c(text, nxt, c, p, s, v, rule="C1-19", best=False):
    out = {"text": text, "next": nxt, "score": {"compliance": c, "professional": p, "suitability": s, "service": v},
           "rule_ids": [rule], "source": "个人信息保护法第十七条", "explanation": f"{text}的解析"}
    if best:
        out["best"] = True
    return out


DRILL = {
    "id": "t.drill",
    "title": "测试演练",
    "intro": "手工编写的演练。",
    "start": "n1",
    "client": {"age": [30, 50]},
    "nodes": {
        "n1": {"say": "您好，{client}。", "card": True, "choices": [
            _c("告知用途", "n2", 2, 1, 1, 2, best=True),
            _c("先填表再说", "n1b", -2, 0, 0, 1, rule="C1-18"),
            _c("不解释", "left", -1, -1, -1, -2, rule="C1-18")]},
        "n1b": {"say": "为什么要这些？", "choices": [
            _c("补充告知", "n2", 1, 1, 0, 1, best=True),
            _c("规定就是这样", "left", -2, 0, 0, -1),
            _c("不填就算了", "complain", -2, -1, -1, -2)]},
        "n2": {"say": "收入也要填吗？", "choices": [
            _c("说明必要性", "n3", 2, 2, 1, 1, rule="C4-02", best=True),
            _c("随便填", "n3", 0, -1, 0, 1, rule="C4-02"),
            _c("必须如实填否则拒保", "complain", -2, -2, -2, -2, rule="C4-02")]},
        "n3": {"say": "好的。", "choices": [
            _c("甲", "n4", 2, 1, 2, 1, best=True),
            _c("乙", "n4", 1, 1, 1, 1),
            _c("丙", "n4", -1, 0, -2, 0)]},
        "n4": {"say": "还有吗？", "choices": [
            _c("丁", "n5", 1, 2, 1, 2, best=True),
            _c("戊", "n5", 1, 0, 0, 1),
            _c("己", "n5", 0, 0, 0, 0)]},
        "n5": {"say": "那就这样。", "choices": [
            _c("庚", "ok", 2, 1, 1, 2, best=True),
            _c("辛", "ok", 0, 0, 0, 1),
            _c("壬", "complain", -2, -1, -1, -2)]},
        "ok": {"say": "谢谢。", "end": "agreed"},
        "left": {"say": "我不聊了。", "end": "ended"},
        "complain": {"say": "我要投诉。", "end": "complained"},
    },
}


@pytest.fixture
def drill_data():
    """A fresh deep copy of the hand-made drill."""
    return copy.deepcopy(DRILL)
