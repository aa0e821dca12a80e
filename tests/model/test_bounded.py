"""Untrusted client-list files are refused quickly and clearly (clientkit/model/bounded.py,
issue 15): zip bombs, too many zip entries, too large, too slow, too much memory."""
from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest

from clientkit.errors import FileFormatError
from clientkit.model import bounded
from clientkit.model.importing import import_book, parse_table


def _xlsx(tmp_path) -> bytes:
    path = tmp_path / "c.xlsx"
    pd.DataFrame({"客户编号": ["C1"], "客户类型": ["个人"], "姓名": ["张三"]}).to_excel(path, index=False)
    return path.read_bytes()


def _bomb(tmp_path, unpacked: int) -> bytes:
    """A real xlsx whose first sheet is replaced by ``unpacked`` bytes of repetitive sheet XML."""
    src = zipfile.ZipFile(io.BytesIO(_xlsx(tmp_path)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for item in src.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                z.writestr(item, src.read(item))
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                    b'spreadsheetml/2006/main"><sheetData>')
            row = b'<row><c t="inlineStr"><is><t>C1</t></is></c></row>' * 20000
            for _ in range(unpacked // len(row)):
                f.write(row)
            f.write(b"</sheetData></worksheet>")
    return out.getvalue()


@pytest.mark.timeout(60)  # loose: the refusal comes before any parsing (was > 6 min and 3.6 GB)
def test_zip_bomb_xlsx_is_refused_before_parsing(tmp_path):
    data = _bomb(tmp_path, 400 * 1024 * 1024)
    assert len(data) < 5 * 1024 * 1024
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(data)
    with pytest.raises(FileFormatError) as err:
        import_book(path)
    assert err.value.key == "import.xlsx_too_large"
    assert "解压后过大" in err.value.message() and "上限 256 MB" in err.value.message()


def test_a_highly_compressed_sheet_is_refused_even_under_the_size_cap(tmp_path):
    with pytest.raises(FileFormatError) as err:
        bounded.check_xlsx(_bomb(tmp_path, 50 * 1024 * 1024))
    assert err.value.key == "import.xlsx_bad_ratio" and "压缩炸弹" in err.value.message()


def test_an_xlsx_with_too_many_entries_is_refused(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for i in range(bounded.MAX_XLSX_ENTRIES + 1):
            z.writestr(f"x/{i}.xml", b"")
    with pytest.raises(FileFormatError) as err:
        import_book(out.getvalue(), name="many.xlsx")
    assert err.value.key == "import.xlsx_too_many_entries" and "条目过多" in err.value.message()


def test_a_normal_xlsx_is_read_in_the_bounded_child(tmp_path):
    book = import_book(_xlsx(tmp_path), name="c.xlsx")
    assert book.clients["client_id"].tolist() == ["C1"]


def test_a_file_over_the_stated_limit_is_refused_with_its_size(tmp_path, monkeypatch):
    assert bounded.MAX_FILE_BYTES >= 100 * 1024 * 1024  # the stated limit of 档案体检
    monkeypatch.setattr(bounded, "MAX_FILE_BYTES", 1024)
    path = tmp_path / "big.csv"
    path.write_text("客户编号\n" + "C1\n" * 1000, encoding="utf-8")
    with pytest.raises(FileFormatError) as err:
        import_book(path)
    assert err.value.key == "import.too_large" and "上限为 1 KB" in err.value.message()


def test_rows_over_the_limit_are_refused(monkeypatch):
    monkeypatch.setattr(bounded, "MAX_ROWS", 3)
    with pytest.raises(FileFormatError) as err:
        parse_table("客户编号\nC1\nC2\nC3\nC4\n".encode(), False)
    assert err.value.key == "import.too_many_rows"


def test_parsing_that_takes_too_long_is_stopped():
    with pytest.raises(FileFormatError) as err:
        bounded.run_bounded(parse_table, b"a\n1\n", False, timeout=0.01)
    assert err.value.key == "import.timeout" and "超时" in err.value.message()


def test_parsing_that_needs_too_much_memory_is_stopped():
    with pytest.raises(FileFormatError) as err:
        bounded.run_bounded(bytes, 2 * 1024 ** 3, memory=512 * 1024 ** 2)
    assert err.value.key == "import.out_of_memory" and "内存" in err.value.message()
