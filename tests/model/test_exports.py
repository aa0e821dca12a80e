"""档案体检 of a whole export (issue 10): a zip or several files of a generated book give exactly
its planted defects; a client list alone runs only the rules it can judge and lists the others
as 未检查 with the tables they lack; zip limits; bad cells by file, row and column."""
from __future__ import annotations

import io
import zipfile
from datetime import date

import pandas as pd
import pytest

from clientkit.errors import FileFormatError
from clientkit.generate import generate_book
from clientkit.model.exports import import_export, table_for
from clientkit.rules.audit import audit, unchecked

KEY = ["rule_id", "client_id", "field"]
ON = date(2026, 6, 30)


def _rows(df: pd.DataFrame) -> list[tuple]:
    return sorted(map(tuple, df[KEY].astype(str).to_numpy().tolist()))


@pytest.fixture(scope="module")
def book():
    return generate_book(200, seed=5, defect_rate=0.3, on=ON)


@pytest.fixture(scope="module")
def folder(book, tmp_path_factory):
    """What ``clientkit generate --out DIR --format csv`` writes."""
    return book.save(tmp_path_factory.mktemp("export"), fmt="csv")


def _zip(folder) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(folder.iterdir()):
            z.write(path, f"导出/{path.name}")
    return out.getvalue()


def test_a_zip_of_a_generated_book_gives_exactly_its_planted_defects(book, folder):
    export = import_export([("导出.zip", _zip(folder))])
    assert "clients" in export.files and export.files["consents"] == "consents.csv"
    assert sorted(export.ignored) == ["defects.csv", "meta.json"]  # listed, never read as tables
    assert unchecked(export.tables) == []  # every table a rule needs was in the zip
    found = audit(export.book, on=ON, tables=export.tables)
    assert len(book.defects) > 20
    assert _rows(found) == _rows(book.defects)


def test_several_files_at_once_are_the_same_export(book, folder):
    files = [(p.name, p) for p in sorted(folder.glob("*.csv"))]
    export = import_export(files)
    assert _rows(audit(export.book, on=ON, tables=export.tables)) == _rows(book.defects)


def test_a_client_list_alone_runs_no_rule_of_another_table_and_lists_them_as_unchecked(book, folder):
    export = import_export([("客户清单2026.csv", (folder / "clients.csv").read_bytes())])
    assert export.tables == ["clients"]  # a lone file keeps any name and is the client list
    found = audit(export.book, on=ON, tables=export.tables)
    skipped = {r.id: missing for r, missing in unchecked(export.tables)}
    # by hand from the rules: C1-20/C1-21 need the consents, C1-14 the policies, updates and
    # contacts, C1-03 the policies and beneficiaries; the ID, USCC and phone rules need clients only
    assert skipped["C1-20"] == ("consents",) and skipped["C1-21"] == ("consents",)
    assert set(skipped["C1-14"]) == {"policies", "updates", "interactions"}
    assert set(skipped["C1-03"]) == {"policies", "beneficiaries"}
    assert not {"C1-08", "C1-09", "C1-10", "C1-11", "C1-12", "C1-13"} & set(skipped)
    assert not set(found["rule_id"]) & set(skipped)
    assert {"C1-08", "C1-11"} <= set(found["rule_id"])
    # every planted defect of a clients-only rule is still found, and nothing else
    planted = book.defects[~book.defects["rule_id"].isin(list(skipped) + ["C1-03"])]
    assert _rows(found[found["rule_id"] != "C1-13"]) == _rows(planted[planted["rule_id"] != "C1-13"])


def test_chinese_table_names_are_recognised():
    assert table_for("客户.xlsx") == "clients" and table_for("授权同意.csv") == "consents"
    assert table_for("POLICIES.CSV") == "policies" and table_for("meta.json") is None
    assert table_for("说明.csv") is None


def test_bad_cells_are_reported_by_file_row_and_column_and_good_rows_kept():
    clients = "客户编号,客户类型,姓名,出生日期\nC1,个人,张三,1980-02-30\nC2,个人,李四,1990-01-01\n"
    consents = "consent_id,client_id,data_category,consent_type,given_on\nK1,C2,health,separate,2020-13-01\n"
    export = import_export([("clients.csv", clients.encode("gbk")), ("consents.csv", consents.encode())])
    issues = export.book.issues
    assert len(export.book.clients) == 2 and len(export.book.consents) == 1
    bad = issues[["file", "row", "column"]].astype(str).values.tolist()
    assert ["clients.csv", "2", "birth_date"] in bad and ["consents.csv", "2", "given_on"] in bad


def test_two_files_for_one_table_are_refused_naming_both():
    data = "客户编号\nC1\n".encode()
    with pytest.raises(FileFormatError) as err:
        import_export([("clients.csv", data), ("客户.csv", data)])
    assert "clients.csv" in err.value.message() and "客户.csv" in err.value.message()


def test_a_broken_table_file_is_named_in_the_message():
    with pytest.raises(FileFormatError) as err:
        import_export([("clients.csv", "客户编号\nC1\n".encode()), ("policies.csv", b"foo,bar\n1,2\n")])
    assert err.value.message().startswith("文件 policies.csv：")


def test_a_zip_bomb_is_refused_before_unpacking():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("clients.csv", "w", force_zip64=True) as f:
            for _ in range(300):
                f.write(b"0" * 1_200_000)  # 360 MB unpacked
    with pytest.raises(FileFormatError) as err:
        import_export([("导出.zip", out.getvalue())])
    assert "压缩包解压后过大" in err.value.message()


def test_a_zip_with_too_many_members_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for i in range(1001):
            z.writestr(f"f{i}.txt", "")
    with pytest.raises(FileFormatError) as err:
        import_export([("x.zip", out.getvalue())])
    assert "文件过多" in err.value.message()


def test_a_zip_without_any_table_says_what_names_are_expected():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "hello")
        z.writestr("a.csv", "x\n1\n")
        z.writestr("b.csv", "x\n1\n")
    with pytest.raises(FileFormatError) as err:
        import_export([("x.zip", out.getvalue())])
    assert "clients.csv" in err.value.message() and "readme.txt" in err.value.message()
