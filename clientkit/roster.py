"""Roster import (issue 14): agents from an ``.xlsx`` or ``.csv`` list (工号/用户名, 姓名, 团队, 角色).

Every row is checked on its own; a row with a problem is reported by row and column and left
out, the good rows are created with a generated one-time password
(:func:`clientkit.store.passwords.generate_password`, policy-compliant) that must be changed at
the first sign-in. The passwords are handed out once, in a downloadable ``.xlsx`` that holds
exactly the users created. A trainer may import agents only (classes have no member lists: agents
join a class with its code); an existing user name is reported and left unchanged.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from clientkit.auth import ROLE_LABELS
from clientkit.i18n import t

USERNAME_HEADERS = ("工号/用户名", "工号", "用户名")
_USERNAME = re.compile(r"^[A-Za-z0-9._\-]{1,64}$")
_ROLE_CODES = {**{label: code for code, label in ROLE_LABELS.items()}, **{code: code for code in ROLE_LABELS}}
MAX_NAME = 128


@dataclass(frozen=True)
class RosterProblem:
    row: int | None
    column: str
    message: str

    def text(self) -> str:
        if self.row is None:
            return self.message
        return t("roster.problem_line", row=self.row, column=self.column, message=self.message)


@dataclass
class RosterResult:
    """What an import did: the users created (with their one-time passwords) and the problems."""

    created: list[dict] = field(default_factory=list)  # username, name, team, role, password
    problems: list[RosterProblem] = field(default_factory=list)

    def summary(self) -> str:
        return t("roster.done", created=len(self.created), errors=len({p.row for p in self.problems}))


def read_rows(data: bytes, filename: str) -> tuple[list[tuple[int, dict]], list[RosterProblem]]:
    """``[(row number, {column: value})]`` of the file, and problems of the file as a whole."""
    if not data:
        return [], [RosterProblem(None, "", t("roster.err.empty_file"))]
    if filename.lower().endswith(".csv"):
        table = _csv(data)
    else:
        table = _xlsx(data)
    if table is None:
        return [], [RosterProblem(None, "", t("roster.err.not_readable"))]
    if not table:
        return [], [RosterProblem(None, "", t("roster.err.empty_file"))]
    header = [str(v).strip() if v is not None else "" for v in table[0][1]]
    user_col = next((h for h in USERNAME_HEADERS if h in header), None)
    missing = [name for name, ok in (("工号/用户名", user_col), ("姓名", "姓名" in header)) if not ok]
    if missing:
        return [], [RosterProblem(1, name, t("roster.err.no_column", column=name)) for name in missing]
    rows = []
    for number, values in table[1:]:
        cells = {name: values[i] if i < len(values) else None for i, name in enumerate(header) if name}
        cells["工号/用户名"] = cells.get(user_col)
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells.values()):
            continue
        rows.append((number, cells))
    return rows, []


def _csv(data: bytes):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return [(i, row) for i, row in enumerate(csv.reader(io.StringIO(text)), start=1)]
    return None


class _Formula(str):
    """A formula cell's text, reported as such by the row checks."""


def _xlsx(data: bytes):
    from openpyxl import load_workbook

    try:
        ws = load_workbook(io.BytesIO(data), data_only=False).worksheets[0]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, EOFError, IndexError):
        return None
    except Exception:  # openpyxl raises many kinds for a damaged package
        return None
    out = []
    for cells in ws.iter_rows():
        values = [_Formula(c.value) if c.data_type == "f" else c.value for c in cells]
        out.append((cells[0].row, values))
    return out


def check_row(number: int, cells: dict, seen: dict[str, int], exists, actor_role: str
              ) -> tuple[dict | None, list[RosterProblem]]:
    """The user of one row (username, name, team, role) or None, and the row's problems."""
    problems = []

    def text(column: str, required: bool = False, limit: int = MAX_NAME) -> str:
        value = cells.get(column)
        if isinstance(value, _Formula):
            problems.append(RosterProblem(number, column, t("roster.err.formula")))
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = "" if value is None else str(value).strip()
        if required and not value:
            problems.append(RosterProblem(number, column, t("roster.err.missing")))
        elif len(value) > limit:
            problems.append(RosterProblem(number, column, t("roster.err.too_long", n=limit)))
        return value

    username = text("工号/用户名", required=True, limit=64)
    name = text("姓名", required=True)
    team = text("团队")
    role_text = text("角色") or ROLE_LABELS["agent"]
    role = _ROLE_CODES.get(role_text)
    if username and len(username) <= 64:
        if not _USERNAME.match(username):
            problems.append(RosterProblem(number, "工号/用户名", t("roster.err.username_form", value=username)))
        elif username in seen:
            problems.append(RosterProblem(number, "工号/用户名", t("roster.err.duplicate", row=seen[username])))
        elif exists(username):
            problems.append(RosterProblem(number, "工号/用户名", t("roster.err.taken", value=username)))
        seen.setdefault(username, number)
    if role is None:
        problems.append(RosterProblem(number, "角色", t("roster.err.role", value=role_text)))
    elif actor_role == "trainer" and role != "agent":
        problems.append(RosterProblem(number, "角色", t("roster.err.trainer_role")))
    if problems:
        return None, problems
    return {"username": username, "name": name, "team": team, "role": role}, []


def passwords_file(created: list[dict]) -> bytes:
    """The ``.xlsx`` handing out the one-time passwords: exactly the users created."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "初始密码"
    head = [t("roster.col_username"), t("roster.col_name"), t("roster.col_team"), t("roster.col_role"),
            t("roster.col_password")]
    ws.append(head)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for u in created:
        ws.append([u["username"], u["name"], u["team"], ROLE_LABELS[u["role"]], u["password"]])
        for cell in ws[ws.max_row]:
            cell.data_type = "s"  # text: a 工号 such as 00123 or =x stays as written
    for col, width in zip("ABCDE", (16, 12, 16, 10, 18)):
        ws.column_dimensions[col].width = width
    note = wb.create_sheet("说明")
    note["A1"] = t("roster.passwords_note")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
