"""Users of the workbook: roles, teams, argon2 password hashes (DESIGN.md "Store").

Passwords are hashed with argon2-cffi's ``PasswordHasher`` and never logged or returned. A
failed sign-in raises :class:`AuthError` without saying whether the user name or the password
was wrong, and takes the same time either way (a dummy hash is checked for unknown names).
Every password set here passes :func:`clientkit.store.passwords.check_password`; a password
the user did not choose (generated, reset) carries ``must_change_password`` until changed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from clientkit.errors import AuthError, InputError
from clientkit.store.passwords import check_password, generate_password
from clientkit.store.tables import ROLES, users


@dataclass(frozen=True)
class User:
    """A user as the rest of clientkit sees it (never with the password hash)."""

    id: int
    username: str
    display_name: str
    role: str
    team: str
    active: bool
    must_change_password: bool = False
    last_login_at: datetime | None = None


def _user(row) -> User:
    return User(row.id, row.username, row.display_name, row.role, row.team, bool(row.active),
                bool(row.must_change_password), row.last_login_at)


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@lru_cache(maxsize=4)
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("clientkit-timing-equaliser")


class UserOps:
    """User methods of :class:`clientkit.store.Store`."""

    _hasher: PasswordHasher

    def add_user(self, username: str, password: str, *, role: str, team: str = "", display_name: str = "",
                 must_change_password: bool = False) -> User:
        """Create a user. Raises InputError (Chinese message) for an empty user name, a
        password that breaks the policy (:func:`~clientkit.store.passwords.check_password`),
        an unknown role, or a user name that is taken. ``must_change_password``: the user must
        choose a new password at the first sign-in (set it for generated passwords)."""
        username = (username or "").strip()
        if not username:
            raise InputError("store.username_empty")
        check_password(password)
        if role not in ROLES:
            raise InputError("store.role_unknown", role=role, roles="、".join(ROLES))
        if self.find_user(username) is not None:
            raise InputError("store.username_taken", username=username)
        row = {
            "username": username, "display_name": display_name or username, "role": role,
            "team": team or "", "password_hash": self._hasher.hash(password),
            "created_at": utcnow(), "active": True, "must_change_password": bool(must_change_password),
        }
        try:
            new_id = self._write(lambda c: c.execute(users.insert().returning(users.c.id), row).scalar_one())
        except sa.exc.IntegrityError:  # taken between the check and the insert
            raise InputError("store.username_taken", username=username) from None
        return self.get_user(new_id)

    def verify_password(self, username: str, password: str) -> User:
        """The active user with these credentials; AuthError otherwise. Rehashes the stored
        hash when the hasher's argon2 parameters have changed since it was made."""
        row = self._read(lambda c: c.execute(
            sa.select(users).where(users.c.username == (username or "").strip())).first())
        stored = row.password_hash if row is not None else _dummy_hash(self._hasher)
        try:
            self._hasher.verify(stored, password or "")
        except (VerificationError, InvalidHashError):
            raise AuthError() from None
        if row is None or not row.active:
            raise AuthError()
        if self._hasher.check_needs_rehash(stored):
            fresh = self._hasher.hash(password)
            self._write(lambda c: c.execute(
                users.update().where(users.c.id == row.id).values(password_hash=fresh)))
        return _user(row)

    def get_user(self, user_id: int) -> User | None:
        row = self._read(lambda c: c.execute(sa.select(users).where(users.c.id == user_id)).first())
        return _user(row) if row is not None else None

    def find_user(self, username: str) -> User | None:
        row = self._read(lambda c: c.execute(sa.select(users).where(users.c.username == username)).first())
        return _user(row) if row is not None else None

    def list_users(self, role: str | None = None, team: str | None = None) -> list[User]:
        """Users ordered by id, optionally only one role and/or one team."""
        query = sa.select(users).order_by(users.c.id)
        if role is not None:
            query = query.where(users.c.role == role)
        if team is not None:
            query = query.where(users.c.team == team)
        return [_user(r) for r in self._read(lambda c: c.execute(query).all())]

    def set_active(self, user_id: int, active: bool) -> None:
        """Deactivate (or reactivate) a user; a deactivated user cannot sign in, and every
        session they have ends at once (open pages included)."""
        self._write(lambda c: c.execute(users.update().where(users.c.id == user_id).values(active=bool(active))))
        if not active:
            self.revoke_user_logins(user_id)

    def set_password(self, user_id: int, password: str, *, must_change: bool = False,
                     keep_session: str | None = None) -> None:
        """Replace a user's password (policy-checked) and end their other sessions.

        Raises:
            InputError: the password breaks the policy, or the user does not exist.
        """
        check_password(password)
        fresh = self._hasher.hash(password)
        changed = self._write(lambda c: c.execute(users.update().where(users.c.id == user_id).values(
            password_hash=fresh, must_change_password=bool(must_change))).rowcount)
        if not changed:
            raise InputError("store.user_unknown", username=user_id)
        self.revoke_user_logins(user_id, keep=keep_session)

    def reset_password(self, user_id: int) -> str:
        """Give a user a generated one-time password that must be changed at the next sign-in;
        returns it (shown once, stored only as a hash). Their sessions end."""
        password = generate_password()
        self.set_password(user_id, password, must_change=True)
        return password

    def check_password_of(self, user_id: int, password: str) -> bool:
        """True when ``password`` is the user's current password (for changing it)."""
        row = self._read(lambda c: c.execute(sa.select(users.c.password_hash).where(users.c.id == user_id)).first())
        try:
            return row is not None and self._hasher.verify(row.password_hash, password or "")
        except (VerificationError, InvalidHashError):
            return False
