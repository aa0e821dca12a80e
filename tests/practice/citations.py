"""Reading law citations out of exercise ``source`` strings and article numbers out of the law
texts in ``../shared/laws`` (issue 9: "each ``source`` that names a law present in ../shared/laws
cites an article number that exists in that text").

Only this test support module knows the aliases the bank uses for the laws (简称 such as
可回溯暂行办法 or 两高解释); a source naming a law that is not among the texts is not checked here.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
NUM = r"[0-9一二三四五六七八九十百千零〇两]+"
ARTICLE_HEAD = re.compile(rf"^\**\s*第({NUM})条")

# law-text file stem (without the date) -> names a source may use for it, longest first at match time
ALIASES = {
    "个人信息保护法": ["个人信息保护法"],
    "人身保险业务基本服务规定": ["人身保险业务基本服务规定"],
    "人身保险产品信息披露管理办法": ["人身保险产品信息披露管理办法", "信息披露办法"],
    "人身保险公司保险条款和保险费率管理办法": ["人身保险公司保险条款和保险费率管理办法"],
    "保险代理人监管规定": ["保险代理人监管规定", "代理人监管规定"],
    "保险公司管理规定": ["保险公司管理规定"],
    "保险法": ["保险法"],
    "保险销售行为可回溯管理暂行办法": ["保险销售行为可回溯管理暂行办法", "可回溯暂行办法", "可回溯办法"],
    "保险销售行为管理办法": ["保险销售行为管理办法", "销售办法"],
    "健康保险管理办法": ["健康保险管理办法"],
    "反洗钱法": ["反洗钱法"],
    "数据安全法": ["数据安全法"],
    "最高人民法院、最高人民检察院关于办理侵犯公民个人信息刑事案件适用法律若干问题的解释":
        ["关于办理侵犯公民个人信息刑事案件适用法律若干问题的解释", "两高解释"],
    "最高人民法院关于适用《保险法》若干问题的解释（三）": ["保险法司法解释（三）", "保险法》若干问题的解释（三）", "保险法司法解释三"],
    "最高人民法院关于适用《保险法》若干问题的解释（二）": ["保险法司法解释（二）", "保险法》若干问题的解释（二）", "保险法司法解释二"],
    "未成年人保护法": ["未成年人保护法"],
    "档案法": ["档案法"],
    "档案法实施条例": ["档案法实施条例", "实施条例"],
    "民法典": ["民法典"],
    "消费者权益保护法": ["消费者权益保护法"],
    "电子签名法": ["电子签名法"],
    "网络安全法": ["网络安全法"],
    "网络数据安全管理条例": ["网络数据安全管理条例"],
    "金融机构产品适当性管理办法": ["金融机构产品适当性管理办法", "适当性办法"],
    "银行业保险业消费投诉处理管理办法": ["银行业保险业消费投诉处理管理办法", "投诉办法"],
}
# 民法典 is stored as two books
_FILES = {"民法典": ("民法典总则", "人格权编")}


def number(text: str) -> int:
    """``"一百三十一"`` → 131, ``"21"`` → 21."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        else:
            total += (digit or 1) * _UNITS[ch]
            digit = 0
    return total + digit


def laws_dir() -> Path | None:
    """``CLIENTKIT_LAWS_DIR`` or ``<repo>/../shared/laws`` (where CI puts the shared texts)."""
    override = os.environ.get("CLIENTKIT_LAWS_DIR")
    folder = Path(override) if override else REPO.parent / "shared" / "laws"
    return folder if folder.is_dir() else None


def articles(folder: Path) -> dict[str, set[int]]:
    """Article numbers per law (key of :data:`ALIASES`) found in the texts of ``folder``."""
    by_stem: dict[str, set[int]] = {}
    for path in folder.glob("*.md"):
        stem = re.sub(r"\(\d{4}-\d{2}-\d{2}\)$", "", path.stem)
        found = set()
        for line in path.read_text(encoding="utf-8").splitlines():
            m = ARTICLE_HEAD.match(line.strip())
            if m:
                found.add(number(m.group(1)))
        by_stem[stem] = found
    out = {}
    for law in ALIASES:
        parts = _FILES.get(law, (law,))
        if all(p in by_stem for p in parts):
            out[law] = set().union(*(by_stem[p] for p in parts))
    return out


_RANGE = re.compile(rf"第({NUM})(?:条)?\s*(?:[–—\-~～至到])\s*(?:第)?({NUM})条")
_LIST = re.compile(rf"第({NUM}(?:[、，,和及]第?{NUM})*)条")


def cited(source: str) -> list[tuple[str, int]]:
    """``(law, article)`` pairs cited in ``source`` for the laws of :data:`ALIASES`.

    The text after a law's name up to the next law name or ``；`` is its citation; numbers in
    ``第…条`` (lists like 第28、29条 and ranges like 第26–28条 or 第二十六条至第二十八条 included)
    are its articles. ``第（八）项`` / ``第二款`` are not articles and are skipped."""
    names = sorted(((alias, law) for law, al in ALIASES.items() for alias in al), key=lambda x: -len(x[0]))
    hits = []
    pos = 0
    while pos < len(source):
        for alias, law in names:
            if source.startswith(alias, pos):
                hits.append((pos, pos + len(alias), law))
                pos += len(alias)
                break
        else:
            pos += 1
    out = []
    for n, (start, end, law) in enumerate(hits):
        stop = hits[n + 1][0] if n + 1 < len(hits) else len(source)
        segment = source[end:stop].split("；")[0]
        segment = re.sub(r"第[（(][^）)]*[）)]项|第[一二三四五六七八九十0-9]+[款项]", "", segment)
        for m in _RANGE.finditer(segment):
            lo, hi = number(m.group(1)), number(m.group(2))
            out += [(law, k) for k in range(lo, hi + 1)]
        segment = _RANGE.sub("", segment)
        for m in _LIST.finditer(segment):
            out += [(law, number(v.removeprefix("第"))) for v in re.split(r"[、，,和及]", m.group(1))]
    return out


def _walk(node, where: str):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "source" and isinstance(value, str):
                yield where, value
            else:
                yield from _walk(value, f"{where}/{node.get('id', key) if key != 'id' else where}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{where}[{i}]")


def sources(folder: Path | None = None) -> list[tuple[str, str]]:
    """``(where, source)`` of every question, exercise and case in the content files."""
    folder = folder or REPO / "exercises"
    out = []
    for path in sorted(folder.glob("ch[0-9][0-9]_*.yaml")):
        out += list(_walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.name))
    return out
