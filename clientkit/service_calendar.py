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


# The chapter-3 期限计算 tool: kind → (calculator name, result labels). Day counts are the
# company settings in force (rules/data/ch3.yaml), rules C3-06…C3-25 of DOMAIN.md.
DEADLINE_KINDS = {
    "complaint_simple": ("complaint", ("deadline",)),
    "complaint_complex": ("complaint", ("deadline",)),
    "complaint_very_complex": ("complaint", ("deadline",)),
    "lapse": ("lapse_dates", ("grace_end", "suspended_from", "terminable_from")),
    "suspension_notice": ("suspension_notice_deadline", ("deadline",)),
    "departure_notice": ("departure_notice_deadline", ("deadline",)),
    "review_request": ("review_request_deadline", ("deadline",)),
    "review_decision": ("review_decision_deadline", ("deadline",)),
    "visit_issue": ("visit_issue_deadline", ("deadline",)),
    "surrender_refund": ("surrender_refund_deadline", ("deadline",)),
}


def deadline_results(kind: str, day) -> tuple[list[tuple[str, object]], bool]:
    """The chapter-3 deadline(s) of ``kind`` triggered on ``day`` with the settings in force:
    ([(result label key, date)], provisional) — provisional when a holiday question was answered
    by the statutory calendar layer (show ``calendar.provisional_note`` beside the dates).

    Raises InputError for an unknown kind or a value that is not a date; CalendarError after 2040."""
    from clientkit.errors import InputError
    from clientkit.model.dates import calendar_trace
    from clientkit.rules import ch3_deadlines as dl

    if kind not in DEADLINE_KINDS:
        raise InputError("calendar.tool.bad_kind", kind=kind)
    name, labels = DEADLINE_KINDS[kind]
    with calendar_trace() as trace:
        if name == "complaint":
            result = {"deadline": dl.complaint_deadline(day, kind.removeprefix("complaint_"))}
        elif name == "lapse_dates":
            result = dl.lapse_dates(day)
        else:
            result = {"deadline": getattr(dl, name)(day)}
    return [(label, result[label]) for label in labels], trace.provisional
