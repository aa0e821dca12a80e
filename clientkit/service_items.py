"""Service methods for 题目分析 (issue 10): who may see the item analysis of which attempts.
Mixed into :class:`clientkit.service.Service`.

* supervisor / admin: the attempts of the 主管看板 filters (their team's agents; admin everyone);
* trainer: the attempts in their own class sessions, plus the chapter 自测 attempts (any agent,
  only pooled statistics are shown) of the chapters their classes use — the content they teach.
Agents are refused (PermissionDenied, a Chinese message); widget values only narrow the scope.
"""
from __future__ import annotations

import pandas as pd

from clientkit.errors import InputError, PermissionDenied

ITEM_ROLES = ("trainer", "supervisor", "admin")


class ItemAnalysisMixin:
    def paper_titles(self) -> dict[str, str]:
        """Exercise id → what a user calls the paper: exercise titles, 「第N章自测」, 「课堂：<name>」."""
        from clientkit.store.classroom import sessions_of

        titles = dict(self.exercise_titles())
        titles.update({f"session:{s['id']}": f"课堂：{s['name']}" for s in sessions_of(self.store, None)})
        return titles

    def item_analysis_sessions(self) -> list[dict]:
        """The class sessions the 题目分析 page may be narrowed to (a trainer: their own)."""
        from clientkit.store.classroom import sessions_of

        self.require(*ITEM_ROLES)
        return sessions_of(self.store, self.user.id if self.user.role == "trainer" else None)

    def item_scopes(self, chapter=None, mode=None, session_id=None, **filters) -> list:
        """The disjoint scopes whose attempts the user's 题目分析 covers (see the module doc);
        ``filters`` (team, agent, period: the 主管看板's) apply to supervisors and admins.

        Raises:
            PermissionDenied: an agent, or a trainer naming another trainer's session.
            InputError: a bad filter value.
        """
        from clientkit.service_classes import _int
        from clientkit.store.dashboard import Scope
        from clientkit.store.tables import MODES

        self.require(*ITEM_ROLES)
        if self.user.role != "trainer":
            scope, _agents = self.dashboard_scope(chapter=chapter, mode=mode, session_id=session_id, **filters)
            return [scope]
        if mode not in (None, "") and mode not in MODES:
            raise InputError("store.mode_unknown", mode=str(mode))
        chapter = _int(chapter) if chapter not in (None, "") else None
        mine = self.item_analysis_sessions()
        ids = tuple(int(s["id"]) for s in mine)
        if session_id not in (None, ""):
            if _int(session_id) not in ids:
                raise PermissionDenied(role=self._role_label())
            ids = (_int(session_id),)
        mode = mode or None
        scopes = []
        if ids:
            scopes.append(Scope(agents_only=True, session_ids=ids, chapter=chapter, mode=mode))
        used = sorted({int(c) for s in mine for c in s["chapters"]})
        if chapter is not None:
            used = [c for c in used if c == chapter]
        if used and session_id in (None, "") and mode in (None, "assessment"):
            scopes.append(Scope(agents_only=True, chapters=tuple(used), mode="assessment", without_sessions=True))
        return scopes

    def item_analysis(self, chapter=None, mode=None, session_id=None, **filters) -> pd.DataFrame:
        """题目分析 of what the user may see: one row per source question, content version and
        mode, with the question text (:func:`clientkit.reports.item_analysis.by_source`).
        ``filters``: see :meth:`item_scopes`."""
        from clientkit.reports.item_analysis import COLUMNS, item_analysis

        scopes = self.item_scopes(chapter, mode, session_id, **filters)
        if not scopes:
            return pd.DataFrame(columns=COLUMNS)
        return item_analysis(self.store, scopes, self.paper_titles())

    def export_item_analysis(self, chapter=None, mode=None, session_id=None) -> tuple[str, bytes]:
        """``(file name, bytes)``: the 题目分析 as an Excel workbook."""
        from clientkit.reports.export import to_excel
        from clientkit.service_tasks import _now

        data = self.item_analysis(chapter, mode, session_id)
        return f"题目分析-{_now().strftime('%Y%m%d-%H%M')}.xlsx", to_excel({"题目分析": data})
