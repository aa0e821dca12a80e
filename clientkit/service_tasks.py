"""What the service layer shares: the server clock, the open-task record handed to the UI, the
submission grace and the roles that may review others."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

# Seconds accepted after an assessment's deadline (network latency, a slow click).
SUBMIT_GRACE_S = 30

REVIEW_ROLES = ("supervisor", "admin")


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass
class OpenTask:
    """A task handed to the UI: the task (with its private key) and its server-side record."""

    task_id: str
    task: object
    mode: str
    started_at: datetime
    deadline: datetime | None
    session_id: int | None = None
    draft: dict = field(default_factory=dict)  # answers autosaved before a reload

    def seconds_left(self, now: datetime | None = None) -> int | None:
        if self.deadline is None:
            return None
        return max(0, int((self.deadline - (now or _now())).total_seconds()))
