"""Roster import for admins (and trainers, agents only) — issue 14. Used by the CLI
(``clientkit users import FILE``) and the 用户管理 page (:mod:`clientkit.serve.accounts`)."""
from __future__ import annotations

from clientkit.errors import InputError, PermissionDenied

ROSTER_ROLES = ("admin", "trainer")


def import_roster(data: bytes, filename: str, actor_role: str = "admin", store=None):
    """Create the users of a roster file; returns a :class:`clientkit.roster.RosterResult`.

    Rows with problems are reported by row and column and skipped; the others are created with
    generated passwords that must be changed at the first sign-in. ``actor_role`` ``trainer``
    may create agents only.
    """
    from clientkit.auth import ROLE_LABELS
    from clientkit.roster import RosterProblem, RosterResult, check_row, read_rows
    from clientkit.store import Store
    from clientkit.store.passwords import generate_password

    if actor_role not in ROSTER_ROLES:
        raise PermissionDenied(role=ROLE_LABELS.get(actor_role, actor_role))
    store = store or Store.open()
    rows, problems = read_rows(data, filename)
    result = RosterResult(problems=list(problems))
    seen: dict[str, int] = {}
    for number, cells in rows:
        user, row_problems = check_row(number, cells, seen, lambda name: store.find_user(name) is not None, actor_role)
        result.problems += row_problems
        if user is None:
            continue
        password = generate_password()
        try:
            store.add_user(user["username"], password, role=user["role"], team=user["team"],
                           display_name=user["name"], must_change_password=True)
        except InputError as exc:  # taken between the check and the insert
            result.problems.append(RosterProblem(number, "工号/用户名", exc.message()))
            continue
        result.created.append({**user, "password": password})
    return result


def roster_passwords_file(result) -> bytes:
    from clientkit.roster import passwords_file

    return passwords_file(result.created)


class RosterMixin:
    """The roster import for the signed-in trainer (agents only) or admin (mixed into
    :class:`clientkit.service.Service`); the role is checked here, not in the page."""

    def roster_upload(self, upload_id: str) -> tuple[str, bytes]:
        """``(file name, bytes)`` of a roster the signed-in user streamed to ``/clientkit/upload``."""
        from pathlib import Path

        from clientkit.serve.upload import open_upload

        self.require(*ROSTER_ROLES)
        path, name = open_upload(self.user.id, upload_id)
        return name, Path(path).read_bytes()

    def roster_import(self, data: bytes, filename: str):
        self.require(*ROSTER_ROLES)
        return import_roster(data, filename, self.user.role, self.store)
