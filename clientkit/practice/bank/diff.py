"""What an uploaded question bank adds, changes and removes (issue 14).

:func:`preview` reads the workbook, checks every row and compares the questions with the
chapter's questions in force, field by field after the content schema's normalisation, so an
export imported without edits is "no change". A preview with problems cannot be published.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from clientkit.i18n import t
from clientkit.practice.bank.rows import check_rows
from clientkit.practice.bank.workbook import BankProblem, read_workbook
from clientkit.practice.schema import check_question

FIELD_LABELS = {"type": "题型", "topic": "主题", "rule_ids": "规则编号", "source": "来源", "prompt": "题干",
                "options": "选项", "answer": "答案", "explanation": "解析", "difficulty": "难度", "note": "备注",
                "tolerance": "容差", "unit": "单位"}


@dataclass
class BankPreview:
    """The outcome of checking an upload: problems, or what publishing it would change."""

    chapter: int | None
    base_version: str
    current_version: str
    problems: list[BankProblem] = field(default_factory=list)
    added: list[tuple[str, str]] = field(default_factory=list)      # (题号, 题干)
    changed: list[tuple[str, list[str]]] = field(default_factory=list)  # (题号, changed columns)
    removed: list[tuple[str, str]] = field(default_factory=list)
    questions: list[dict] = field(default_factory=list)  # the chapter's bank after publishing
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def summary(self) -> str:
        if not self.ok:
            return t("bank.summary_problems", n=len(self.problems))
        if not self.has_changes:
            return t("bank.no_change")
        return t("bank.summary", chapter=self.chapter, added=len(self.added), changed=len(self.changed),
                 removed=len(self.removed))


def canon(q: dict) -> dict:
    """A question as the schema normalises it, for comparing (text stripped, dates as ISO)."""
    q = dict(q, rule_ids=list(q.get("rule_ids") or []))
    out = check_question("-", q)
    clean = {}
    for key, value in out.items():
        if value is None:
            continue
        if isinstance(value, str):
            value = value.strip()
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, dict):
            value = {k: str(v).strip() for k, v in value.items()}
        clean[key] = value
    return clean


def preview(data: bytes, source) -> BankPreview:
    """Check the workbook ``data`` against ``source`` (the content in force)."""
    read = read_workbook(data)
    result = BankPreview(read.chapter, read.base_version, source.version, problems=read.problems)
    if read.chapter is None or any(p.row is None for p in read.problems):
        return result
    chapter = source.chapters.get(read.chapter)
    current = list(chapter.questions) if chapter else []
    topics = {q["topic"] for c in source.chapters.values() for q in c.questions if q.get("topic")}
    uploaded, _origin = check_rows(read, topics, {q["id"] for q in current})
    if result.problems:
        return result
    if read.base_version and read.base_version != source.version:
        result.warnings.append(t("bank.warn_base", base=read.base_version, current=source.version))
    old = {q["id"]: q for q in current}
    new = {q["id"]: q for q in uploaded}
    final = []
    for q in current:
        if q["id"] not in new:
            result.removed.append((q["id"], q["prompt"]))
            continue
        a, b = canon(q), canon(new[q["id"]])
        if a == b:
            final.append(q)
        else:
            fields = [FIELD_LABELS.get(k, k) for k in FIELD_LABELS if a.get(k) != b.get(k)]
            result.changed.append((q["id"], fields))
            final.append(new[q["id"]])
    for q in uploaded:
        if q["id"] not in old:
            result.added.append((q["id"], q["prompt"]))
            final.append(q)
    result.questions = final
    return result
