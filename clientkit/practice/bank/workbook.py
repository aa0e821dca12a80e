"""Write a chapter's question bank as an ``.xlsx`` workbook and read an uploaded one (issue 14).

The workbook: a 说明 sheet (the chapter, the content version it was exported from and how to
fill the columns), one sheet per question type (:mod:`.columns`), and a read-only sheet listing
the chapter's scenario exercises. Reading keeps every cell as it is (no formula is evaluated:
a formula cell is reported by the row checks) and reports a file that is not a readable
workbook, or lacks a sheet or a column, as :class:`BankProblem` entries.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from clientkit.i18n import t
from clientkit.practice.bank.columns import (INFO_CHAPTER, INFO_SHEET, INFO_VERSION, OPTION_LETTERS, SCENARIO_SHEET,
                                             TOPICS, TRUE_FALSE, TYPE_LABELS, columns)

_WIDTHS = {"题号": 8, "题型": 8, "规则编号": 14, "来源": 28, "题干": 50, "答案": 10, "解析": 50, "难度": 6,
           "主题": 12, "备注": 20, "容差": 8, "单位": 8}
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True)
class BankProblem:
    """One thing wrong in an uploaded workbook: where (sheet, row, column) and what."""

    sheet: str
    row: int | None
    column: str
    message: str

    def text(self) -> str:
        if self.row is None:
            return t("bank.problem_sheet", sheet=self.sheet, column=self.column or "—", message=self.message)
        return t("bank.problem_line", sheet=self.sheet, row=self.row, column=self.column or "—", message=self.message)


@dataclass
class ReadBook:
    """An uploaded workbook: the chapter and version it names, its rows per question type
    (``(row number, {column: cell})``) and the problems found while reading."""

    chapter: int | None = None
    base_version: str = ""
    rows: dict[str, list[tuple[int, dict]]] = field(default_factory=dict)
    problems: list[BankProblem] = field(default_factory=list)


def _cells(q: dict, kind: str) -> list:
    out = []
    for col in columns(kind):
        out.append(_cell(q, col))
    return out


def _cell(q: dict, col: str):
    if col == "题号":
        return q["id"]
    if col == "题型":
        return TYPE_LABELS[q["type"]]
    if col == "规则编号":
        return "、".join(q["rule_ids"])
    if col == "来源":
        return q["source"]
    if col == "题干":
        return q["prompt"]
    if col.startswith("选项"):
        keys = list(q.get("options", {}))
        i = OPTION_LETTERS.index(col[-1])
        return q["options"][keys[i]] if i < len(keys) else None
    if col == "答案":
        return _answer(q)
    if col == "解析":
        return q["explanation"]
    if col == "难度":
        return q.get("difficulty")
    if col == "主题":
        return TOPICS.get(q["topic"], q["topic"]) if q.get("topic") else None
    if col == "备注":
        return q.get("note")
    if col == "容差":
        return q.get("tolerance")
    if col == "单位":
        return q.get("unit")
    raise KeyError(col)


def _answer(q: dict):
    kind, answer = q["type"], q["answer"]
    if kind in ("single", "multi"):
        keys = list(q["options"])
        picked = [answer] if kind == "single" else list(answer)
        return "".join(sorted(OPTION_LETTERS[keys.index(k)] for k in picked))
    if kind == "true_false":
        return TRUE_FALSE[bool(answer)]
    if kind == "date":
        return answer.isoformat() if isinstance(answer, date) else str(answer)
    return answer


def _put(ws, row: int, col: int, value) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, not a formula: the round trip keeps it as written
    cell.alignment = Alignment(wrap_text=True, vertical="top")


def _header(ws, names) -> None:
    for i, name in enumerate(names, start=1):
        cell = ws.cell(row=1, column=i, value=name)
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        ws.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(name, 18)
    ws.freeze_panes = "B2"


def export_workbook(chapter: int, source) -> bytes:
    """The ``.xlsx`` bytes of chapter ``chapter``'s knowledge questions in ``source``
    (a :class:`clientkit.practice.content.Content`)."""
    ch = source.chapters.get(chapter)
    questions = list(ch.questions) if ch else []
    wb = Workbook()
    info = wb.active
    info.title = INFO_SHEET
    rows = [(INFO_CHAPTER, chapter), (INFO_VERSION, source.version), ("", "")]
    rows += [("", line) for line in t("bank.info_lines").splitlines()]
    for r, (a, b) in enumerate(rows, start=1):
        info.cell(row=r, column=1, value=a or None).font = Font(bold=True)
        _put(info, r, 2, b if b != "" else None)
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 100
    for kind, label in TYPE_LABELS.items():
        ws = wb.create_sheet(label)
        names = columns(kind)
        _header(ws, names)
        r = 2
        for q in questions:
            if q["type"] != kind:
                continue
            for c, value in enumerate(_cells(q, kind), start=1):
                _put(ws, r, c, value)
            r += 1
    _scenario_sheet(wb.create_sheet(SCENARIO_SHEET), ch)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _scenario_sheet(ws, ch) -> None:
    names = ("练习编号", "类型", "标题", "规则编号", "参数")
    _header(ws, names)
    _put(ws, 2, 1, t("bank.scenario_note"))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(names))
    r = 3
    for ex in (ch.exercises if ch else ()):
        if ex.kind == "knowledge":
            continue
        values = (ex.id, t(f"bank.kind.{ex.kind}") if _has_kind(ex.kind) else ex.kind, ex.title, "、".join(ex.rule_ids),
                  yaml.safe_dump(ex.params, allow_unicode=True, default_flow_style=True, width=10**6).strip())
        for c, value in enumerate(values, start=1):
            _put(ws, r, c, value)
        r += 1
    ws.protection.sheet = True  # generated items: read-only here, the import ignores this sheet


def _has_kind(kind: str) -> bool:
    from clientkit.i18n import has

    return has(f"bank.kind.{kind}")


def read_workbook(data: bytes) -> ReadBook:
    """Read an uploaded workbook; never raises for a bad file (see :attr:`ReadBook.problems`)."""
    out = ReadBook()
    file_label = t("bank.file")
    if not data:
        out.problems.append(BankProblem(file_label, None, "", t("bank.err.empty_file")))
        return out
    try:
        wb = load_workbook(io.BytesIO(data), data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, EOFError):
        out.problems.append(BankProblem(file_label, None, "", t("bank.err.not_xlsx")))
        return out
    except Exception:  # openpyxl raises many kinds for a damaged package
        out.problems.append(BankProblem(file_label, None, "", t("bank.err.not_xlsx")))
        return out
    if INFO_SHEET not in wb.sheetnames:
        out.problems.append(BankProblem(INFO_SHEET, None, "", t("bank.err.no_info")))
        return out
    _read_info(wb[INFO_SHEET], out)
    for kind, label in TYPE_LABELS.items():
        if label not in wb.sheetnames:
            out.problems.append(BankProblem(label, None, "", t("bank.err.no_sheet")))
            continue
        out.rows[kind] = _read_sheet(wb[label], kind, out.problems)
    return out


def _read_info(ws, out: ReadBook) -> None:
    found = {}
    for row in ws.iter_rows(min_row=1, max_row=10, max_col=2):
        if row[0].value in (INFO_CHAPTER, INFO_VERSION):
            found[row[0].value] = row[1]
    cell = found.get(INFO_CHAPTER)
    value = cell.value if cell is not None else None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 8:
        out.problems.append(BankProblem(INFO_SHEET, cell.row if cell is not None else None, INFO_CHAPTER,
                                        t("bank.err.chapter")))
    else:
        out.chapter = value
    version = found.get(INFO_VERSION)
    out.base_version = str(version.value or "").strip() if version is not None else ""


def _read_sheet(ws, kind: str, problems: list[BankProblem]) -> list[tuple[int, dict]]:
    label = TYPE_LABELS[kind]
    header = [c.value.strip() if isinstance(c.value, str) else c.value for c in next(ws.iter_rows(min_row=1, max_row=1), ())]
    where = {name: i for i, name in enumerate(header) if isinstance(name, str) and name}
    missing = [name for name in columns(kind) if name not in where]
    for name in missing:
        problems.append(BankProblem(label, 1, name, t("bank.err.no_column")))
    if missing:
        return []
    rows = []
    for cells in ws.iter_rows(min_row=2):
        values = {name: cells[i] if i < len(cells) else None for name, i in where.items()}
        if all(c is None or c.value is None or (isinstance(c.value, str) and not c.value.strip())
               for c in values.values()):
            continue
        rows.append((cells[0].row, values))
    return rows
