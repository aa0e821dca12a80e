"""The one exception base of clientkit and its tree.

Every error carries a message key (looked up in the Chinese catalog, :mod:`clientkit.i18n`)
and the context to format it with. The UI and the CLI translate errors to Chinese at the
boundary with :func:`ClientkitError.message`; a user never sees a traceback::

    ClientkitError
    ├── InputError          a value a user typed or a form sent is malformed
    │   └── AnswerError     an answer is empty, half filled or of the wrong shape
    ├── FileFormatError     a file to import cannot be read (encoding, headers, type)
    ├── ContentError        exercise or settings content is invalid
    ├── CalendarError       a date outside the years the holiday calendar knows
    ├── AuthError           sign-in failed or a signed token is invalid / expired
    │   └── PermissionDenied the signed-in user's role or ownership does not allow it
    └── StoreError          the score store is locked, unreachable or refused a write
"""
from __future__ import annotations

from typing import Any


class ClientkitError(Exception):
    """Base of all clientkit errors: a message key plus named context."""

    default_key = "error.unexpected"

    def __init__(self, key: str | None = None, **context: Any) -> None:
        self.key = key or self.default_key
        self.context = context
        super().__init__(self.key, context)

    def __str__(self) -> str:
        try:
            return self.message()
        except Exception:  # a broken catalog entry must not hide the error itself
            return f"{self.key} {self.context}" if self.context else self.key

    def __reduce__(self):
        return _rebuild, (type(self), self.key, self.context)

    def message(self) -> str:
        """The error in Chinese, formatted from the catalog."""
        from clientkit.i18n import t

        return t(self.key, **self.context)


class InputError(ClientkitError):
    default_key = "error.input"


class AnswerError(InputError):
    default_key = "error.answer_incomplete"


class FileFormatError(ClientkitError):
    default_key = "error.file_format"


class ContentError(ClientkitError):
    default_key = "error.content"


class CalendarError(ClientkitError):
    default_key = "error.calendar_range"


class AuthError(ClientkitError):
    default_key = "error.auth"


class PermissionDenied(AuthError):
    default_key = "error.permission"


class StoreError(ClientkitError):
    default_key = "error.store"


def _rebuild(cls: type[ClientkitError], key: str, context: dict) -> ClientkitError:
    """Unpickle an error (worker processes send errors back to the server)."""
    return cls(key, **context)
