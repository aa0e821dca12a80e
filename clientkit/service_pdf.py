"""Service methods for the PDF reports of issue 14 (printed on the server by Chromium).
Mixed into :class:`clientkit.service.Service`. Each report holds exactly what the user's screen
shows them, scoped by the same service calls (an agent: their own; a supervisor: their team; a
trainer: their own class sessions)."""
from __future__ import annotations

from datetime import datetime

from clientkit.service_tasks import _now


class PdfReportsMixin:
    def my_report_pdf(self, now: datetime | None = None) -> tuple[str, bytes]:
        """我的进度 as a PDF: chapters, scores, mastery per rule, the date."""
        from clientkit.reports.dashboard import statements
        from clientkit.reports.pdf import html_to_pdf
        from clientkit.reports.printable import agent_report_html
        from clientkit.service_assignments import local_date

        self.recheck()
        on = local_date(now or _now())
        name = self.user.display_name or self.user.username
        doc = agent_report_html(name, self.user.team, self.my_progress()["chapters"], self.my_rules()["rules"],
                                statements(), on)
        return f"个人自测报告-{on:%Y%m%d}.pdf", html_to_pdf(doc)

    def team_report_pdf(self, now: datetime | None = None, **filters) -> tuple[str, bytes]:
        """主管看板 for the filters (a period: ``since``/``until``) as a PDF of its tables."""
        from clientkit.reports.dashboard import VIEW_NAMES
        from clientkit.reports.pdf import html_to_pdf
        from clientkit.reports.printable import team_report_html
        from clientkit.service_assignments import local_date

        views = self.dashboard(only=("mastery", "completion", "misses", "distribution", "items"), **filters)
        on = local_date(now or _now())
        team = self.user.team if self.user.role == "supervisor" else (filters.get("team") or "全部团队")
        since, until = filters.get("since"), filters.get("until")
        period = f"{since.isoformat() if since else '最早'} 至 {until.isoformat() if until else on.isoformat()}"
        doc = team_report_html(views, VIEW_NAMES, f"团队：{team}　期间：{period}", on)
        return f"团队学习报告-{on:%Y%m%d}.pdf", html_to_pdf(doc)

    def class_report_pdf(self, session_id, now: datetime | None = None) -> tuple[str, bytes]:
        """One of the trainer's class sessions as a PDF (the class report's tables)."""
        from clientkit.reports.classroom import report_views
        from clientkit.reports.pdf import html_to_pdf
        from clientkit.reports.printable import class_report_html
        from clientkit.service_assignments import local_date

        session = self._own_session(session_id)
        views = report_views(self.store, session, self._users())
        on = local_date(now or _now())
        return f"课堂报告-{session['code']}.pdf", html_to_pdf(class_report_html(session, views, on))
