"""Which source question an answered item is a variant of, and that question's text (题目分析).

An item id is made by the engine (:mod:`clientkit.practice.engine`, :mod:`~.session`):

* a practice variant: the kind's own id — a bank question id (``q10``) for ``knowledge``, else
  the position ``01``, ``02`` … (``01a``/``01b`` when a kind asks two things of one record);
* a 自测 form (``assessment:chNN``): ``p<part>-`` + that id, the part naming the exercise and
  params of the chapter's ``assessment`` spec;
* a class paper (``session:<id>``): ``c<chapter>-`` + the id in that chapter's 自测 form.

Every seed of a blueprint gives other variants with the same ids, so the item id alone does not
say which question was asked. The source question does: a bank question is itself
(``ch01/q10``, whatever part, form or class paper it came in); a generated item is either one of
the fixed cases the params ``include`` first (the same case in every form, keyed by its content)
or a fresh draw of its exercise's generator (one source per exercise and sub-question).
:func:`source_question` is pure in (content, exercise id, item id).
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from html import unescape

import numpy as np

from clientkit.errors import ContentError
from clientkit.practice.content import Content, Exercise, building_from, find_exercise, released

_SESSION_ITEM = re.compile(r"c(\d+)-(.+)")
_PART_ITEM = re.compile(r"p(\d+)-(.+)")
_POSITION = re.compile(r"(\d+)([a-z]?)")


@dataclass(frozen=True)
class SourceQuestion:
    """The question an item is a variant of.

    Attributes:
        source_id: stable key (``ch01/q10``, ``ch01.id_triage#<digest>``, ``ch01.id_triage``).
        chapter: the chapter of the question.
        exercise: the exercise whose kind built it.
        question: the bank question id (``knowledge``), else None.
        fixed: 1-based position in the params' ``include`` (a fixed case), else None.
        sub: the sub-question letter (``a``/``b``) or "".
        params_json: the params the item was built with (an assessment part's override
            applied), as sorted JSON so that the question stays hashable (a cache key).
    """

    source_id: str
    chapter: int
    exercise: str
    question: str | None = None
    fixed: int | None = None
    sub: str = ""
    params_json: str = "{}"

    @property
    def generated(self) -> bool:
        """A fresh draw of a generator: another question in every form."""
        return self.question is None and self.fixed is None


def source_question(source: Content, exercise_id: str, item_id: str) -> SourceQuestion:
    """The source question of item ``item_id`` of an attempt at ``exercise_id`` on ``source``.

    Raises:
        ContentError: the content has no such exercise, assessment part or item position.
    """
    exercise_id, item_id = str(exercise_id), str(item_id)
    if exercise_id.startswith("session:"):
        m = _SESSION_ITEM.fullmatch(item_id)
        if m is None:
            raise ContentError("practice.unknown_exercise", exercise_id=exercise_id)
        exercise_id, item_id = f"assessment:ch{int(m.group(1)):02d}", m.group(2)
    if exercise_id.startswith("assessment:ch"):
        ex, tail = _part(source, int(exercise_id.removeprefix("assessment:ch")), item_id)
    else:
        ex, tail = find_exercise(source, exercise_id), item_id
    params_json = json.dumps(ex.params, sort_keys=True, ensure_ascii=False, default=str)
    if ex.kind == "knowledge":
        return SourceQuestion(f"ch{ex.chapter:02d}/{tail}", ex.chapter, ex.id, question=tail, params_json=params_json)
    m = _POSITION.fullmatch(tail)
    if m is None:
        raise ContentError("practice.unknown_exercise", exercise_id=exercise_id)
    position, sub = int(m.group(1)), m.group(2)
    include = list(ex.params.get("include") or [])
    if position <= len(include):
        entry = json.dumps(include[position - 1], sort_keys=True, ensure_ascii=False, default=str)
        digest = hashlib.sha256(entry.encode()).hexdigest()[:10]
        return SourceQuestion(f"{ex.id}#{digest}{sub}", ex.chapter, ex.id, fixed=position, sub=sub,
                              params_json=params_json)
    return SourceQuestion(f"{ex.id}{':' + sub if sub else ''}", ex.chapter, ex.id, sub=sub, params_json=params_json)


def _part(source: Content, chapter: int, item_id: str) -> tuple[Exercise, str]:
    spec = source.chapters[chapter].assessment if chapter in source.chapters else None
    m = _PART_ITEM.fullmatch(item_id)
    if spec is None or m is None or not 1 <= int(m.group(1)) <= len(spec["parts"]):
        raise ContentError("practice.no_assessment", chapter=chapter)
    part = spec["parts"][int(m.group(1)) - 1]
    ex = find_exercise(source, part["exercise"])
    if part.get("params"):
        ex = Exercise(**{**ex.__dict__, "params": {**ex.params, **part["params"]}})
    return ex, m.group(2)


@dataclass(frozen=True)
class QuestionText:
    """What a reviewer reads of a source question (plain text, unmasked: the content is synthetic;
    a client card in a generated item shows the card's own masked values)."""

    prompt: str
    options: tuple[str, ...]
    key: str
    generated: bool


def question_text(version: str, q: SourceQuestion) -> QuestionText:
    """The text of ``q`` in content ``version``: a bank question as written (options in the
    file's order, the key); a fixed case as built; a generated family by its first fresh draw
    of the reference seed, marked as an example.

    Raises:
        ContentError: ``version`` is not kept, or it has no such question.
    """
    return _text(str(version), q)


@lru_cache(maxsize=4096)
def _text(version: str, q: SourceQuestion) -> QuestionText:
    from clientkit.practice.kinds import KINDS
    from clientkit.practice.kinds.knowledge import question_item

    source = released(version)
    ex = find_exercise(source, q.exercise)
    ex = Exercise(**{**ex.__dict__, "params": json.loads(q.params_json)})
    if q.question is not None:
        bank = {b["id"]: b for b in source.chapters[q.chapter].questions}
        if q.question not in bank:
            raise ContentError("practice.unknown_exercise", exercise_id=q.exercise)
        raw = bank[q.question]
        item, key = question_item(raw, np.random.default_rng(0), q.question)
        labels = tuple(raw["options"].values()) if raw["type"] in ("single", "multi") else tuple(l for _, l in item.options)
        return QuestionText(plain_text(item.prompt), labels, key.expected, False)
    position = q.fixed or len(ex.params.get("include") or []) + 1
    with building_from(source):
        pairs = KINDS[ex.kind].build(ex, np.random.default_rng(0), position, "", set())
    wanted = f"{position:02d}{q.sub}"
    found = [(i, k) for i, k in pairs if i.item_id == wanted]
    if not found:
        raise ContentError("practice.unknown_exercise", exercise_id=q.exercise)
    item, key = found[0]
    prompt = plain_text(item.prompt)
    if item.context:
        prompt = f"{prompt}\n{plain_text(item.context)}"
    return QuestionText(prompt, tuple(label for _, label in item.options), key.expected, q.generated)


_BREAKS = re.compile(r"</(tr|p|div|li|h\d)>|<br\s*/?>", re.I)
_CELL_END = re.compile(r"</th>", re.I)
_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\u3000]+")


def plain_text(html: str | None) -> str:
    """``html`` as plain text: a card's label/value rows as 「label：value」 lines, tags dropped,
    entities decoded. No masking (item prompts are synthetic training content)."""
    if not html:
        return ""
    text = _CELL_END.sub("：", str(html))
    text = _BREAKS.sub("\n", text)
    text = unescape(_TAGS.sub(" ", text))
    lines = [_SPACES.sub(" ", line).strip().replace("： ", "：") for line in text.splitlines()]
    return "\n".join(line for line in lines if line)
