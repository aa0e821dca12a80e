"""The retake policy of a chapter's 自测 (issue 10: an assessment that measures what agents know).

A company sets, per chapter, how many 自测 attempts an agent may make in a rolling window and the
least time between two attempts (``settings.yaml``: ``assessment_max_attempts``,
``assessment_window_days``, ``assessment_min_gap_hours`` and ``assessment_policy`` for chapter
exceptions, e.g. ``{3: {max_attempts: 5}}``). Defaults: at most 3 attempts per 30 days, at least
24 hours apart. Each attempt draws a parallel form (see :func:`clientkit.practice.engine.assessment`).
The check is pure: the service passes the submission times and the clock.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Iterable, Mapping

DEFAULTS = {"max_attempts": 3, "window_days": 30, "min_gap_hours": 24}


@dataclass(frozen=True)
class RetakePolicy:
    max_attempts: int = DEFAULTS["max_attempts"]
    window_days: int = DEFAULTS["window_days"]
    min_gap_hours: float = DEFAULTS["min_gap_hours"]

    @classmethod
    def for_chapter(cls, settings: Any, chapter: int) -> RetakePolicy:
        """The policy of ``chapter`` under ``settings`` (chapter exceptions win)."""
        base = {"max_attempts": settings["assessment_max_attempts"],
                "window_days": settings["assessment_window_days"],
                "min_gap_hours": settings["assessment_min_gap_hours"]}
        exceptions: Mapping = settings["assessment_policy"] or {}
        special = exceptions.get(chapter) or exceptions.get(str(chapter)) or {}
        return cls(**{**base, **{k: v for k, v in special.items() if k in DEFAULTS}})


@dataclass(frozen=True)
class RetakeVerdict:
    allowed: bool
    reason: str | None = None          # catalog key when refused
    next_allowed: datetime | None = None
    used: int = 0                      # attempts inside the window
    remaining: int = 0


def retake_verdict(submitted: Iterable[datetime], now: datetime, policy: RetakePolicy) -> RetakeVerdict:
    """Whether a new 自测 attempt may start at ``now`` given earlier submission times.

    Refused with ``service.retake_limit`` when ``max_attempts`` fall inside the last
    ``window_days`` (the next start is when the oldest of them leaves the window), or with
    ``service.retake_wait`` when the last one is less than ``min_gap_hours`` old.
    """
    times = sorted(t for t in submitted if t is not None)
    window_start = now - timedelta(days=policy.window_days)
    inside = [t for t in times if t > window_start]
    used = len(inside)
    remaining = max(0, policy.max_attempts - used)
    if used >= policy.max_attempts:
        oldest_counting = inside[used - policy.max_attempts]
        return RetakeVerdict(False, "service.retake_limit", oldest_counting + timedelta(days=policy.window_days),
                             used, 0)
    if times and now < times[-1] + timedelta(hours=policy.min_gap_hours):
        return RetakeVerdict(False, "service.retake_wait", times[-1] + timedelta(hours=policy.min_gap_hours),
                             used, remaining)
    return RetakeVerdict(True, None, None, used, remaining)
