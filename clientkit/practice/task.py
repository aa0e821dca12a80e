"""What an exercise variant is made of: public items, their private keys, a task and its result.

DESIGN.md "Exercises": the UI renders :class:`Item` objects only. The answer key of every item
(:class:`ItemKey`) stays in ``Task.key`` inside the Python process — it is never put in an item,
a widget or ``Task.to_dict()``. A task is regenerated from ``(exercise_id, seed,
content_version)`` (:meth:`Task.to_dict` / :meth:`Task.replay`), so a stored attempt can be
replayed and re-scored.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

INPUTS = ("single", "multi", "number", "date", "text")
# How an item is scored (see clientkit.practice.scoring).
MODES = ("choice", "set", "number", "date", "text")


@dataclass(frozen=True)
class Item:
    """One question as the UI renders it; never holds the answer.

    Attributes:
        item_id: unique within its task.
        prompt: Chinese question text (simple HTML; data inside is escaped).
        input: ``single`` | ``multi`` | ``number`` | ``date`` | ``text``.
        options: ``(value, label)`` pairs for ``single``/``multi``, else ``()``.
        context: HTML shown under the prompt (a client card, a small table) or None.
        unit: unit of a ``number`` answer (``%``, ``岁``, ``年`` …) or None.
        rule_ids: DOMAIN.md rule ids the item is about.
    """

    item_id: str
    prompt: str
    input: str
    options: tuple[tuple[str, str], ...] = ()
    context: str | None = None
    unit: str | None = None
    rule_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.input not in INPUTS:
            raise ValueError(f"unknown input {self.input!r}")

    def to_dict(self) -> dict:
        return {
            "item_id": self.item_id, "prompt": self.prompt, "input": self.input,
            "options": [list(o) for o in self.options], "context": self.context, "unit": self.unit,
            "rule_ids": list(self.rule_ids),
        }


@dataclass(frozen=True)
class ItemKey:
    """The private answer key of one item.

    ``answer`` is an option value (``choice``), a frozenset of option values (``set``; the empty
    set when nothing is wrong), a float (``number``), an ISO date (``date``) or a text
    (``text``). ``expected`` is the answer as shown after scoring; ``none_value`` is the option
    meaning "无问题/无缺失" (an empty set) for ``set`` items.
    """

    mode: str
    answer: Any
    expected: str
    rule_ids: tuple[str, ...]
    source: str
    explanation: str
    points: float = 1.0
    tolerance: float = 0.0
    none_value: str | None = None

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}")


@dataclass
class Task:
    """One practice variant or assessment.

    The UI reads ``items`` (and the texts); ``key`` is PRIVATE: it maps every ``item_id`` to its
    :class:`ItemKey` and must never be sent to a browser or stored in widget state.
    """

    exercise_id: str
    chapter: int
    kind: str
    seed: int
    title: str
    intro: str
    items: list[Item]
    time_limit_s: int | None
    content_version: str
    n_items: int | None = None
    key: dict[str, ItemKey] = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> dict:
        """What regenerates this task (no answers): see :meth:`replay`."""
        return {"exercise_id": self.exercise_id, "seed": self.seed, "n_items": self.n_items,
                "content_version": self.content_version}

    @classmethod
    def replay(cls, data: dict) -> Task:
        """The task described by ``to_dict()`` output, regenerated from the content of its
        ``content_version``: the content in force or a released version kept under
        ``exercises/releases/`` (:func:`clientkit.practice.content.released`).

        Raises:
            ContentError: that content version is not kept, so the same items can no longer be
                rebuilt.
        """
        from clientkit.practice.content import released
        from clientkit.practice.engine import assessment_from, task_from

        source = released(str(data.get("content_version")))
        exercise_id = data["exercise_id"]
        if exercise_id.startswith("assessment:ch"):
            return assessment_from(source, int(exercise_id.removeprefix("assessment:ch")), seed=int(data["seed"]))
        return task_from(source, exercise_id, int(data["seed"]), n_items=data.get("n_items"))


@dataclass(frozen=True)
class ItemResult:
    """The scoring of one item. ``correct`` is True only for full credit."""

    item_id: str
    correct: bool
    points: float
    max_points: float
    given: Any
    expected: str
    rule_ids: tuple[str, ...]
    source: str
    explanation: str
    feedback: str


@dataclass(frozen=True)
class Result:
    """The scoring of a whole answer: points, share 0..1, per-item results, rules involved."""

    points: float
    max_points: float
    score: float
    items: list[ItemResult]
    rule_ids: tuple[str, ...]

    def missed_rules(self) -> tuple[str, ...]:
        """Rule ids of the items without full credit (what to practise next)."""
        seen: dict[str, None] = {}
        for r in self.items:
            if not r.correct:
                seen.update(dict.fromkeys(r.rule_ids))
        return tuple(seen)
