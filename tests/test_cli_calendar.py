"""``clientkit calendar import | show`` (issue 8 §2): a good file is installed and wins for its
year; a bad file is refused with Chinese errors by line and nothing is installed."""
import pytest

from clientkit.cli import main

GOOD = """\
2027:
  notice: 国办发明电〔2026〕练习号
  days_off:
    - 2027-01-01
    - 2027-10-01 ~ 2027-10-07
  working_days:
    - 2027-09-26
    - 2027-10-09
"""

BAD = """\
2027:
  days_off:
    - 2027-02-30
    - 2027-10-01 ~ 2027-10-07
    - 2028-01-01
  working_days:
    - 2027-10-06
    - 2027-10-12
  holidays:
    - 2027-05-01
20x7:
  days_off:
    - 2027-01-01
"""


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CLIENTKIT_DB_URL", raising=False)
    return tmp_path


def test_import_then_show_the_company_year(home, capsys):
    src = home / "2027.yaml"
    src.write_text(GOOD, encoding="utf-8")
    assert main(["calendar", "import", str(src)]) == 0
    out = capsys.readouterr().out
    assert "已安装 2027 年：放假日 8 天，调休上班日 2 天。" in out
    assert (home / "home" / "holidays.yaml").exists()
    assert main(["calendar", "show", "2027"]) == 0
    out = capsys.readouterr().out
    assert "来源：公司日历" in out and "国办发明电〔2026〕练习号" in out
    assert "2027-10-07 星期四" in out and "2027-09-26 星期日" in out
    assert "待国务院公布调休安排" not in out  # the company file is not provisional


def test_a_second_import_keeps_other_years(home, capsys):
    a, b = home / "a.yaml", home / "b.yaml"
    a.write_text(GOOD, encoding="utf-8")
    b.write_text("2028:\n  days_off:\n    - 2028-01-01\n", encoding="utf-8")
    assert main(["calendar", "import", str(a)]) == 0
    assert main(["calendar", "import", str(b)]) == 0
    capsys.readouterr()
    assert main(["calendar", "show", "2027"]) == 0
    assert "来源：公司日历" in capsys.readouterr().out


def test_show_without_a_company_file(home, capsys):
    assert main(["calendar", "show", "2027"]) == 0
    out = capsys.readouterr().out
    assert "来源：按《全国年节及纪念日放假办法》法定节假日推算" in out
    assert "2027-10-05 星期二 补假" in out
    assert out.strip().endswith("按法定节假日推算，待国务院公布调休安排后以公司日历为准")
    assert main(["calendar", "show", "2026"]) == 0
    out = capsys.readouterr().out
    assert "来源：chinese_calendar" in out and "2026-02-28 星期六" in out  # a 调休 working Saturday
    assert main(["calendar", "show", "2050"]) == 1
    err = capsys.readouterr().err
    assert "2050 年不在任何日历层的范围内" in err and "Traceback" not in err


def test_a_bad_file_is_refused_line_by_line(home, capsys):
    src = home / "bad.yaml"
    src.write_text(BAD, encoding="utf-8")
    assert main(["calendar", "import", str(src)]) == 1
    err = capsys.readouterr().err
    assert "未安装" in err and "Traceback" not in err
    assert "第 3 行：days_off 中的「2027-02-30」不是有效日期" in err
    assert "第 5 行：「2028-01-01」不在 2027 年内" in err
    assert "第 7 行：2027-10-06 既写在放假日（第 4 行）又写在调休上班日" in err
    assert "第 8 行：调休上班日 2027-10-12 是星期二" in err
    assert "第 9 行：2027 年的「holidays」无法识别" in err
    assert "第 11 行：「20x7」不是年份" in err
    assert not (home / "home" / "holidays.yaml").exists()


@pytest.mark.parametrize("text, expected", [
    ("2027:\n  days_off: [2027-01-01\n", "YAML 格式错误"),
    ("- 2027-01-01\n", "第 1 行：文件应按年份书写"),
    ("2027:\n  working_days:\n    - 2027-02-13\n", "第 1 行：2027 年没有填写任何放假日"),
    ("2027:\n  days_off:\n    - 2027-10-07 ~ 2027-10-01\n", "第 3 行：区间「2027-10-07 ~ 2027-10-01」的结束日期早于开始日期"),
])
def test_more_bad_files(home, capsys, text, expected):
    src = home / "bad.yaml"
    src.write_text(text, encoding="utf-8")
    assert main(["calendar", "import", str(src)]) == 1
    assert expected in capsys.readouterr().err


def test_a_missing_file(home, capsys):
    assert main(["calendar", "import", str(home / "nope.yaml")]) == 1
    assert "找不到公司日历文件" in capsys.readouterr().err
