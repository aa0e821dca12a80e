"""Making tasks: a practice variant from (exercise, seed) and the chapter's fixed assessment.

DESIGN.md "Exercises": a variant depends only on ``(exercise_id, seed, content)``; the seed comes
from ``(user, exercise, attempt)`` through :func:`derive_seed` and is stored with the attempt, so
any attempt can be rebuilt (:meth:`clientkit.practice.task.Task.replay`) and re-scored.
"""
from __future__ import annotations

import hashlib
import zlib

import numpy as np

from clientkit.errors import ContentError
from clientkit.practice.content import Content, building_from, content, find_exercise
from clientkit.practice.kinds import KINDS
from clientkit.practice.task import Task

SEED_LIMIT = 2**31


def derive_seed(user_id, exercise_id: str, attempt_no: int) -> int:
    """A stable seed in ``[0, 2**31)`` for a user's n-th attempt at an exercise (SHA-256, so it
    is the same in every process and Python version, unlike ``hash()``)."""
    digest = hashlib.sha256(f"{user_id}\x1f{exercise_id}\x1f{attempt_no}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % SEED_LIMIT


def _rng(seed: int, salt: str) -> np.random.Generator:
    return np.random.default_rng([int(seed) % SEED_LIMIT, zlib.crc32(salt.encode())])


def _check(pairs, exercise_id: str) -> None:
    ids = [item.item_id for item, _ in pairs]
    if len(set(ids)) != len(ids):
        raise ContentError("practice.duplicate_items", exercise_id=exercise_id)


def make_task(exercise_id: str, seed: int, *, n_items: int | None = None) -> Task:
    """One practice variant of ``exercise_id``, deterministic in (exercise_id, seed, content).

    Args:
        exercise_id: an id from :func:`clientkit.practice.exercises`.
        seed: any int (``derive_seed`` gives one in [0, 2**31)).
        n_items: overrides ``params.n_items`` of the exercise (for ``completeness`` it counts
            client files, two items each).
    Raises:
        ContentError: unknown exercise or invalid content.
    """
    return task_from(content(), exercise_id, seed, n_items=n_items)


def task_from(source: Content, exercise_id: str, seed: int, *, n_items: int | None = None) -> Task:
    """:func:`make_task` on the content ``source`` (a released version for a replay)."""
    ex = find_exercise(source, exercise_id)
    kind = KINDS[ex.kind]
    n = int(n_items or ex.params.get("n_items", kind.DEFAULT_N))
    with building_from(source):
        pairs = kind.build(ex, _rng(seed, ex.id), n, "", set())
    _check(pairs, exercise_id)
    return Task(exercise_id=ex.id, chapter=ex.chapter, kind=ex.kind, seed=int(seed), title=ex.title,
                intro=ex.intro, items=[i for i, _ in pairs], time_limit_s=None, content_version=source.version,
                n_items=n_items, key={i.item_id: k for i, k in pairs})


def assessment(chapter: int, seed: int = 0) -> Task:
    """A form of the 自测 of ``chapter``: its parts (kind, item count, params) and time limit come
    from the content's ``assessment`` spec. Seed 0 is the reference form (parts in order); any other
    seed draws a parallel form of the same blueprint, with other items and a shuffled order.

    Raises:
        ContentError: the chapter has no assessment in its content files.
    """
    return assessment_from(content(), chapter, seed)


def assessment_from(source: Content, chapter: int, seed: int = 0) -> Task:
    """:func:`assessment` on the content ``source`` (a released version for a replay)."""
    if chapter not in source.chapters:
        raise ContentError("practice.no_chapter", chapter=chapter)
    spec = source.chapters[chapter].assessment
    if spec is None:
        raise ContentError("practice.no_assessment", chapter=chapter)
    exercise_id = f"assessment:ch{chapter:02d}"
    pairs, used = [], set()
    for no, part in enumerate(spec["parts"], start=1):
        ex = find_exercise(source, part["exercise"])
        if part.get("params"):
            ex = type(ex)(**{**ex.__dict__, "params": {**ex.params, **part["params"]}})
        with building_from(source):
            pairs += KINDS[ex.kind].build(ex, _rng(seed, f"{exercise_id}/{no}/{ex.id}"), part["n_items"], f"p{no}-", used)
    _check(pairs, exercise_id)
    if seed:
        order = _rng(seed, f"{exercise_id}/order").permutation(len(pairs))
        pairs = [pairs[i] for i in order]
    return Task(exercise_id=exercise_id, chapter=chapter, kind="assessment", seed=int(seed), title=spec["title"],
                intro=spec["intro"], items=[i for i, _ in pairs], time_limit_s=spec["time_limit_s"],
                content_version=source.version, key={i.item_id: k for i, k in pairs})
