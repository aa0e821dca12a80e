"""Valid identifiers computed, not faked: ID numbers, USCCs, phones and bank cards.

* 公民身份号码 GB 11643-1999 (DOMAIN.md C1-08, Appendix A): region code in use in the birth year
  (:mod:`clientkit.generate.regions`), birth date, sequence whose last digit is odd for men,
  ISO 7064 MOD 11-2 check character.
* 统一社会信用代码 GB 32100-2015 (C1-10): department + category + region + 9-character
  organisation code (GB 11714 check digit) + check character
  (:func:`clientkit.model.validators.uscc_check_char` arithmetic, vectorised).
* Mobiles ``^1[3-9]\\d{9}$`` (C1-11) from real prefixes, unique in a book; landlines (C1-12).
* Bank cards: UnionPay ``62`` BIN, 16 or 19 digits, Luhn check.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from clientkit.generate import days
from clientkit.generate.vocab import AREA_CODES, MOBILE_PREFIXES
from clientkit.model.validators import ID_CHECK, ID_WEIGHTS, USCC_CHARS, USCC_WEIGHTS

_ORG_WEIGHTS = np.array([3, 7, 9, 10, 5, 8, 4, 2])
_ASCII_ID_CHECK = np.frombuffer(ID_CHECK.encode("ascii"), dtype=np.uint8)
_ASCII_USCC = np.frombuffer(USCC_CHARS.encode("ascii"), dtype=np.uint8)
_USCC_VALUE = np.zeros(128, dtype=np.int64)
_USCC_VALUE[_ASCII_USCC] = np.arange(len(USCC_CHARS))
# GB 11714 check of the organisation code: 11 - weighted sum mod 11, with 10 → X and 11 → 0.
_ASCII_ORG_CHECK = np.frombuffer(b"0123456789X0", dtype=np.uint8)


def digit_columns(values: np.ndarray, width: int) -> np.ndarray:
    """The ``width`` decimal digits of non-negative ints, zero-padded, as an n×width int array."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return (np.asarray(values, dtype=np.int64)[:, None] // powers) % 10


def to_text(codes: np.ndarray) -> np.ndarray:
    """Rows of ASCII codes (n×w, no NUL) as an object array of ``str`` via a numpy byte view."""
    codes = np.ascontiguousarray(codes, dtype=np.uint8)
    n, w = codes.shape
    if n == 0:
        return np.array([], dtype=object)
    return codes.view(f"S{w}").ravel().astype(f"U{w}").astype(object)


def serials(prefix: str, n: int, width: int, start: int = 0) -> np.ndarray:
    """Keys ``prefix`` + zero-padded ``start+1 … start+n`` (``f"{prefix}{i:0{width}d}"``)."""
    numbers = np.arange(start + 1, start + n + 1)
    short = numbers[numbers < 10**width]
    head = np.broadcast_to(np.frombuffer(prefix.encode("ascii"), dtype=np.uint8), (len(short), len(prefix)))
    long = np.array([f"{prefix}{i}" for i in numbers[len(short):]], dtype=object)
    return np.concatenate([to_text(np.hstack([head, digit_columns(short, width) + 48])), long])


def id_numbers(regions: np.ndarray, births: np.ndarray, male: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """18-digit ID numbers from region codes (int), births (``datetime64[D]``) and genders."""
    n = len(regions)
    seq = rng.integers(0, 500, n) * 2 + np.where(male, 1, 0)
    if n == 0:
        return np.array([], dtype=object)
    y, m, d = days.ymd(np.asarray(births).astype("datetime64[D]").astype(np.int64))
    digits = np.hstack([digit_columns(regions, 6), digit_columns(y * 10000 + m * 100 + d, 8), digit_columns(seq, 3)])
    check = _ASCII_ID_CHECK[(digits @ ID_WEIGHTS) % 11]
    return to_text(np.hstack([digits + 48, check[:, None]]))


def uscc_codes(rng: np.random.Generator, regions: np.ndarray, prefixes: np.ndarray) -> np.ndarray:
    """Valid USCCs: 2-character ``prefixes`` (e.g. ``91``), region codes, organisation code, check."""
    n = len(regions)
    if n == 0:
        return np.array([], dtype=object)
    body = rng.integers(0, 10, (n, 8))
    c9 = _ASCII_ORG_CHECK[11 - (body @ _ORG_WEIGHTS) % 11]
    head = np.asarray(prefixes).astype("S2").view(np.uint8).reshape(n, 2)
    first17 = np.hstack([head, digit_columns(regions, 6) + 48, body + 48, c9[:, None]]).astype(np.uint8)
    check = _ASCII_USCC[(31 - (_USCC_VALUE[first17] @ USCC_WEIGHTS) % 31) % 31]
    return to_text(np.hstack([first17, check[:, None]]))


def unique_mobiles(rng: np.random.Generator, n: int, taken: set | None = None) -> np.ndarray:
    """``n`` distinct valid mobile numbers, none of them in ``taken``.

    Draws batches of ``need + 8`` candidates and keeps, in draw order, those not seen before
    (in ``taken``, earlier batches or earlier in the batch) until ``n`` are found.
    """
    taken = set() if taken is None else taken
    parts: list[np.ndarray] = []
    seen = pd.Index(np.array(list(taken), dtype=object), dtype=object)
    got = 0
    while got < n:
        need = n - got
        pre = MOBILE_PREFIXES[rng.integers(0, len(MOBILE_PREFIXES), need + 8)]
        tail = rng.integers(0, 10**8, need + 8)
        text = to_text(digit_columns(pre * 10**8 + tail, 11) + 48)
        fresh = ~pd.Series(text, dtype=object).duplicated().to_numpy() & ~_in(text, seen)
        keep = text[fresh][:need]
        parts.append(keep)
        seen = seen.append(pd.Index(keep, dtype=object))
        got += len(keep)
    return np.concatenate(parts) if parts else np.array([], dtype=object)


def _in(text: np.ndarray, seen: pd.Index) -> np.ndarray:
    return pd.Series(text, dtype=object).isin(seen).to_numpy()


def landlines(rng: np.random.Generator, provinces: np.ndarray) -> np.ndarray:
    """Landlines ``区号-8位号码`` with the capital's area code of each province code."""
    local = rng.integers(2 * 10**7, 9 * 10**7, len(provinces))
    area = np.array([AREA_CODES[int(p)] for p in np.unique(provinces)], dtype=object)
    area = area[np.searchsorted(np.unique(provinces), provinces)] if len(provinces) else area
    return area + "-" + local.astype(str).astype(object)


def bank_cards(rng: np.random.Generator, n: int) -> np.ndarray:
    """UnionPay-style card numbers (``62`` + digits, 16 or 19 long) with a Luhn check digit."""
    out = np.empty(n, dtype=object)
    lengths = np.where(rng.random(n) < 0.5, 16, 19)
    for length in (16, 19):
        idx = np.flatnonzero(lengths == length)
        body = rng.integers(0, 10, (len(idx), length - 1))
        body[:, 0], body[:, 1] = 6, 2
        rev = body[:, ::-1].copy()
        dbl = rev[:, ::2] * 2
        rev[:, ::2] = np.where(dbl > 9, dbl - 9, dbl)
        check = (10 - rev.sum(axis=1) % 10) % 10
        out[idx] = to_text(np.concatenate([body, check[:, None]], axis=1) + 48)
    return out
