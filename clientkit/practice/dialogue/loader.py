"""Drill content: ``exercises/chNN_dialogues.yaml`` (a ``chapter`` and a top-level ``dialogues:``
list) loaded, validated and cached, with a content version stored with every attempt."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from clientkit.config import exercises_dir
from clientkit.errors import ContentError
from clientkit.practice.dialogue.model import Drill
from clientkit.practice.dialogue.validate import invalid, parse_drill

# libyaml's parser when PyYAML has it: the same documents, parsed ≈ 6× faster (first page of a kernel)
_YAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Version of the drill format and engine; the stored content version adds a digest of the files.
DIALOGUE_VERSION = "d1"
_FILE_FIELDS = {"chapter", "dialogues"}


@dataclass(frozen=True)
class Drills:
    by_id: dict[str, Drill]
    version: str


def dialogue_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("ch[0-9][0-9]_dialogues.yaml"))


def read_file(path: Path) -> list[Drill]:
    """The validated drills of one file; raises ContentError ``dialogue.invalid`` naming the
    file, the drill and the node of the first problem."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML)
    except (yaml.YAMLError, ValueError) as exc:
        raise invalid(path.name, "-", "-", "yaml", detail=str(exc).splitlines()[0]) from None
    if not isinstance(data, dict) or set(data) - _FILE_FIELDS:
        raise invalid(path.name, "-", "-", "file_fields")
    chapter = data.get("chapter")
    if not isinstance(chapter, int) or not path.name.startswith(f"ch{chapter:02d}_"):
        raise invalid(path.name, "-", "-", "chapter")
    entries = data.get("dialogues")
    if not isinstance(entries, list):
        raise invalid(path.name, "-", "-", "file_fields")
    return [parse_drill(path.name, chapter, entry) for entry in entries]


@lru_cache(maxsize=4)
def _load(folder: Path) -> Drills:
    digest = hashlib.sha256()
    found: dict[str, Drill] = {}
    for path in dialogue_files(folder):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        for drill in read_file(path):
            if drill.id in found:
                raise invalid(path.name, drill.id, "-", "duplicate_id")
            found[drill.id] = drill
    return Drills(found, f"{DIALOGUE_VERSION}+{digest.hexdigest()[:12]}")


def all_drills(folder: Path | None = None) -> Drills:
    """Every drill of ``folder`` (default :func:`clientkit.config.exercises_dir`), cached."""
    return _load(Path(folder or exercises_dir()).resolve())


def drills(chapter: int | None = None) -> list[Drill]:
    """The drills of ``chapter`` (all when None), in file order."""
    return [d for d in all_drills().by_id.values() if chapter is None or d.chapter == chapter]


def drill(drill_id: str) -> Drill:
    """The drill ``drill_id``; raises ContentError ``dialogue.unknown_drill`` when none has that id."""
    found = all_drills().by_id.get(drill_id)
    if found is None:
        raise ContentError("dialogue.unknown_drill", drill_id=drill_id)
    return found


def dialogue_version() -> str:
    """The drill content version in force (stored with every drill attempt)."""
    return all_drills().version
