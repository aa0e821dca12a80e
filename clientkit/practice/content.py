"""Exercise content as data: ``exercises/chNN_*.yaml`` loaded, validated and cached.

DESIGN.md "Exercises", STYLE.md principle 6: chapters differ by YAML, not by code. A content file
holds ``chapter: N`` and any of

* ``questions:`` knowledge questions (validated by :mod:`clientkit.practice.schema`);
* ``exercises:`` exercises (``id``, ``kind``, ``title``, ``intro``, ``rule_ids``, ``params``);
* ``assessment:`` the chapter's fixed 自测 (``title``, ``intro``, ``time_limit_min``, ``parts``).

A broken file raises :class:`~clientkit.errors.ContentError` naming the file, the question or
exercise id and the problem, so a broken question never reaches agents.

Released versions: every content version that agents have answered stays loadable. Before a
release changes the bank, the files in force are copied unchanged to
``exercises/releases/<content_version>/`` (docs/content-review.md); :func:`released` loads the
version an attempt names from there, so the attempt can be rebuilt and re-scored
(:meth:`clientkit.practice.task.Task.replay`). The engines and calculators are the current ones.
"""
from __future__ import annotations

import hashlib
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from clientkit.config import exercises_dir
from clientkit.errors import ContentError

# libyaml's parser when PyYAML has it: the same documents, parsed ≈ 6× faster (first page of a kernel)
_YAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Version of the content format and of the engines that turn content into items; the
# ``content_version`` of a task adds a digest of the content files (see content_version()).
# "2": the 2026-12 content review (issue 9) — corrected calculators and bank.
CONTENT_VERSION = "2"
RELEASES = "releases"


@dataclass(frozen=True)
class Exercise:
    """An exercise: ``kind`` names the engine, ``params`` its settings (e.g. ``n_items``)."""

    id: str
    chapter: int
    kind: str
    title: str
    intro: str
    rule_ids: tuple[str, ...]
    params: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Chapter:
    """Everything the content files say about one chapter."""

    number: int
    exercises: tuple[Exercise, ...]
    questions: tuple[dict, ...]
    assessment: dict | None


@dataclass(frozen=True)
class Content:
    chapters: dict[int, Chapter]
    version: str


def _files(folder: Path) -> list[Path]:
    # chNN_dialogues.yaml holds conversation drills, loaded by clientkit.practice.dialogue
    return sorted(p for p in folder.glob("ch[0-9][0-9]_*.yaml") if not p.name.endswith("_dialogues.yaml"))


def _read(path: Path) -> dict:
    from clientkit.practice.schema import invalid

    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML)
    except (yaml.YAMLError, ValueError) as exc:  # PyYAML raises ValueError for dates like 2025-02-30
        raise invalid(path, "-", "yaml", detail=str(exc).splitlines()[0]) from None
    if not isinstance(data, dict):
        raise invalid(path, "-", "not_mapping")
    return data


@lru_cache(maxsize=8)
def _load(folder: Path, prefix: str = CONTENT_VERSION) -> Content:
    from clientkit.practice import schema

    paths = _files(folder)
    digest = hashlib.sha256()
    raw: dict[int, dict] = {}
    exercise_ids: set[str] = set()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        data = _read(path)
        chapter = schema.check_file(path, data)
        bucket = raw.setdefault(chapter, {"exercises": [], "questions": [], "assessment": None})
        for q in data.get("questions") or []:
            question = schema.check_question(path, q)
            if question["id"] in {seen["id"] for seen in bucket["questions"]}:
                raise schema.invalid(path, question["id"], "duplicate_id")
            bucket["questions"].append(question)
        for entry in data.get("exercises") or []:
            ex = schema.check_exercise(path, chapter, entry)
            if ex.id in exercise_ids:
                raise schema.invalid(path, ex.id, "duplicate_id")
            exercise_ids.add(ex.id)
            bucket["exercises"].append(ex)
        if data.get("assessment") is not None:
            if bucket["assessment"] is not None:
                raise schema.invalid(path, "assessment", "duplicate_assessment")
            bucket["assessment"] = (path, data["assessment"])
    chapters = {}
    for number, bucket in sorted(raw.items()):
        exercises = tuple(bucket["exercises"])
        for ex in exercises:
            schema.check_exercise_content(ex, bucket["questions"], paths)
        spec = None
        if bucket["assessment"] is not None:
            path, entry = bucket["assessment"]
            spec = schema.check_assessment(path, entry, {e.id: e for e in exercises})
        chapters[number] = Chapter(number, exercises, tuple(bucket["questions"]), spec)
    return Content(chapters, f"{prefix}+{digest.hexdigest()[:12]}")


