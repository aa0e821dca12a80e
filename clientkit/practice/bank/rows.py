"""Check every row of an uploaded question bank and turn it into a question (issue 14).

Each problem names the sheet, the row and the column (:class:`~.workbook.BankProblem`):
a formula cell, a missing 题干/来源/解析/规则编号, an unknown rule id, a 题号 used twice (also
across sheets), a 题型 that does not match its sheet, options with a gap, an answer that is not
an option, a 多选 key not written as letters (``ABD``, separators 、 , and spaces allowed), a
true/false, number or date answer that cannot be read, an unknown 难度 or 主题. A row left
without 题号 gets the next free ``qNN``. The final safety net is the content schema itself
(:func:`clientkit.practice.schema.check_question`).
"""
from __future__ import annotations

import re
from datetime import date, datetime

from clientkit.errors import ContentError
from clientkit.i18n import t
from clientkit.practice.bank.columns import (LABEL_TYPES, OPTION_COLUMNS, OPTION_LETTERS, TOPIC_CODES, TOPICS,
                                             TRUE_FALSE_READ, TYPE_LABELS)
from clientkit.practice.bank.workbook import BankProblem, ReadBook
from clientkit.practice.schema import DIFFICULTIES, check_question

_ID = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")
_SPLIT = re.compile(r"[,，、;；\s]+")
_KEY_SEPARATORS = re.compile(r"[,，、\s]+")


class _Row:
    """Reads the cells of one row, recording a problem per bad cell."""

    def __init__(self, sheet: str, number: int, cells: dict, problems: list[BankProblem]) -> None:
        self.sheet, self.number, self.cells, self.problems = sheet, number, cells, problems
        self.ok = True

    def bad(self, where: str, key: str, **ctx) -> None:
        self.ok = False
        self.problems.append(BankProblem(self.sheet, self.number, where, t(f"bank.err.{key}", **ctx)))

    def raw(self, column: str):
        cell = self.cells.get(column)
        if cell is None:
            return None
        if cell.data_type == "f" or type(cell.value).__name__ in ("ArrayFormula", "DataTableFormula"):
            self.bad(column, "formula")
            return None
        value = cell.value
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    def text(self, column: str, required: bool = False) -> str | None:
        value = self.raw(column)
        if value is None:
            if required:
                self.bad(column, "missing", column=column)
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, (datetime, date)):
            value = value.date().isoformat() if isinstance(value, datetime) else value.isoformat()
        return str(value)


def check_rows(read: ReadBook, topics_in_use: set[str], ids_in_use: set[str] = frozenset()
               ) -> tuple[list[dict], dict[str, tuple[str, int]]]:
    """The questions of every good row (YAML form) and where each came from (``id -> (sheet, row)``).

    Problems are appended to ``read.problems``; rows with problems give no question. A row
    without 题号 gets the first ``qNN`` used neither in the upload nor in ``ids_in_use`` (the
    bank in force: a removed question's id is not given to another question)."""
    from clientkit.rules.registry import rule

    questions: list[dict] = []
    origin: dict[str, tuple[str, int]] = {}
    pending_ids: list[tuple[dict, str, int]] = []
    for kind, rows in read.rows.items():
        sheet = TYPE_LABELS[kind]
        for number, cells in rows:
            row = _Row(sheet, number, cells, read.problems)
            q = _question(row, kind, rule, topics_in_use)
            qid = row.text("题号")
            if qid is not None:
                if not _ID.match(qid):
                    row.bad("题号", "id_form", value=qid)
                elif qid in origin:
                    where = origin[qid]
                    row.bad("题号", "duplicate_id", value=qid, sheet=where[0], row=where[1])
                else:
                    origin[qid] = (sheet, number)
            if not row.ok:
                continue
            if qid is None:
                pending_ids.append((q, sheet, number))
                continue
            q = {"id": qid, **q}
            if _schema_ok(q, row):
                questions.append(q)
    for q, sheet, number in pending_ids:  # blank 题号: the next free qNN
        qid = _next_id(set(origin) | set(ids_in_use))
        origin[qid] = (sheet, number)
        q = {"id": qid, **q}
        if _schema_ok(q, _Row(sheet, number, {}, read.problems)):
            questions.append(q)
    return questions, origin


def _next_id(taken) -> str:
    n = 1
    while f"q{n:02d}" in taken:
        n += 1
    return f"q{n:02d}"


def _schema_ok(q: dict, row: _Row) -> bool:
    try:
        check_question(row.sheet, dict(q, rule_ids=list(q.get("rule_ids") or [])))
    except ContentError as exc:  # everything the row checks missed, in the schema's words
        row.bad("", "schema", detail=exc.context.get("problem", exc.message()))
        return False
    return True


