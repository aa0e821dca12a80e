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

from clientkit.generate.vocab import AREA_CODES, MOBILE_PREFIXES
from clientkit.model.validators import ID_CHECK, ID_WEIGHTS, USCC_CHARS, USCC_WEIGHTS

_ORG_WEIGHTS = np.array([3, 7, 9, 10, 5, 8, 4, 2])


def _digits(strings: np.ndarray, width: int) -> np.ndarray:
    return np.frombuffer("".join(strings).encode("ascii"), dtype=np.uint8).reshape(-1, width).astype(np.int64) - 48


def id_numbers(regions: np.ndarray, births: np.ndarray, male: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """18-digit ID numbers from region codes (int), births (``datetime64[D]``) and genders."""
    n = len(regions)
    seq = rng.integers(0, 500, n) * 2 + np.where(male, 1, 0)
    birth = np.datetime_as_string(np.asarray(births).astype("datetime64[D]")).astype(object)
    first17 = np.array([f"{r:06d}{b[:4]}{b[5:7]}{b[8:10]}{s:03d}" for r, b, s in zip(regions, birth, seq)], dtype=object)
    if n == 0:
        return first17
    check = np.array(list(ID_CHECK))[(_digits(first17, 17) @ ID_WEIGHTS) % 11]
    return (first17 + check.astype(object)).astype(object)


def uscc_codes(rng: np.random.Generator, regions: np.ndarray, prefixes: np.ndarray) -> np.ndarray:
    """Valid USCCs: 2-character ``prefixes`` (e.g. ``91``), region codes, organisation code, check."""
    n = len(regions)
    if n == 0:
        return np.array([], dtype=object)
    body = rng.integers(0, 10, (n, 8))
    c9 = 11 - (body @ _ORG_WEIGHTS) % 11
    c9s = np.where(c9 == 10, "X", np.where(c9 == 11, "0", c9.astype(str)))
    org = np.array(["".join(map(str, row)) for row in body], dtype=object) + c9s.astype(object)
    first17 = prefixes.astype(object) + np.array([f"{r:06d}" for r in regions], dtype=object) + org
    lookup = {c: i for i, c in enumerate(USCC_CHARS)}
    values = np.array([[lookup[c] for c in s] for s in first17])
    check = np.array(list(USCC_CHARS))[(31 - (values @ USCC_WEIGHTS) % 31) % 31]
    return first17 + check.astype(object)


def unique_mobiles(rng: np.random.Generator, n: int, taken: set | None = None) -> np.ndarray:
    """``n`` distinct valid mobile numbers, none of them in ``taken``."""
    taken = set() if taken is None else taken
    out: list[str] = []
    seen = set(taken)
    while len(out) < n:
        need = n - len(out)
        pre = MOBILE_PREFIXES[rng.integers(0, len(MOBILE_PREFIXES), need + 8)]
        tail = rng.integers(0, 10**8, need + 8)
        for p, t in zip(pre, tail):
            s = f"{p}{t:08d}"
            if s not in seen:
                seen.add(s)
                out.append(s)
                if len(out) == n:
                    break
    return np.array(out, dtype=object)


def landlines(rng: np.random.Generator, provinces: np.ndarray) -> np.ndarray:
    """Landlines ``区号-8位号码`` with the capital's area code of each province code."""
    local = rng.integers(2 * 10**7, 9 * 10**7, len(provinces))
    return np.array([f"{AREA_CODES[int(p)]}-{x}" for p, x in zip(provinces, local)], dtype=object)


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
        full = np.concatenate([body, check[:, None]], axis=1)
        out[idx] = ["".join(map(str, row)) for row in full]
    return out
