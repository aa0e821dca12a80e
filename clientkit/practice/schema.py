"""The schema of exercise content files, checked field by field with clear Chinese errors.

Every problem raises :class:`~clientkit.errors.ContentError` with key ``practice.content_invalid``
naming the file, the question / exercise id and the problem (keys ``practice.problem.*``).
Rule ids must exist in the rule registry (``clientkit/rules/data/chN.yaml``).
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from clientkit.errors import ContentError
from clientkit.i18n import t

QUESTION_TYPES = ("single", "multi", "true_false", "number", "date")
_QUESTION_FIELDS = {"id", "type", "prompt", "options", "answer", "explanation", "rule_ids", "source",
                    "tolerance", "unit", "topic", "note", "difficulty"}
# Optional difficulty set by a trainer in the Excel bank (issue 14); not used for drawing items.
DIFFICULTIES = ("易", "中", "难")
_EXERCISE_FIELDS = {"id", "kind", "title", "intro", "rule_ids", "params"}
_FILE_FIELDS = {"chapter", "questions", "exercises", "assessment"}
_ASSESSMENT_FIELDS = {"title", "intro", "time_limit_min", "parts"}
_PART_FIELDS = {"exercise", "n_items", "params"}
_ID = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")
MIN_ASSESSMENT_ITEMS = 10
MIN_ASSESSMENT_KINDS = 3


def invalid(path: Path, where: str, problem: str, **ctx) -> ContentError:
    return ContentError("practice.content_invalid", file=Path(path).name, where=where,
                        problem=t(f"practice.problem.{problem}", **ctx))


def _text(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _rule_ids(path: Path, where: str, value) -> tuple[str, ...]:
    from clientkit.rules.registry import rule

    if not isinstance(value, list) or not value:
        raise invalid(path, where, "rule_ids")
    for rid in value:
        try:
            rule(str(rid))
        except KeyError:
            raise invalid(path, where, "unknown_rule", rule_id=rid) from None
    return tuple(str(r) for r in value)


def check_file(path: Path, data: dict) -> int:
    unknown = set(data) - _FILE_FIELDS
    if unknown:
        raise invalid(path, "-", "unknown_fields", fields="、".join(sorted(map(str, unknown))))
    chapter = data.get("chapter")
    if not isinstance(chapter, int) or not 1 <= chapter <= 8:
        raise invalid(path, "chapter", "chapter")
    if not path.name.startswith(f"ch{chapter:02d}_"):
        raise invalid(path, "chapter", "chapter_name", chapter=chapter)
    for name in ("questions", "exercises"):
        if data.get(name) is not None and not isinstance(data[name], list):
            raise invalid(path, name, "not_list")
    return chapter


def check_question(path: Path, q) -> dict:
    """A validated knowledge question (``answer`` of date questions as ISO text)."""
    if not isinstance(q, dict) or not _text(q.get("id")) or not _ID.match(str(q["id"])):
        raise invalid(path, str(q.get("id") if isinstance(q, dict) else q), "question_id")
    qid = q["id"]
    unknown = set(q) - _QUESTION_FIELDS
    if unknown:
        raise invalid(path, qid, "unknown_fields", fields="、".join(sorted(map(str, unknown))))
    kind = q.get("type")
    if kind not in QUESTION_TYPES:
        raise invalid(path, qid, "question_type", value=kind)
    for name in ("prompt", "explanation", "source"):
        if not _text(q.get(name)):
            raise invalid(path, qid, "missing", field=name)
    if "difficulty" in q and q["difficulty"] not in DIFFICULTIES:
        raise invalid(path, qid, "difficulty", value=q["difficulty"], allowed="、".join(DIFFICULTIES))
    out = dict(q, rule_ids=_rule_ids(path, qid, q.get("rule_ids")))
    answer = q.get("answer")
    if kind in ("single", "multi"):
        options = q.get("options")
        if not isinstance(options, dict) or len(options) < 2 or not all(_text(v) for v in options.values()):
            raise invalid(path, qid, "options")
        out["options"] = {str(k): str(v).strip() for k, v in options.items()}
        keys = set(out["options"])
        if kind == "single" and str(answer) not in keys:
            raise invalid(path, qid, "answer_not_option", value=answer)
        if kind == "multi":
            if not isinstance(answer, list) or not answer or not {str(a) for a in answer} <= keys:
                raise invalid(path, qid, "answer_not_option", value=answer)
            out["answer"] = sorted({str(a) for a in answer})
        else:
            out["answer"] = str(answer)
    elif "options" in q:
        raise invalid(path, qid, "options_unexpected")
    if kind == "true_false" and not isinstance(answer, bool):
        raise invalid(path, qid, "answer_bool")
    if kind == "number":
        if isinstance(answer, bool) or not isinstance(answer, (int, float)):
            raise invalid(path, qid, "answer_number")
        tol = q.get("tolerance", 0)
        if isinstance(tol, bool) or not isinstance(tol, (int, float)) or tol < 0:
            raise invalid(path, qid, "tolerance")
    if kind == "date":
        if isinstance(answer, str):
            try:
                answer = date.fromisoformat(answer)
            except ValueError:
                raise invalid(path, qid, "answer_date") from None
        if not isinstance(answer, date):
            raise invalid(path, qid, "answer_date")
        out["answer"] = answer.isoformat()
    return out


def check_exercise(path: Path, chapter: int, entry):
    from clientkit.practice.content import Exercise
    from clientkit.practice.kinds import KINDS

    if not isinstance(entry, dict) or not _text(entry.get("id")) or not _ID.match(str(entry["id"])):
        raise invalid(path, str(entry.get("id") if isinstance(entry, dict) else entry), "exercise_id")
    eid = entry["id"]
    unknown = set(entry) - _EXERCISE_FIELDS
    if unknown:
        raise invalid(path, eid, "unknown_fields", fields="、".join(sorted(map(str, unknown))))
    if entry.get("kind") not in KINDS:
        raise invalid(path, eid, "kind", value=entry.get("kind"), kinds="、".join(KINDS))
    for name in ("title", "intro"):
        if not _text(entry.get(name)):
            raise invalid(path, eid, "missing", field=name)
    params = entry.get("params") or {}
    if not isinstance(params, dict):
        raise invalid(path, eid, "params")
    n = params.get("n_items", 1)
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise invalid(path, eid, "n_items")
    problem = KINDS[entry["kind"]].check_params(params)
    if problem:
        raise invalid(path, eid, "kind_params", detail=problem)
    return Exercise(id=eid, chapter=chapter, kind=entry["kind"], title=entry["title"].strip(),
                    intro=entry["intro"].strip(), rule_ids=_rule_ids(path, eid, entry.get("rule_ids")),
                    params=params)


def check_exercise_content(ex, questions: list[dict], paths: list[Path]) -> None:
    """Cross-file checks: a knowledge exercise has enough questions for ``n_items``."""
    from clientkit.practice.kinds import knowledge

    if ex.kind != "knowledge":
        return
    pool = knowledge.pool(ex.params, questions)
    need = ex.params.get("n_items", knowledge.DEFAULT_N)
    if len(pool) < need:
        raise invalid(paths[0], ex.id, "pool_small", have=len(pool), need=need)


def check_assessment(path: Path, entry, exercises: dict) -> dict:
    """The validated assessment spec: parts of existing exercises, ≥ 10 items, ≥ 3 kinds."""
    if not isinstance(entry, dict):
        raise invalid(path, "assessment", "not_mapping")
    unknown = set(entry) - _ASSESSMENT_FIELDS
    if unknown:
        raise invalid(path, "assessment", "unknown_fields", fields="、".join(sorted(map(str, unknown))))
    for name in ("title", "intro"):
        if not _text(entry.get(name)):
            raise invalid(path, "assessment", "missing", field=name)
    minutes = entry.get("time_limit_min")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 180:
        raise invalid(path, "assessment", "time_limit")
    parts = entry.get("parts")
    if not isinstance(parts, list) or not parts:
        raise invalid(path, "assessment", "not_list")
    total, kinds = 0, set()
    for i, part in enumerate(parts, start=1):
        where = f"assessment.parts[{i}]"
        if not isinstance(part, dict) or set(part) - _PART_FIELDS:
            raise invalid(path, where, "part")
        ex = exercises.get(part.get("exercise"))
        if ex is None:
            raise invalid(path, where, "part_exercise", value=part.get("exercise"))
        n = part.get("n_items")
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise invalid(path, where, "n_items")
        from clientkit.practice.kinds import KINDS

        problem = KINDS[ex.kind].check_params({**ex.params, **(part.get("params") or {})})
        if problem:
            raise invalid(path, where, "kind_params", detail=problem)
        total += n
        kinds.add(ex.kind)
    if total < MIN_ASSESSMENT_ITEMS or len(kinds) < MIN_ASSESSMENT_KINDS:
        raise invalid(path, "assessment", "assessment_size", items=total, kinds=len(kinds),
                      min_items=MIN_ASSESSMENT_ITEMS, min_kinds=MIN_ASSESSMENT_KINDS)
    return {"title": entry["title"].strip(), "intro": entry["intro"].strip(),
            "time_limit_s": minutes * 60, "parts": [dict(p) for p in parts]}
