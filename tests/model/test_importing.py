"""Import keeps every row, reports bad cells by row and column in Chinese, and reads GBK."""
import pandas as pd
import pytest

from clientkit.errors import FileFormatError
from clientkit.model.book import Book
from clientkit.model.importing import import_book

HEADER = "客户编号,客户类型,姓名,性别,出生日期,证件号码,年收入(元)\n"


def test_utf8_and_gbk_give_the_same_rows(tmp_path):
    text = HEADER + "C1,个人,张三,男,1980-01-01,11010519800101001X,120000\nC2,个人,李四,女,1990-05-06,,\n"
    (tmp_path / "u.csv").write_bytes(text.encode("utf-8"))
    (tmp_path / "g.csv").write_bytes(text.encode("gbk"))
    a, b = import_book(tmp_path / "u.csv"), import_book(tmp_path / "g.csv")
    assert list(a.clients["name"]) == ["张三", "李四"] == list(b.clients["name"])
    assert a.clients.loc[0, "client_type"] == "individual"  # label mapped to the declared code
    assert a.issues.empty and b.issues.empty


def test_bad_cells_are_reported_by_row_and_column_and_rows_kept(tmp_path):
    text = HEADER + "C1,个人,张三,男,1980-02-30,110105198002300010,abc\nC2,外星人,李四,女,1990-05-06,123,5000\n"
    (tmp_path / "bad.csv").write_text(text, encoding="utf-8")
    book = import_book(tmp_path / "bad.csv")
    assert len(book.clients) == 2  # nothing dropped
    issues = {(r.row, r.column) for r in book.issues.itertuples()}
    # spreadsheet rows: header is row 1, C1 is row 2, C2 is row 3
    assert issues == {(2, "birth_date"), (2, "annual_income"), (3, "client_type")}
    assert book.clients.loc[1, "client_type"] == "外星人"  # an unknown enum value is kept, not fixed
    assert book.clients.loc[1, "id_number"] == "123"  # malformed IDs are kept for the rules to report
    reasons = set(book.issues["reason"])
    assert "不是有效日期" in reasons and "不是数字" in reasons


def test_wrong_headers_give_a_chinese_error(tmp_path):
    (tmp_path / "x.csv").write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(FileFormatError) as err:
        import_book(tmp_path / "x.csv")
    assert "客户编号" in err.value.message()


def test_undecodable_and_empty_files(tmp_path):
    (tmp_path / "e.csv").write_bytes(b"")
    with pytest.raises(FileFormatError) as err:
        import_book(tmp_path / "e.csv")
    assert "空" in err.value.message()
    (tmp_path / "b.csv").write_bytes(b"\xff\xfe\x00\x81\x30" * 10)
    with pytest.raises(FileFormatError):
        import_book(tmp_path / "b.csv")


def test_excel_import(tmp_path):
    df = pd.DataFrame({"客户编号": ["C1"], "姓名": ["王五"], "出生日期": ["1975-13-01"]})
    df.to_excel(tmp_path / "c.xlsx", index=False)
    book = import_book(tmp_path / "c.xlsx")
    assert book.clients.loc[0, "name"] == "王五"
    assert list(book.issues["column"]) == ["birth_date"] and list(book.issues["row"]) == [2]


def test_save_load_round_trip_parquet_and_csv(tmp_path):
    book = Book.from_frames({"clients": pd.DataFrame({"client_id": ["C1"], "name": ["赵六"], "birth_date": ["2001-02-03"], "annual_income": ["8.5"]})})
    for fmt in ("parquet", "csv"):
        back = Book.load(book.save(tmp_path / fmt, fmt=fmt))
        pd.testing.assert_frame_equal(back.clients, book.clients)
