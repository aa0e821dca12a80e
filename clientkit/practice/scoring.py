"""Scoring an answer: a pure function of the task and the answer (STYLE.md principle 7).

``score(task, answer)`` reads no file, no clock and no widget. An answer maps ``item_id`` to a
value: ``str`` for ``single``, ``list[str]`` for ``multi``, a number (or a numeric text) for
``number``, ``"YYYY-MM-DD"`` for ``date`` and ``str`` for ``text``. A missing or blank value is
"unanswered" (0 points); a value of the wrong shape raises :class:`~clientkit.errors.AnswerError`
naming the item.

Credit (DESIGN.md "Exercises"): exact for choices, dates and texts; numbers within the item's
tolerance; sets by F1 over the flagged set — precision P = |given ∩ key| / |given|, recall
R = |given ∩ key| / |key|, F1 = 2PR / (P + R); both sets empty = 1.0; the "无问题" option stands
for the empty set.
"""
from __future__ import annotations

import math
import re
from datetime import date

from clientkit.errors import AnswerError
from clientkit.i18n import t
from clientkit.practice.task import Item, ItemKey, ItemResult, Result, Task

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．－，％", "0123456789.-,%")


def _blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    if isinstance(value, (list, tuple, set, frozenset)):
        return len(value) == 0
    return isinstance(value, float) and math.isnan(value)


def unanswered(task: Task, answer: dict) -> list[str]:
    """Item ids of ``task`` that ``answer`` leaves missing or blank, in item order."""
    answer = answer or {}
    return [item.item_id for item in task.items if _blank(answer.get(item.item_id))]


def _bad(n: int, item: Item, key: str, **ctx) -> AnswerError:
    detail = t(key, n=n, item_id=item.item_id, **ctx)
    return AnswerError("error.answer_incomplete", detail=detail, numbers=[n])


def parse_value(n: int, item: Item, value):
    """The answer ``value`` of ``item`` (the n-th) in canonical form; raises AnswerError."""
    offered = {v for v, _ in item.options}
    if item.input == "single":
        if not isinstance(value, str) or value not in offered:
            raise _bad(n, item, "practice.answer.not_offered", value=value)
        return value
    if item.input == "multi":
        if not isinstance(value, (list, tuple, set, frozenset)) or not all(isinstance(v, str) for v in value):
            raise _bad(n, item, "practice.answer.not_list")
        unknown = [v for v in value if v not in offered]
        if unknown:
            raise _bad(n, item, "practice.answer.not_offered", value="、".join(unknown))
        return frozenset(value)
    if item.input == "number":
        if isinstance(value, bool):
            raise _bad(n, item, "practice.answer.not_number", value=value)
        if isinstance(value, (int, float)):
            number = float(value)
        elif isinstance(value, str):
            text = value.strip().translate(_FULLWIDTH).replace(",", "")
            if item.unit:
                text = text.removesuffix(item.unit).strip()
            try:
                number = float(text)
            except ValueError:
                raise _bad(n, item, "practice.answer.not_number", value=value) from None
        else:
            raise _bad(n, item, "practice.answer.not_number", value=value)
        if not math.isfinite(number):
            raise _bad(n, item, "practice.answer.not_number", value=value)
        return number
    if item.input == "date":
        if isinstance(value, date):
            return value.isoformat()
        text = value.strip() if isinstance(value, str) else ""
        try:
            if not _DATE.match(text):
                raise ValueError
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise _bad(n, item, "practice.answer.not_date", value=value) from None
    if not isinstance(value, str):
        raise _bad(n, item, "practice.answer.not_text")
    return value.strip()


def set_f1(given: frozenset, key: frozenset) -> float:
    """F1 of a flagged set against the key set; both empty → 1.0."""
    if not given and not key:
        return 1.0
    hit = len(given & key)
    if hit == 0:
        return 0.0
    precision, recall = hit / len(given), hit / len(key)
    return 2 * precision * recall / (precision + recall)


def _norm_text(s: str) -> str:
    return re.sub(r"\s+", "", s.translate(_FULLWIDTH)).upper()


def _credit(key: ItemKey, value) -> float:
    """Share of the item's points earned by the canonical ``value``."""
    if key.mode == "set":
        flagged = frozenset(v for v in value if v != key.none_value)
        return set_f1(flagged, frozenset(key.answer))
    if key.mode == "number":
        return 1.0 if abs(value - float(key.answer)) <= key.tolerance + 1e-9 else 0.0
    if key.mode == "text":
        return 1.0 if _norm_text(value) == _norm_text(str(key.answer)) else 0.0
    return 1.0 if value == key.answer else 0.0


def _shown(item: Item, value) -> object:
    labels = dict(item.options)
    if item.input == "single":
        return labels.get(value, value)
    if item.input == "multi":
        return [label for v, label in item.options if v in value]
    if isinstance(value, float) and value == int(value):
        return int(value)
    return value


def score(task: Task, answer: dict) -> Result:
    """Score ``answer`` (item_id → value) against the private key of ``task``.

    Returns:
        A :class:`Result` with per-item points, correctness, the expected answer, the rule ids,
        source and explanation, and a Chinese feedback line naming the rule and the source.
    Raises:
        AnswerError: a value has the wrong shape (not a number, not a real date, an option the
            item does not offer); blank or missing items are scored 0, not refused.
    """
    answer = answer or {}
    results = []
    for n, item in enumerate(task.items, start=1):
        key = task.key[item.item_id]
        raw = answer.get(item.item_id)
        if _blank(raw):
            value, share = None, 0.0
        else:
            value = parse_value(n, item, raw)
            share = _credit(key, value)
        points = round(key.points * share, 4)
        correct = share >= 1.0 - 1e-9
        verdict = "practice.fb.blank" if value is None else (
            "practice.fb.right" if correct else ("practice.fb.partial" if share > 0 else "practice.fb.wrong"))
        feedback = t("practice.fb.line", verdict=t(verdict, pct=round(share * 100)),
                     rules="、".join(key.rule_ids), source=key.source, why=key.explanation)
        results.append(ItemResult(
            item_id=item.item_id, correct=correct, points=points, max_points=key.points,
            given=None if value is None else _shown(item, value), expected=key.expected,
            rule_ids=key.rule_ids, source=key.source, explanation=key.explanation, feedback=feedback,
        ))
    total = sum(r.points for r in results)
    maximum = sum(r.max_points for r in results)
    rule_ids = tuple(dict.fromkeys(r for res in results for r in res.rule_ids))
    return Result(points=round(total, 4), max_points=maximum, score=(total / maximum) if maximum else 0.0,
                  items=results, rule_ids=rule_ids)
