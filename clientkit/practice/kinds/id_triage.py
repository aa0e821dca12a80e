"""Kind ``id_triage``: is this 公民身份号码 / 统一社会信用代码 valid, and if not, why?

DOMAIN.md 1.2 exercises 1 and 3; rules C1-08 (GB 11643-1999) and C1-10 (GB 32100-2015),
Appendix A. Valid numbers are computed by :mod:`clientkit.generate.identities`; corrupted ones get
one planted fault (length, a forbidden character, an impossible birth date, a wrong check
character). The answer key is whatever :func:`~clientkit.model.validators.check_id_number` /
:func:`~clientkit.model.validators.check_uscc` say — never typed in YAML. ``params.include``
adds fixed numbers first (the DOMAIN.md vectors in the assessment). The full synthetic number is
shown: the exercise is about the raw value.
"""
from __future__ import annotations

import numpy as np

from clientkit.generate import identities, regions
from clientkit.i18n import t
from clientkit.model.validators import ID_CHECK, USCC_CHARS, check_id_number, check_uscc, id_birth_date, id_check_char, uscc_check_char
from clientkit.practice.kinds.cards import code, rule_source
from clientkit.practice.task import Item, ItemKey

DEFAULT_N = 10
REASONS_ID = ("VALID", "LENGTH", "CHARSET", "BAD_DATE", "CHECKSUM")
REASONS_USCC = ("VALID", "LENGTH", "CHARSET", "CHECKSUM")
_USCC_PREFIXES = np.array(["91", "92", "93", "51", "52", "53", "12", "11"], dtype=object)


def check_params(params: dict) -> str | None:
    share = params.get("uscc_share", 0.3)
    if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
        return t("practice.problem.param_type", name="uscc_share")
    for entry in params.get("include") or []:
        if not (isinstance(entry, dict) and len(entry) == 1 and set(entry) <= {"id", "uscc"}
                and isinstance(next(iter(entry.values())), str)):
            return t("practice.problem.param_type", name="include")
    return None


def options(kind: str) -> tuple[tuple[str, str], ...]:
    reasons = REASONS_ID if kind == "id" else REASONS_USCC
    return tuple((r, t(f"practice.reason.{r}")) for r in reasons)


def valid_ids(rng: np.random.Generator, n: int) -> list[str]:
    births = np.datetime64("1940-01-01") + rng.integers(0, 365 * 75, n).astype("timedelta64[D]")
    years = births.astype("datetime64[Y]").astype(np.int64) + 1970
    codes = regions.region_table()["code"][regions.sample_regions(rng, years)]
    return list(identities.id_numbers(codes, births, rng.random(n) < 0.5, rng))


def valid_usccs(rng: np.random.Generator, n: int) -> list[str]:
    codes = regions.region_table()["code"][regions.sample_capitals(rng, n)]
    return list(identities.uscc_codes(rng, codes, _USCC_PREFIXES[rng.integers(0, len(_USCC_PREFIXES), n)]))


def corrupt_id(rng: np.random.Generator, s: str, reason: str) -> str:
    """``s`` with one planted fault of ``reason`` (the key is still computed by the validator)."""
    if reason == "LENGTH":
        i = int(rng.integers(0, 17))
        return s[:i] + s[i + 1:] if rng.random() < 0.5 else s[:i] + str(rng.integers(0, 10)) + s[i:]
    if reason == "CHARSET":
        if s[17] == "X" or rng.random() < 0.3:
            return s[:17] + "x" if s[17] == "X" else s[:17] + "Y"
        i = int(rng.integers(0, 17))
        return s[:i] + "ODIZ"[int(rng.integers(0, 4))] + s[i + 1:]
    if reason == "BAD_DATE":
        y = s[6:10]
        mmdd = ("0230", "0229" if int(y) % 4 else "0231", "1301", "0431", "0000", "1232")[int(rng.integers(0, 6))]
        first17 = s[:10] + mmdd + s[14:17]
        return first17 + id_check_char(first17)
    wrong = [c for c in ID_CHECK if c != s[17]]
    return s[:17] + wrong[int(rng.integers(0, len(wrong)))]


def corrupt_uscc(rng: np.random.Generator, s: str, reason: str) -> str:
    if reason == "LENGTH":
        i = int(rng.integers(2, 17))
        return s[:i] + s[i + 1:] if rng.random() < 0.5 else s[:i] + "0" + s[i:]
    if reason == "CHARSET":
        i = int(rng.integers(8, 17))
        return s[:i] + "IOZSV"[int(rng.integers(0, 5))] + s[i + 1:]
    wrong = [c for c in USCC_CHARS if c != s[17]]
    return s[:17] + wrong[int(rng.integers(0, len(wrong)))]


def explain(kind: str, s: str, reason: str) -> str:
    """Why the validator gives ``reason`` for ``s`` (Chinese, with the computed values)."""
    if reason == "VALID":
        if kind == "id":
            gender = t("practice.gender.male") if int(s[16]) % 2 else t("practice.gender.female")
            return t("practice.id.valid", born=id_birth_date(s).isoformat(), gender=gender, check=s[17])
        return t("practice.uscc.valid", check=s[17])
    if reason == "LENGTH":
        return t("practice.id.length", n=len(s))
    if reason == "CHARSET":
        return t(f"practice.{kind}.charset")
    if reason == "BAD_DATE":
        return t("practice.id.bad_date", digits=s[6:14])
    right = id_check_char(s[:17]) if kind == "id" else uscc_check_char(s[:17])
    return t(f"practice.{kind}.checksum", right=right, given=s[17])


def item(kind: str, s: str, item_id: str) -> tuple[Item, ItemKey]:
    reason = (check_id_number(s) if kind == "id" else check_uscc(s)) or "VALID"
    rule_ids = ("C1-08",) if kind == "id" else ("C1-10",)
    opts = options(kind)
    prompt = t(f"practice.{kind}.prompt", number=code(s))
    key = ItemKey("choice", reason, dict(opts)[reason], rule_ids, rule_source(rule_ids), explain(kind, s, reason))
    return Item(item_id, prompt, "single", opts, rule_ids=rule_ids), key


def build(ex, rng: np.random.Generator, n: int, prefix: str, used: set) -> list[tuple[Item, ItemKey]]:
    fixed = [(next(iter(e)), next(iter(e.values()))) for e in ex.params.get("include") or []][:n]
    rest = n - len(fixed)
    is_uscc = rng.random(rest) < float(ex.params.get("uscc_share", 0.3))
    n_uscc = int(is_uscc.sum())
    ids, usccs = iter(valid_ids(rng, rest - n_uscc)), iter(valid_usccs(rng, n_uscc))
    numbers = list(fixed)
    for u in is_uscc:
        kind = "uscc" if u else "id"
        reasons = REASONS_ID if kind == "id" else REASONS_USCC
        reason = reasons[int(rng.integers(0, len(reasons)))]
        s = next(usccs) if u else next(ids)
        if reason != "VALID":
            s = corrupt_id(rng, s, reason) if kind == "id" else corrupt_uscc(rng, s, reason)
        numbers.append((kind, s))
    return [item(kind, s, f"{prefix}{i:02d}") for i, (kind, s) in enumerate(numbers, start=1)]
