"""Field validators with reason codes (DOMAIN.md C1-08, C1-10, C1-11, C1-12; Appendix A).

Each check has a scalar form (the public API, pinned by a test) and a vectorised form over a
pandas Series used by the rules, so that an audit of a million rows stays a few array passes.

Reason codes, checked in this order, the first failing one reported:
``LENGTH`` → ``CHARSET`` → ``BAD_DATE`` (ID numbers only) → ``CHECKSUM``.
An address code that no table knows is *not* an error: codes change over time and old codes
stay valid on issued cards.
"""
from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd

# GB 11643-1999 (C1-08): weights 2**(17-i) mod 11, remainder -> check character.
ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
ID_CHECK = "10X98765432"
_ID_CHARSET = re.compile(r"^\d{17}[\dX]$")

# GB 32100-2015 (C1-10): 31 characters without I O Z S V, weights 3**i mod 31.
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])
_USCC_CHARSET = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")

# C1-11 / C1-12 (⚠P company settings; carrier prefix tables are deliberately not graded).
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")

REASONS = ("LENGTH", "CHARSET", "BAD_DATE", "CHECKSUM")


def id_check_char(first17: str) -> str:
    """The GB 11643-1999 check character for the first 17 digits (Appendix A)."""
    return ID_CHECK[sum(int(c) * int(w) for c, w in zip(first17, ID_WEIGHTS)) % 11]


def uscc_check_char(first17: str) -> str:
    """The GB 32100-2015 check character for the first 17 characters (Appendix A)."""
    s = sum(USCC_CHARS.index(c) * int(w) for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_CHARS[(31 - s % 31) % 31]


def _real_date(yyyymmdd: str) -> date | None:
    try:
        return date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None


def check_id_number(s) -> str | None:
    """Check an 18-digit 公民身份号码 (DOMAIN.md C1-08, GB 11643-1999).

    Returns None when valid, else the first failing reason of ``LENGTH``, ``CHARSET``
    (17 digits then a digit or upper-case ``X``), ``BAD_DATE`` (positions 7–14 are not a
    real calendar date) and ``CHECKSUM`` (ISO 7064 MOD 11-2). Unknown address codes pass.
    """
    if not isinstance(s, str) or len(s) != 18:
        return "LENGTH"
    if not _ID_CHARSET.match(s):
        return "CHARSET"
    if _real_date(s[6:14]) is None:
        return "BAD_DATE"
    if id_check_char(s[:17]) != s[17]:
        return "CHECKSUM"
    return None


def check_uscc(s) -> str | None:
    """Check a 统一社会信用代码 (DOMAIN.md C1-10, GB 32100-2015).

    Returns None when valid, else ``LENGTH``, ``CHARSET`` or ``CHECKSUM``. DOMAIN.md notes that
    some early pilot-region codes fail the checksum: treat ``CHECKSUM`` as "verify by hand".
    """
    if not isinstance(s, str) or len(s) != 18:
        return "LENGTH"
    if not _USCC_CHARSET.match(s):
        return "CHARSET"
    if uscc_check_char(s[:17]) != s[17]:
        return "CHECKSUM"
    return None


def phone_kind(s) -> str | None:
    """Classify a phone number as ``"mobile"`` (C1-11), ``"landline"`` (C1-12) or None."""
    if not isinstance(s, str):
        return None
    if MOBILE_RE.match(s):
        return "mobile"
    if LANDLINE_RE.match(s):
        return "landline"
    return None


def id_birth_date(s: str) -> date | None:
    """The birth date encoded in a structurally valid 18-digit ID number."""
    return _real_date(s[6:14]) if isinstance(s, str) and len(s) == 18 else None


def id_gender(s: str) -> str | None:
    """``"male"`` when the 17th digit is odd, ``"female"`` when even (C1-08)."""
    if isinstance(s, str) and len(s) >= 17 and s[16].isdigit():
        return "male" if int(s[16]) % 2 else "female"
    return None


# ---- vectorised forms -------------------------------------------------------------------


def _as_str(values: pd.Series) -> pd.Series:
    return values.astype("object").where(values.notna(), None).map(lambda v: v if isinstance(v, str) else None)


def id_number_reasons(values: pd.Series) -> pd.Series:
    """``check_id_number`` over a Series: the reason code per row, None where valid.

    Missing values give None too (completeness is a separate rule)."""
    s = _as_str(values)
    out = pd.Series(None, index=values.index, dtype="object")
    present = s.notna()
    text = s[present].astype(str)
    length_ok = text.str.len() == 18
    out[text.index[~length_ok]] = "LENGTH"
    text = text[length_ok]
    charset_ok = text.str.fullmatch(r"\d{17}[\dX]")
    out[text.index[~charset_ok]] = "CHARSET"
    text = text[charset_ok]
    if text.empty:
        return out
    born = pd.to_datetime(text.str.slice(6, 14), format="%Y%m%d", errors="coerce")
    out[text.index[born.isna()]] = "BAD_DATE"
    text = text[born.notna().to_numpy()]
    if text.empty:
        return out
    digits = np.frombuffer("".join(text.str.slice(0, 17)).encode("ascii"), dtype=np.uint8).reshape(-1, 17) - 48
    check = np.array(list(ID_CHECK))[(digits.astype(np.int64) @ ID_WEIGHTS) % 11]
    bad = check != text.str.slice(17, 18).to_numpy()
    out[text.index[bad]] = "CHECKSUM"
    return out


def uscc_reasons(values: pd.Series) -> pd.Series:
    """``check_uscc`` over a Series: the reason code per row, None where valid or missing."""
    s = _as_str(values)
    out = pd.Series(None, index=values.index, dtype="object")
    text = s[s.notna()].astype(str)
    length_ok = text.str.len() == 18
    out[text.index[~length_ok]] = "LENGTH"
    text = text[length_ok]
    charset_ok = text.str.fullmatch(_USCC_CHARSET.pattern[1:-1])
    out[text.index[~charset_ok]] = "CHARSET"
    text = text[charset_ok]
    if text.empty:
        return out
    lookup = np.zeros(128, dtype=np.int64)
    for i, c in enumerate(USCC_CHARS):
        lookup[ord(c)] = i
    codes = np.frombuffer("".join(text.str.slice(0, 17)).encode("ascii"), dtype=np.uint8).reshape(-1, 17)
    total = lookup[codes] @ USCC_WEIGHTS
    check = np.array(list(USCC_CHARS))[(31 - total % 31) % 31]
    out[text.index[check != text.str.slice(17, 18).to_numpy()]] = "CHECKSUM"
    return out


def phone_kinds(values: pd.Series) -> pd.Series:
    """``phone_kind`` over a Series (None for missing or invalid)."""
    s = _as_str(values)
    text = s.fillna("").astype(str)
    out = pd.Series(None, index=values.index, dtype="object")
    out[text.str.fullmatch(LANDLINE_RE.pattern[1:-1])] = "landline"
    out[text.str.fullmatch(MOBILE_RE.pattern[1:-1])] = "mobile"
    return out
