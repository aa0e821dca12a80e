"""Excel/CSV export (clientkit/reports/export.py): a sheet per view, formula-like cells escaped."""
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from clientkit.reports.export import escape_cell, to_csv, to_excel


@pytest.mark.parametrize("value, expected", [
    ("=1+2", "'=1+2"), ("+86 138", "'+86 138"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("王小明", "王小明"), ("a=b", "a=b"), (-5, -5), (1.5, 1.5), (None, None),
])
def test_escape_cell(value, expected):
    assert escape_cell(value) == expected


def test_excel_has_one_sheet_per_view_and_no_formula():
    views = {"掌握程度": pd.DataFrame({"业务员": ["=HYPERLINK(\"http://x\")", "李四"], "第1章": [80.0, None]}),
             "易错规则": pd.DataFrame({"规则": ["C1-08"], "错误率(%)": [-1.5]}),
             "=evil": pd.DataFrame({"x": [1]})}
    wb = load_workbook(io.BytesIO(to_excel(views)))
    assert wb.sheetnames == ["掌握程度", "易错规则", "=evil"]  # sheet names are not evaluated
    sheet = wb["掌握程度"]
    assert [c.value for c in sheet["A"]] == ["业务员", "'=HYPERLINK(\"http://x\")", "李四"]
    assert sheet["B2"].value == 80 and sheet["B3"].value is None
    assert wb["易错规则"]["B2"].value == -1.5  # numbers stay numbers
    assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)


def test_csv_is_utf8_with_bom_and_escaped():
    data = to_csv(pd.DataFrame({"业务员": ["-1", "赵丽"], "分数": [3, 4]}))
    assert data.startswith("\ufeff".encode("utf-8"))
    lines = data.decode("utf-8-sig").splitlines()
    assert lines == ["业务员,分数", "'-1,3", "赵丽,4"]


@pytest.mark.parametrize("value", ["\n=1+1", "\r=1+1", "＝1+1", "＋1", "\t=1+1"])
def test_escape_cell_covers_line_feed_and_full_width(value):
    assert escape_cell(value) == "'" + value


def _rows(data: bytes) -> list[list[str]]:
    import csv

    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_quotes_as_rfc4180_and_neutralises_every_dangerous_start():
    cells = ["\n=2+2", "x;=3+3", 'say "hi"', "a,b", "=HYPERLINK(\"http://evil\")", "普通"]
    data = to_csv(pd.DataFrame({"名字": cells, "n": range(len(cells))}))
    text = data.decode("utf-8-sig")
    assert text.endswith("\r\n") and text.count("\r\n") == len(cells) + 1
    assert '"\'\n=2+2"' in text          # a cell with a line feed is quoted, and neutralised
    assert '"x;=3+3"' in text            # a semicolon cell is quoted (semicolon-separated locales)
    assert '"say ""hi"""' in text        # quotes doubled inside quotes
    rows = _rows(data)
    assert [r[0] for r in rows[1:]] == ["'\n=2+2", "x;=3+3", 'say "hi"', "a,b",
                                         "'=HYPERLINK(\"http://evil\")", "普通"]
    assert all(not r[0].startswith(("=", "+", "-", "@", "\t", "\r", "\n", "＝")) for r in rows)


def test_csv_numbers_read_as_a_spreadsheet_shows_them():
    """A percentage of 70 is written 70, not 70.0 (pandas makes a score column float as soon as one
    cell is blank); fractions and blanks stay as they are."""
    data = to_csv(pd.DataFrame({"平均分": [70.0, 66.7, None], "人数": [3, 0, 1], "r": [-0.25, 1.0, 0.0]}))
    assert _rows(data)[1:] == [["70", "3", "-0.25"], ["66.7", "0", "1"], ["", "1", "0"]]
