"""The password policy and one-time passwords (issue 8 §4, issue 15 §1).

A password has at least :data:`MIN_LENGTH` characters and not only one kind of character
(kinds: digits, lower-case Latin letters, upper-case Latin letters, anything else — Chinese
characters and punctuation count as "anything else"). ``12345678`` and ``abcdefgh`` are
refused, ``abcd1234`` and ``密码-2026`` pass. Generated passwords always pass and are flagged
to be changed at the first sign-in.
"""
from __future__ import annotations

import secrets
import string

from clientkit.errors import InputError

MIN_LENGTH = 8
GENERATED_LENGTH = 12
_ALPHABET = string.ascii_letters + string.digits


def kinds(password: str) -> set[str]:
    """The kinds of character in ``password`` (``digit``, ``lower``, ``upper``, ``other``)."""
    found = set()
    for ch in password:
        if ch in string.digits:
            found.add("digit")
        elif ch in string.ascii_lowercase:
            found.add("lower")
        elif ch in string.ascii_uppercase:
            found.add("upper")
        else:
            found.add("other")
    return found


def check_password(password: str | None) -> None:
    """Refuse a password that breaks the policy.

    Raises:
        InputError: ``store.password_empty``, ``store.password_short`` (fewer than
            :data:`MIN_LENGTH` characters) or ``store.password_one_kind``.
    """
    if not password:
        raise InputError("store.password_empty")
    if len(password) < MIN_LENGTH:
        raise InputError("store.password_short", n=MIN_LENGTH)
    if len(kinds(password)) < 2:
        raise InputError("store.password_one_kind")


def generate_password() -> str:
    """A random one-time password of :data:`GENERATED_LENGTH` letters and digits that passes
    :func:`check_password` (letters and digits both present)."""
    while True:
        candidate = "".join(secrets.choice(_ALPHABET) for _ in range(GENERATED_LENGTH))
        if len(kinds(candidate)) >= 2 and "digit" in kinds(candidate):
            return candidate
