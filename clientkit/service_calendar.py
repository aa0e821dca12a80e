"""The company holiday calendar for the CLI (``clientkit calendar import | show``): install a
checked ``holidays.yaml`` and tell which calendar layer is in force for a year
(:mod:`clientkit.model.holiday_calendar`, issue 8 §2; 民法典 第203条 via DOMAIN.md §0.5)."""
from __future__ import annotations

from clientkit.errors import CalendarError


def import_calendar(source) -> tuple[str, list[tuple[int, int, int]]]:
    """Check ``source`` and install its years in the instance folder.

    Returns (installed path, [(year, days off, 调休 working days)]). Raises FileFormatError
    with every problem of the file, by line, in Chinese; nothing is installed then."""
    from clientkit.model.holiday_file import install

    path, years = install(source)
    return str(path), [(y, len(c.days_off), len(c.working_days)) for y, c in sorted(years.items())]


def calendar_year(year: int) -> dict:
    """What is in force for ``year``: ``{"year", "layer", "provisional", "notice", "days_off":
    [(day, holiday key)], "working_days": [day]}``. Raises CalendarError when no layer knows it."""
    from clientkit.model.dates import calendar_years
    from clientkit.model.holiday_calendar import year_calendar

    cal = year_calendar(int(year))
    if cal is None:
        first, last = calendar_years()
        raise CalendarError("calendar.cli.show_unknown", year=year, first=first, last=last)
    return {"year": cal.year, "layer": cal.layer, "provisional": cal.provisional, "notice": cal.notice,
            "days_off": [(d, cal.names.get(d, "other")) for d in sorted(cal.days_off)],
            "working_days": sorted(cal.working_days)}
