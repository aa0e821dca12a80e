"""Exercises: content from ``exercises/chNN_*.yaml``, one engine per kind, pure scoring.

DESIGN.md "Exercises"; STYLE.md principles 6–7. The UI renders ``Task.items`` only; answer keys
stay in the private ``Task.key``. Kinds: ``knowledge``, ``spot_defects``, ``id_triage``,
``phone_class``, ``completeness``, ``consent_picker``, ``cross_field``
(:mod:`clientkit.practice.kinds`).
"""
from clientkit.practice.content import CONTENT_VERSION, Exercise, content_version, exercise, exercises
from clientkit.practice.engine import assessment, derive_seed, make_task
from clientkit.practice.scoring import score, unanswered
from clientkit.practice.task import Item, ItemKey, ItemResult, Result, Task

__all__ = [
    "CONTENT_VERSION",
    "Exercise",
    "Item",
    "ItemKey",
    "ItemResult",
    "Result",
    "Task",
    "assessment",
    "content_version",
    "derive_seed",
    "exercise",
    "exercises",
    "make_task",
    "score",
    "unanswered",
]
