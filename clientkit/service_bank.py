"""题库 in Excel for trainers and admins (issue 14): download a chapter's bank, check an upload
(errors by sheet, row and column; what it adds, changes and removes) and publish it as a new
content version in the instance folder. The functions serve the CLI; :class:`BankMixin` is the
same for a signed-in trainer or admin (mixed into :class:`clientkit.service.Service`)."""
from __future__ import annotations

from clientkit.errors import ContentError

BANK_ROLES = ("trainer", "admin")


def export_bank(chapter: int) -> tuple[str, bytes]:
    """``(file name, .xlsx bytes)`` of chapter ``chapter``'s knowledge questions in force."""
    from clientkit.errors import InputError
    from clientkit.practice.bank import export_workbook
    from clientkit.practice.content import content

    if isinstance(chapter, bool) or not isinstance(chapter, int) or not 1 <= chapter <= 8:
        raise InputError("bank.err.chapter")
    source = content()
    return f"题库-第{chapter}章-{source.version.replace('+', '-')}.xlsx", export_workbook(chapter, source)


def preview_bank(data: bytes):
    """Check an uploaded workbook: a :class:`clientkit.practice.bank.BankPreview` (problems, or
    what publishing would add, change and remove, checked against every exercise and 自测)."""
    from clientkit.i18n import t
    from clientkit.practice.bank import preview
    from clientkit.practice.bank.publish import check_whole
    from clientkit.practice.bank.workbook import BankProblem
    from clientkit.practice.content import content

    result = preview(data, content())
    if result.ok and result.has_changes:
        error = check_whole(result)
        if error is not None:
            result.problems.append(BankProblem(t("bank.whole"), None, "", error.message()))
    return result


def publish_bank(data: bytes, published_by: str, user_id: int | None = None, store=None):
    """Check ``data`` again and publish it; log who did it. Returns the
    :class:`~clientkit.practice.bank.Publication`.

    Raises:
        ContentError: problems or no changes (``bank.not_publishable``), or published by someone
            else since (``bank.stale``).
    """
    from clientkit.practice.bank import publish
    from clientkit.store import Store
    from clientkit.store.bank_log import record_publication

    result = preview_bank(data)
    if not result.ok or not result.has_changes:
        raise ContentError("bank.not_publishable")
    publication = publish(result)
    record_publication(store or Store.open(), publication, published_by, user_id)
    return publication


class BankMixin:
    def bank_export(self, chapter: int) -> tuple[str, bytes]:
        self.require(*BANK_ROLES)
        return export_bank(int(chapter))

    def bank_upload(self, upload_id: str) -> tuple[str, bytes]:
        """``(file name, bytes)`` of a file the signed-in user streamed to ``/clientkit/upload``.
        Raises InputError if it is not one of their stored uploads."""
        from pathlib import Path

        from clientkit.serve.upload import open_upload

        self.require(*BANK_ROLES)
        path, name = open_upload(self.user.id, upload_id)
        return name, Path(path).read_bytes()

    def bank_preview(self, data: bytes):
        self.require(*BANK_ROLES)
        return preview_bank(data)

    def bank_publish(self, data: bytes):
        self.require(*BANK_ROLES)
        who = self.user.display_name or self.user.username
        return publish_bank(data, f"{who}（{self.user.username}）", self.user.id, self.store)

    def bank_history(self, limit: int = 20) -> list[dict]:
        from clientkit.store.bank_log import publications

        self.require(*BANK_ROLES)
        return publications(self.store, limit)