def content(folder: Path | None = None) -> Content:
    """All content of ``folder`` (default :func:`clientkit.config.exercises_dir`), cached."""
    return _load(Path(folder or exercises_dir()).resolve())


def releases_dir(folder: Path | None = None) -> Path:
    """Where the released content versions are kept: ``<exercises>/releases``."""
    return Path(folder or exercises_dir()).resolve() / RELEASES


def released(version: str, folder: Path | None = None) -> Content:
    """The content of ``version``: the content in force, or a kept copy of it.

    Copies are looked for under :func:`releases_dir` and, for the default folder, in the shipped
    exercises (and their ``releases``) and among the publications of the instance folder
    (:func:`clientkit.config.bank_dir`), so an attempt answered before a publication from Excel
    replays with its own questions.

    Raises:
        ContentError: no such version is kept (or its files no longer give that version).
    """
    from clientkit.config import bank_dir, base_exercises_dir

    current = content(folder)
    if version == current.version:
        return current
    name = str(version)
    if "/" in name or "\\" in name or name.startswith(".") or not name:
        raise ContentError("practice.content_changed", old=version, new=current.version)
    places = [releases_dir(folder) / name]
    if folder is None:
        base = base_exercises_dir()
        places += [bank_dir() / "versions" / name, base, releases_dir(base) / name]
    for path in places:
        if path.is_dir():
            kept = _load(path.resolve(), name.split("+")[0])
            if kept.version == name:
                return kept
    raise ContentError("practice.content_changed", old=version, new=current.version)


def source_of(version: str | None) -> Content:
    """The content to rebuild a resumed task from: ``version`` when it is kept, else the content
    in force (a task opened before versions were recorded, or a version no longer kept)."""
    if version:
        try:
            return released(version)
        except ContentError:
            pass
    return content()


# The content a task is being built from (a released version during a replay); engines read the
# chapter banks through chapter_content(), which follows it.
_building: ContextVar[Content | None] = ContextVar("clientkit_content_building", default=None)


@contextmanager
def building_from(source: Content):
    """Within the block, :func:`chapter_content` answers from ``source``."""
    token = _building.set(source)
    try:
        yield source
    finally:
        _building.reset(token)


def find_exercise(source: Content, exercise_id: str) -> Exercise:
    """The exercise ``exercise_id`` of ``source``; raises ContentError when it has none."""
    for number in sorted(source.chapters):
        for ex in source.chapters[number].exercises:
            if ex.id == exercise_id:
                return ex
    raise ContentError("practice.unknown_exercise", exercise_id=exercise_id)


def content_version() -> str:
    """``CONTENT_VERSION`` plus a digest of the content files in force."""
    return content().version


def exercises(chapter: int | None = None) -> list[Exercise]:
    """The exercises of ``chapter`` (all chapters when None), in file order."""
    chapters = content().chapters
    numbers = sorted(chapters) if chapter is None else [chapter]
    return [ex for n in numbers if n in chapters for ex in chapters[n].exercises]


def exercise(exercise_id: str) -> Exercise:
    """The exercise ``exercise_id``; raises ContentError when no content file defines it."""
    return find_exercise(content(), exercise_id)


def chapter_content(number: int) -> Chapter:
    """The content of chapter ``number`` (of the content being built from, see
    :func:`building_from`; else the content in force); raises ContentError when there is none."""
    chapters = (_building.get() or content()).chapters
    if number not in chapters:
        raise ContentError("practice.no_chapter", chapter=number)
    return chapters[number]
