"""结业证明 verification codes (issue 14): an HMAC of the certificate record with the instance secret.

The code is the first 100 bits of HMAC-SHA256(secret, record) in base32, shown in groups of five
(``ABCDE-FGHJK-…``). It is not a counter: without the secret (``secret.key`` in the instance
folder, :func:`clientkit.auth.secret`) nobody can make a valid one, and changing any character
gives a code the store does not hold. Verifying looks the code up and recomputes the HMAC from
the stored record, so a record edited in the database after issue is refused too.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
from datetime import datetime

CODE_CHARS = 20  # 100 bits
GROUP = 5


def _message(record: dict) -> bytes:
    fields = (record["id"], record["assignment_id"], record["user_id"], record["name"], record["title"],
              f"{float(record['score']):.4f}", _iso(record["completed_at"]), _iso(record["issued_at"]))
    return "|".join(str(f) for f in fields).encode("utf-8")


def _iso(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def make_code(record: dict, key: bytes | None = None) -> str:
    """The verification code of a certificate record (``id``, ``assignment_id``, ``user_id``,
    ``name``, ``title``, ``score``, ``completed_at``, ``issued_at``), without separators."""
    from clientkit.auth import secret

    digest = hmac.new(key or secret(), _message(record), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")[:CODE_CHARS]


def normalise(code: str) -> str:
    """A typed or pasted code without spaces and dashes, upper case ('' if it cannot be one)."""
    text = re.sub(r"[\s\-－—]", "", str(code or "")).upper()
    return text if re.fullmatch(r"[A-Z2-7]{%d}" % CODE_CHARS, text) else ""


def display(code: str) -> str:
    """``ABCDEFGHIJ…`` → ``ABCDE-FGHIJ-…`` (easier to read out and type)."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def verify(store, code: str, key: bytes | None = None) -> dict | None:
    """The certificate record a code belongs to, or None for an unknown, edited or forged code
    (or a record changed after it was issued)."""
    from clientkit.store.assignments import find_certificate

    wanted = normalise(code)
    if not wanted:
        return None
    record = find_certificate(store, wanted)
    if record is None or not hmac.compare_digest(make_code(record, key), wanted):
        return None
    return record
