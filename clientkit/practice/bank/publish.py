"""Publish an uploaded question bank as a new content version in the instance folder (issue 14).

The chapter's ``chNN_knowledge.yaml`` is rewritten in the repository's own style: the header
and every unchanged question keep their text as it was, a changed or added question is written
as a block like the others, a removed one is dropped. The new set of content files is staged
beside the kept versions, loaded in full by the content loader (so a bank that would break an
exercise or the 自测 is refused before anything changes), moved to
``<home>/bank/versions/<content version>/`` and named in ``<home>/bank/CURRENT``. The version in
force before is kept there too, so attempts answered on it stay replayable
(:func:`clientkit.practice.content.released`) even after the package is upgraded.
"""
from __future__ import annotations

import fcntl
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from clientkit.config import bank_dir, exercises_dir
from clientkit.errors import ContentError
from clientkit.practice.content import _YAML, _files, _load, content

_BLOCK = re.compile(r"^  - id: *['\"]?([a-z0-9][a-z0-9_.\-]*)['\"]? *(#.*)?$")
_QUESTIONS = re.compile(r"^questions: *(#.*)?$")
_ORDER = ("id", "type", "topic", "rule_ids", "source", "prompt", "options", "answer", "tolerance", "unit",
          "explanation", "difficulty", "note")


@dataclass(frozen=True)
class Publication:
    """A published content version and what it changed in its chapter."""

    version: str
    previous: str
    chapter: int
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]


def emit(q: dict) -> str:
    """One question as a YAML block in the repository's style (flow lists and options)."""
    ordered = {k: q[k] for k in _ORDER if q.get(k) is not None}
    ordered.update({k: v for k, v in q.items() if k not in ordered and v is not None})
    if ordered.get("type") == "date" and isinstance(ordered.get("answer"), str):
        ordered["answer"] = date.fromisoformat(ordered["answer"])
    if isinstance(ordered.get("rule_ids"), tuple):
        ordered["rule_ids"] = list(ordered["rule_ids"])
    text = yaml.safe_dump([ordered], allow_unicode=True, sort_keys=False, width=10**9, default_flow_style=None)
    return "".join("  " + line if line.strip() else line for line in text.splitlines(keepends=True))


def render_file(text: str, chapter: int, questions: list[dict], keep: set[str]) -> str:
    """``text`` (a content file) with its ``questions:`` replaced by ``questions``; the blocks of
    the ids in ``keep`` are copied as they were."""
    lines = text.splitlines(keepends=True) if text else [f"chapter: {chapter}\n"]
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    start = next((i for i, line in enumerate(lines) if _QUESTIONS.match(line.rstrip("\n"))), None)
    tail_keys = start is not None and any(re.match(r"^[^\s#]", line) for line in lines[start + 1:])
    if start is None or tail_keys:  # not the usual layout: the questions go last, written anew
        data = yaml.load("".join(lines), Loader=_YAML) or {}
        data.pop("questions", None)
        head = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9, default_flow_style=None)
        return head + "questions:\n" + "".join(emit(q) for q in questions)
    head, blocks, preamble, current = lines[:start + 1], {}, [], None
    for line in lines[start + 1:]:
        found = _BLOCK.match(line.rstrip("\n"))
        if found:
            current = found.group(1)
            blocks[current] = [line]
        elif current is None:
            preamble.append(line)
        else:
            blocks[current].append(line)
    out = head + preamble
    for q in questions:
        out += blocks[q["id"]] if q["id"] in keep and q["id"] in blocks else [emit(q)]
    return "".join(out)


def _chapter_file(folder: Path, chapter: int) -> Path:
    return folder / f"ch{chapter:02d}_knowledge.yaml"


