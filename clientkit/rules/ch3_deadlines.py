"""Chapter 3 deadlines: complaints, grace period and lapse, notices, reviews, surrender.

Every deadline here is a *deadline to act* and follows DOMAIN.md §0.5 (民法典 第201–203条)
through :func:`clientkit.model.dates.period_end`: the period starts the day after the trigger,
month/year periods end on the corresponding day (or the month's last day), and a last day that
is a 法定休假日 moves to the next working day (DOMAIN.md §3.5 **Correction**). Working-day
periods use :func:`clientkit.model.dates.add_working_days`. The holiday calendar is layered
(:mod:`clientkit.model.holiday_calendar`): the company's ``holidays.yaml``, ``chinese_calendar``
(2004–2026 in 1.11), then the statutory holidays up to 2040 without 调休. A result that used the
last layer is provisional: wrap the call in :func:`clientkit.model.dates.calendar_trace` and show
``trace.note()`` beside it. A date no layer knows raises :class:`~clientkit.errors.CalendarError`.

Worked examples (DOMAIN.md §3.5 exercise 1 with the correction): premium due 2024-01-31, no
催告 → grace ends 2024-04-01 (2024-03-31 is a Sunday), suspended from 2024-04-02, the insurer
may terminate from 2026-04-03 (the two-year window triggered on 2024-04-02 ends 2026-04-02);
complaint received 2025-03-03 (simple) → decision by 2025-03-18.

Day counts are company settings (``rules/data/ch3.yaml``), read from
:func:`clientkit.rules.settings.current_settings` unless ``settings`` is passed.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from clientkit.errors import InputError
from clientkit.model.dates import add_working_days, period_end
from clientkit.rules.settings import Settings

__all__ = [
    "COMPLAINT_LEVELS", "complaint_deadline", "complaint_deadline_for", "departure_notice_deadline", "grace_period_end", "lapse_dates", "lapse_dates_for", "review_decision_deadline",
    "review_request_deadline", "surrender_refund_deadline", "suspension_notice_deadline", "visit_issue_deadline",
]

COMPLAINT_LEVELS = ("simple", "complex", "very_complex")


def to_day(value, name: str = "date") -> date:
    """``value`` (date, datetime, Timestamp or ISO text) as a date; InputError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise InputError("ch3.error.bad_date", name=name, value=value)


def complaint_deadline(received, level) -> date:
    """The day by which a complaint must be decided (C3-15), with the company's settings in
    force; see :func:`complaint_deadline_for`."""
    return complaint_deadline_for(received, level)


def complaint_deadline_for(received, level: str, settings=None) -> date:
    """The day by which a complaint must be decided (C3-15, R-COMPL 第18、23条).

    Args:
        received: the day the complaint was received.
        level: ``simple`` (15 days), ``complex`` (30 days) or ``very_complex`` (30 + 30 days,
            with senior approval and notice to the complainant).
    Returns:
        The last day, moved to the next working day when it is a 法定休假日 (民法典 第203条).
    Raises:
        InputError: unknown level or a value that is not a date.
        CalendarError: a day outside the holiday calendar's years.
    """
    s = Settings.coerce(settings)
    received = to_day(received, "received")
    if level not in COMPLAINT_LEVELS:
        raise InputError("ch3.error.complaint_level", level=level, known="、".join(COMPLAINT_LEVELS))
    days = {"simple": s.complaint_days_simple, "complex": s.complaint_days_complex,
            "very_complex": s.complaint_days_complex + s.complaint_days_extension}[level]
    return period_end(received, days=days)


def lapse_dates(due, notice=None) -> dict:
    """Grace period, suspension and termination dates (C3-23, C3-24) with the company's
    settings in force; see :func:`lapse_dates_for`."""
    return lapse_dates_for(due, notice)


def lapse_dates_for(due, notice=None, settings=None) -> dict:
    """Grace period, suspension and the insurer's termination right for an unpaid installment
    (C3-23 保险法 第36条, C3-24 第37条).

    Args:
        due: the agreed due date of the unpaid installment (after the first premium).
        notice: the day of the insurer's 催告, or None.
    Returns:
        ``{"grace_end", "suspended_from", "terminable_from"}``: the grace period ends on the
        earlier of 30 days after the 催告 and 60 days after the due date (each moved off a
        法定休假日); the contract is suspended from the next day; the two-year window triggered
        by the suspension ends on the same date two years later (moved off a holiday) and the
        insurer may terminate from the day after it.
    Raises:
        InputError: a value that is not a date, or a 催告 before the due date.
        CalendarError: a day outside the holiday calendar's years.
    """
    s = Settings.coerce(settings)
    grace_end = grace_period_end(due, notice, s)
    suspended_from = grace_end + timedelta(days=1)
    window_end = period_end(suspended_from, years=s.reinstatement_years)
    return {"grace_end": grace_end, "suspended_from": suspended_from, "terminable_from": window_end + timedelta(days=1)}


def grace_period_end(due, notice=None, settings=None) -> date:
    """Last day of the grace period (C3-23, 保险法 第36条): the earlier of 60 days after the due
    date and 30 days after the 催告, each moved off a 法定休假日 (民法典 第203条).

    Raises InputError for a value that is not a date or a 催告 before the due date."""
    s = Settings.coerce(settings)
    due = to_day(due, "due")
    end = period_end(due, days=s.grace_days_due)
    if notice is not None:
        notice = to_day(notice, "notice")
        if notice < due:
            raise InputError("ch3.error.notice_before_due", notice=notice.isoformat(), due=due.isoformat())
        end = min(end, period_end(notice, days=s.grace_days_notice))
    return end


def suspension_notice_deadline(suspended_from, settings=None) -> date:
    """Last day for the insurer's suspension notice: 10 working days after the suspension
    (C3-11, R-SERV 第21条)."""
    s = Settings.coerce(settings)
    return add_working_days(to_day(suspended_from, "suspended_from"), s.suspension_notice_working_days)


def departure_notice_deadline(departed_on, settings=None) -> date:
    """Last day to notify the clients of a departed salesperson: 30 days after the exit
    formalities (C3-12, R-SALES 第36条)."""
    s = Settings.coerce(settings)
    return period_end(to_day(departed_on, "departed_on"), days=s.departure_notice_days)


def review_request_deadline(decision_received, settings=None) -> date:
    """Last day for the complainant to ask for a review (核查): 30 days after receiving the
    decision (C3-17, R-COMPL 第20条)."""
    s = Settings.coerce(settings)
    return period_end(to_day(decision_received, "decision_received"), days=s.review_request_days)


def review_decision_deadline(request_received, settings=None) -> date:
    """Last day for the review decision: 30 days after receiving the request (C3-17)."""
    s = Settings.coerce(settings)
    return period_end(to_day(request_received, "request_received"), days=s.review_decision_days)


def visit_issue_deadline(found_on, settings=None) -> date:
    """Last day to resolve a problem found in a 回访: 15 working days (C3-06, R-SERV 第18条)."""
    s = Settings.coerce(settings)
    return add_working_days(to_day(found_on, "found_on"), s.visit_issue_working_days)


def surrender_refund_deadline(notice_received, settings=None) -> date:
    """Last day to refund the cash value after a surrender notice: 30 days (C3-25, 保险法 第47条)."""
    s = Settings.coerce(settings)
    return period_end(to_day(notice_received, "notice_received"), days=s.surrender_refund_days)