def _question(row: _Row, kind: str, rule, topics_in_use: set[str]) -> dict:
    q: dict = {}
    label = row.text("题型", required=True)
    if label is not None and LABEL_TYPES.get(label) != kind:
        row.bad("题型", "type_sheet", value=label, sheet=TYPE_LABELS[kind])
    q["type"] = kind
    topic = row.text("主题")
    if topic is not None:
        code = TOPIC_CODES.get(topic) or (topic if topic in topics_in_use or topic in TOPICS else None)
        if code is None:
            row.bad("主题", "topic", value=topic, allowed="、".join(TOPICS.values()))
        q["topic"] = code
    rule_ids = _rule_ids(row, rule)
    q["rule_ids"] = rule_ids
    q["source"] = row.text("来源", required=True)
    q["prompt"] = row.text("题干", required=True)
    if kind in ("single", "multi"):
        options = _options(row)
        q["options"] = options
        q["answer"] = _choice(row, kind, options)
    else:
        q["answer"] = _answer(row, kind)
    if kind == "number":
        tolerance = row.raw("容差")
        if tolerance is not None:
            value = _number(tolerance)
            if value is None or value < 0:
                row.bad("容差", "tolerance", value=tolerance)
            q["tolerance"] = value
        unit = row.text("单位")
        if unit is not None:
            q["unit"] = unit
    q["explanation"] = row.text("解析", required=True)
    difficulty = row.text("难度")
    if difficulty is not None:
        if difficulty not in DIFFICULTIES:
            row.bad("难度", "difficulty", value=difficulty, allowed="、".join(DIFFICULTIES))
        q["difficulty"] = difficulty
    note = row.text("备注")
    if note is not None:
        q["note"] = note
    return q


def _rule_ids(row: _Row, rule) -> list[str]:
    value = row.text("规则编号", required=True)
    if value is None:
        return []
    ids = [part for part in _SPLIT.split(value) if part]
    for rid in ids:
        try:
            rule(rid)
        except KeyError:
            row.bad("规则编号", "unknown_rule", value=rid)
    if len(set(ids)) != len(ids):
        row.bad("规则编号", "rule_twice")
    return ids


def _options(row: _Row) -> dict[str, str]:
    texts = [row.text(col) for col in OPTION_COLUMNS]
    last = max((i for i, v in enumerate(texts) if v is not None), default=-1)
    for i in range(last + 1):
        if texts[i] is None:
            row.bad(OPTION_COLUMNS[i], "option_gap", letter=OPTION_LETTERS[i])
    if last < 1:
        row.bad(OPTION_COLUMNS[max(last + 1, 0)], "options_few")
    if len({v for v in texts if v is not None}) != sum(v is not None for v in texts):
        row.bad(OPTION_COLUMNS[0], "option_twice")
    return {"abcdef"[i]: texts[i] for i in range(last + 1) if texts[i] is not None}


def _choice(row: _Row, kind: str, options: dict[str, str]):
    value = row.text("答案", required=True)
    if value is None:
        return None
    letters = _KEY_SEPARATORS.sub("", value).upper()
    offered = OPTION_LETTERS[:len(options)]
    if not letters or not all(ch in OPTION_LETTERS for ch in letters) or len(set(letters)) != len(letters):
        row.bad("答案", "key_form_multi" if kind == "multi" else "key_form_single", value=value)
        return None
    if kind == "single" and len(letters) != 1:
        row.bad("答案", "key_form_single", value=value)
        return None
    outside = [ch for ch in letters if ch not in offered]
    if outside:
        row.bad("答案", "not_option", value="".join(outside), offered=f"A–{offered[-1]}" if offered else "—")
        return None
    keys = ["abcdef"[OPTION_LETTERS.index(ch)] for ch in sorted(letters)]
    return keys[0] if kind == "single" else keys


def _number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if isinstance(value, float) and value.is_integer() else value
    try:
        number = float(str(value).replace(",", "").strip())
    except ValueError:
        return None
    return int(number) if number.is_integer() else number


def _answer(row: _Row, kind: str):
    value = row.raw("答案")
    if value is None:
        if not any(p.row == row.number and p.column == "答案" for p in row.problems):
            row.bad("答案", "missing", column="答案")
        return None
    if kind == "true_false":
        got = TRUE_FALSE_READ.get(str(value).strip())
        if got is None:
            row.bad("答案", "key_true_false", value=value)
        return got
    if kind == "number":
        got = _number(value)
        if got is None:
            row.bad("答案", "key_number", value=value)
        return got
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        row.bad("答案", "key_date", value=value)
        return None