def stage(preview, folder: Path, into: Path) -> Path:
    """Copy the content files of ``folder`` into ``into`` with the chapter's questions replaced."""
    from clientkit.practice.bank.diff import canon

    for path in _files(folder) + sorted(folder.glob("ch[0-9][0-9]_dialogues.yaml")):
        shutil.copy2(path, into / path.name)
    target = _chapter_file(into, preview.chapter)
    old = target.read_text(encoding="utf-8") if target.exists() else ""
    keep = {q["id"] for q in preview.questions} - {i for i, _ in preview.changed} - {i for i, _ in preview.added}
    text = render_file(old, preview.chapter, preview.questions, keep)
    written = (yaml.load(text, Loader=_YAML) or {}).get("questions") or []
    if [canon(q) for q in written] != [canon(q) for q in preview.questions]:
        raise ContentError("bank.write_mismatch", file=target.name)
    target.write_text(text, encoding="utf-8")
    return target


def check_whole(preview) -> ContentError | None:
    """Load the content as publishing ``preview`` would leave it; the error, or None."""
    with tempfile.TemporaryDirectory(prefix="clientkit-bank-") as tmp:
        try:
            stage(preview, exercises_dir(), Path(tmp))
            _check_parts(_load.__wrapped__(Path(tmp).resolve()))
        except ContentError as exc:
            return exc
    return None


def _check_parts(source) -> None:
    """Each 自测 part drawing knowledge questions still finds enough of them (the loader checks
    the exercises; a part may narrow them, e.g. ``params.questions: [q20]``)."""
    from clientkit.i18n import t
    from clientkit.practice.kinds import knowledge

    for number, chapter in source.chapters.items():
        spec = chapter.assessment or {}
        exercises = {ex.id: ex for ex in chapter.exercises}
        for i, part in enumerate(spec.get("parts", ()), start=1):
            ex = exercises.get(part.get("exercise"))
            if ex is None or ex.kind != "knowledge":
                continue
            have = len(knowledge.pool({**ex.params, **(part.get("params") or {})}, chapter.questions))
            if have < part["n_items"]:
                raise ContentError("practice.content_invalid", file=f"ch{number:02d}", where=f"assessment.parts[{i}]",
                                   problem=t("practice.problem.pool_small", have=have, need=part["n_items"]))


@contextmanager
def _locked(folder: Path):
    with open(folder / ".lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _keep(folder: Path, versions: Path, version: str) -> None:
    dest = versions / version
    if dest.exists() or folder.resolve().parent == versions.resolve():
        return
    tmp = Path(tempfile.mkdtemp(dir=versions.parent, prefix=".keep-"))
    for path in _files(folder) + sorted(folder.glob("ch[0-9][0-9]_dialogues.yaml")):
        shutil.copy2(path, tmp / path.name)
    os.rename(tmp, dest)


def publish(preview) -> Publication:
    """Publish ``preview`` (checked, with changes) as the content version in force.

    Raises:
        ContentError: the preview has problems or no changes (``bank.not_publishable``), the bank
            was published by someone else since the preview (``bank.stale``), or the new content
            does not load (the loader's message).
    """
    if not preview.ok or not preview.has_changes:
        raise ContentError("bank.not_publishable")
    root = bank_dir()
    versions = root / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o700)
    with _locked(root):
        current = content()
        if current.version != preview.current_version:
            raise ContentError("bank.stale")
        folder = exercises_dir()
        tmp = Path(tempfile.mkdtemp(dir=root, prefix=".stage-"))
        try:
            stage(preview, folder, tmp)
            version = _load.__wrapped__(tmp.resolve()).version
            _keep(folder, versions, current.version)
            if (versions / version).exists():
                shutil.rmtree(tmp)
            else:
                os.rename(tmp, versions / version)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        pointer = root / ".CURRENT.tmp"
        pointer.write_text(version + "\n", encoding="utf-8")
        os.replace(pointer, root / "CURRENT")
    return Publication(version, current.version, preview.chapter, tuple(i for i, _ in preview.added),
                       tuple(i for i, _ in preview.changed), tuple(i for i, _ in preview.removed))
