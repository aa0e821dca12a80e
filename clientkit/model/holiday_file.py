"""The company calendar file ``holidays.yaml`` (layer 1 of :mod:`clientkit.model.holiday_calendar`).

An admin copies each year's State Council notice (国务院办公厅关于××年部分节假日安排的通知) into::

    2027:
      notice: 国办发明电〔2026〕×号
      days_off:                 # 放假日，含放假期间的周末；区间两端都算
        - 2027-01-01
        - 2027-02-05 ~ 2027-02-11
      working_days:             # 调休上班的周六、周日
        - 2027-02-14

and installs it with ``clientkit calendar import FILE``: every entry is checked (a real date of
that year, a day not both off and working, a working day that is a Saturday or Sunday …) and
each error is reported in Chinese with its line. The years of an imported file replace the same
years of the installed file; other installed years stay. A year in the file is answered by the
file alone (民法典 第203条 needs the whole year's 法定休假日).
"""
from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import yaml

from clientkit.errors import FileFormatError
from clientkit.model.holiday_calendar import YearCalendar

__all__ = ["FILE_NAME", "install", "installed_path", "installed_years", "read_file"]

FILE_NAME = "holidays.yaml"
FIELDS = ("notice", "days_off", "working_days")
_SEPARATORS = ("~", "至")
_cache: dict = {}


def installed_path() -> Path:
    """``holidays.yaml`` in the instance folder."""
    from clientkit.config import home

    # home() resolves and creates the folder; every working-day question asks, so remember it
    # for the same CLIENTKIT_HOME and working directory.
    key = (os.environ.get("CLIENTKIT_HOME"), os.getcwd())
    if _cache.get("home_key") != key:
        _cache["path"] = home() / FILE_NAME
        _cache["home_key"] = key
    return _cache["path"]


def installed_years() -> dict[int, YearCalendar]:
    """The years of the installed company file (none when there is no file); re-read when the
    file changes. Raises FileFormatError when the installed file was broken by hand."""
    path = installed_path()
    try:
        st = path.stat()
    except FileNotFoundError:
        return {}
    key = (str(path), st.st_mtime_ns, st.st_size)
    if _cache.get("key") != key:
        _cache["years"] = read_file(path)
        _cache["key"] = key
    return _cache["years"]


def read_file(path) -> dict[int, YearCalendar]:
    """Parse and check a company calendar file. Raises FileFormatError (key
    ``calendar.error.invalid``) listing every problem with its line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FileFormatError("calendar.error.missing", path=str(path))
    except (UnicodeDecodeError, OSError):
        raise FileFormatError("calendar.error.encoding", path=str(path))
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        _fail(path, [("calendar.error.syntax", (mark.line + 1) if mark else 1, {})])
    errors: list = []
    years = _years(root, errors)
    if errors:
        _fail(path, errors)
    return years


def install(source) -> tuple[Path, dict[int, YearCalendar]]:
    """Check ``source`` and merge its years into the installed file (written atomically).
    Returns (installed path, the years imported). Nothing is written when the file has errors."""
    new = read_file(source)
    path = installed_path()
    merged = {**(installed_years() if path.exists() else {}), **new}
    data = {y: _plain(merged[y]) for y in sorted(merged)}
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    tmp.chmod(0o600)
    os.replace(tmp, path)
    return path, new


def _fail(path, errors) -> None:
    from clientkit.i18n import t

    lines = [t("calendar.error.line", line=line, detail=t(key, **ctx)) for key, line, ctx in errors]
    raise FileFormatError("calendar.error.invalid", path=str(path), detail="\n".join(lines))


def _line(node) -> int:
    return node.start_mark.line + 1


def _years(root, errors) -> dict[int, YearCalendar]:
    if not isinstance(root, yaml.MappingNode) or not root.value:
        errors.append(("calendar.error.top", _line(root) if root is not None else 1, {}))
        return {}
    years = {}
    for key, body in root.value:
        year = int(key.value) if isinstance(key, yaml.ScalarNode) and key.value.isdigit() else None
        if year is None or not 1949 < year < 2200:
            errors.append(("calendar.error.year", _line(key), {"value": key.value if isinstance(key, yaml.ScalarNode) else ""}))
            continue
        if year in years:
            errors.append(("calendar.error.year_twice", _line(key), {"year": year}))
            continue
        years[year] = _year(year, key, body, errors)
    return years


def _year(year, key, body, errors) -> YearCalendar:
    if not isinstance(body, yaml.MappingNode):
        errors.append(("calendar.error.year_body", _line(key), {"year": year}))
        return YearCalendar(year, "company")
    fields = {}
    for name, value in body.value:
        if name.value not in FIELDS:
            errors.append(("calendar.error.field", _line(name), {"year": year, "field": name.value, "known": "、".join(FIELDS)}))
        else:
            fields[name.value] = value
    notice = fields["notice"].value if isinstance(fields.get("notice"), yaml.ScalarNode) else ""
    off = _days(year, "days_off", fields.get("days_off"), errors)
    working = _days(year, "working_days", fields.get("working_days"), errors)
    if not off:
        errors.append(("calendar.error.no_days_off", _line(key), {"year": year}))
    for d, line in working.items():
        if d in off:
            errors.append(("calendar.error.both", line, {"day": d.isoformat(), "off_line": off[d]}))
        elif d.weekday() < 5:
            errors.append(("calendar.error.working_weekday", line, {"day": d.isoformat(), "weekday": "一二三四五六日"[d.weekday()]}))
    return YearCalendar(year, "company", frozenset(off), frozenset(working), {d: "company" for d in off}, notice)


def _days(year, field, node, errors) -> dict[date, int]:
    """{day: line} of a list of days and ``start ~ end`` ranges."""
    if node is None:
        return {}
    if not isinstance(node, yaml.SequenceNode):
        errors.append(("calendar.error.not_list", _line(node), {"year": year, "field": field}))
        return {}
    days: dict[date, int] = {}
    for item in node.value:
        line = _line(item)
        text = item.value.strip() if isinstance(item, yaml.ScalarNode) else ""
        parts = [text]
        for sep in _SEPARATORS:
            if sep in text:
                parts = [p.strip() for p in text.split(sep, 1)]
        try:
            ends = [date.fromisoformat(p) for p in parts]
            if any(len(p) != 10 for p in parts):
                raise ValueError
        except ValueError:
            errors.append(("calendar.error.bad_date", line, {"field": field, "value": text}))
            continue
        start, end = ends[0], ends[-1]
        if end < start:
            errors.append(("calendar.error.range_order", line, {"value": text}))
            continue
        if start.year != year or end.year != year:
            errors.append(("calendar.error.other_year", line, {"value": text, "year": year}))
            continue
        d = start
        while d <= end:
            days.setdefault(d, line)
            d += timedelta(days=1)
    return days


def _plain(cal: YearCalendar) -> dict:
    """A year as the file stores it, consecutive days joined into ranges."""
    out = {"notice": cal.notice} if cal.notice else {}
    out["days_off"] = _ranges(cal.days_off)
    if cal.working_days:
        out["working_days"] = _ranges(cal.working_days)
    return out


def _ranges(days) -> list[str]:
    spans: list[list[date]] = []
    for d in sorted(days):
        if spans and d - spans[-1][1] == timedelta(days=1):
            spans[-1][1] = d
        else:
            spans.append([d, d])
    return [a.isoformat() if a == b else f"{a.isoformat()} ~ {b.isoformat()}" for a, b in spans]
