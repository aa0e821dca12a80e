"""Chapter 1 基本信息管理 — data checks of identity numbers, codes, phones and completeness.

Each check takes a :class:`clientkit.rules.context.Context` and returns findings
(:mod:`clientkit.rules.findings`) on the ``clients`` table; the catalogue of what a generated
book plants (``clientkit/generate/defects.py``) is the contract they meet:

* C1-08 (GB 11643-1999): an ``id_card`` individual's ``id_number`` fails the check (reason code
  LENGTH / CHARSET / BAD_DATE / CHECKSUM in the message) — except a 15-digit all-digit number,
  which is C1-09; when the ID is valid, ``birth_date`` or ``gender`` differing from it;
* C1-09 (GB 11643-1989): an old 15-digit ID to upgrade;
* C1-10 (GB 32100-2015): an enterprise/group ``uscc`` failing the check;
* C1-11 / C1-12 (⚠P regexes from the settings): a phone that is neither mobile nor landline —
  C1-11 when it is all digits starting with ``1`` (mobile-like), else C1-12;
* C1-03 (保监发〔2013〕82号): an individual in a policy role without a field of
  ``schema.ROLE_REQUIRED`` for that role (holder / insured / beneficiary);
* C1-13 (handbook §1.2): a field the schema requires for the client's type is empty and was not
  already reported under C1-03.

Missing values are only ever reported by C1-03 / C1-13.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from clientkit.i18n import t
from clientkit.model.schema import CLIENT_TYPES, CLIENTS, ROLE_LABELS, ROLE_REQUIRED
from clientkit.model.validators import id_number_reasons, uscc_reasons
from clientkit.rules import ch1_conduct
from clientkit.rules.context import Context, blank, dates, text
from clientkit.rules.findings import build, empty

TABLE = "clients"


def _is(ctx: Context, column: str, *values: str) -> pd.Series:
    return text(ctx.clients[column]).isin(values).to_numpy()


def _positions(mask) -> np.ndarray:
    return np.flatnonzero(np.asarray(mask, dtype=bool))


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else empty()


def _id_cards(ctx: Context) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """ID numbers (text), the rows that are id_card individuals with an ID, and which of those
    are old 15-digit numbers."""
    ids = text(ctx.clients["id_number"])
    base = _is(ctx, "client_type", "individual") & _is(ctx, "id_type", "id_card") & ids.notna().to_numpy()
    old = base & ids.str.fullmatch(r"\d{15}").fillna(False).to_numpy(dtype=bool)
    return ids, base, old


def check_c1_08(ctx: Context) -> pd.DataFrame:
    """C1-08: invalid 18-digit ID numbers and, for valid ones, birth date / gender mismatches."""
    c = ctx.clients
    ids, base, old = _id_cards(ctx)
    candidates = base & ~old
    reasons = id_number_reasons(ids.where(candidates, None))
    invalid = candidates & reasons.notna().to_numpy()
    rows = _positions(invalid)
    labels = {r: t(f"rules.finding.C1-08.{r}") for r in ("LENGTH", "CHARSET", "BAD_DATE", "CHECKSUM")}
    parts = [build("C1-08", TABLE, c, rows, "id_number", reasons.iloc[rows].map(labels).to_numpy())]

    valid = _positions(candidates & ~invalid)
    if len(valid):
        good = ids.iloc[valid]
        born = pd.to_datetime(good.str.slice(6, 14), format="%Y%m%d", errors="coerce").to_numpy()
        birth = dates(c["birth_date"]).iloc[valid].dt.normalize().to_numpy()
        differs = ~pd.isna(birth) & (birth != born)
        parts.append(build("C1-08", TABLE, c, valid[differs], "birth_date", t("rules.finding.C1-08.birth_date")))
        by_id = np.where(good.str.slice(16, 17).astype(int).to_numpy() % 2 == 1, "male", "female")
        gender = text(c["gender"]).iloc[valid].to_numpy(dtype=object)
        # a value that is neither 男 nor 女 is an import issue (reported there, by row and column), not a mismatch
        differs = np.isin(gender, ("male", "female")) & (gender != by_id)
        parts.append(build("C1-08", TABLE, c, valid[differs], "gender", t("rules.finding.C1-08.gender")))
    return _concat(parts)


def check_c1_09(ctx: Context) -> pd.DataFrame:
    """C1-09: old 15-digit ID numbers of id_card individuals."""
    _, _, old = _id_cards(ctx)
    return build("C1-09", TABLE, ctx.clients, _positions(old), "id_number", t("rules.finding.C1-09"))


def check_c1_10(ctx: Context) -> pd.DataFrame:
    """C1-10: enterprise/group clients whose USCC fails GB 32100-2015."""
    c = ctx.clients
    org = _is(ctx, "client_type", "enterprise", "group")
    reasons = uscc_reasons(text(c["uscc"]).where(org, None))
    rows = _positions(org & reasons.notna().to_numpy())
    labels = {r: t(f"rules.finding.C1-10.{r}") for r in ("LENGTH", "CHARSET", "CHECKSUM")}
    return build("C1-10", TABLE, c, rows, "uscc", reasons.iloc[rows].map(labels).to_numpy())


def _bad_phones(ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    phones = text(ctx.clients["phone"])
    filled = phones.notna() & ~blank(phones)
    ok = phones.str.fullmatch(ctx.settings.mobile_regex) | phones.str.fullmatch(ctx.settings.landline_regex)
    bad = (filled & ~ok.fillna(False).astype(bool)).to_numpy()
    mobile_like = phones.str.fullmatch(r"1\d*").fillna(False).to_numpy(dtype=bool)
    return bad & mobile_like, bad & ~mobile_like


def check_c1_11(ctx: Context) -> pd.DataFrame:
    """C1-11: an invalid mobile-like phone (all digits, starting with 1)."""
    rows = _positions(_bad_phones(ctx)[0])
    return build("C1-11", TABLE, ctx.clients, rows, "phone", t("rules.finding.C1-11"))


def check_c1_12(ctx: Context) -> pd.DataFrame:
    """C1-12: any other phone that is neither a mobile nor a landline number."""
    rows = _positions(_bad_phones(ctx)[1])
    return build("C1-12", TABLE, ctx.clients, rows, "phone", t("rules.finding.C1-12"))


def _role_gaps(ctx: Context) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per field: rows of individuals missing it that a policy role requires, and the roles."""
    if "role_gaps" in ctx._cache:
        return ctx._cache["role_gaps"]
    c, roles = ctx.clients, ctx.roles
    person = _is(ctx, "client_type", "individual")
    out = {}
    for name in dict.fromkeys(f for fields in ROLE_REQUIRED.values() for f in fields):
        needing = [r for r, fields in ROLE_REQUIRED.items() if name in fields]
        has_role = np.logical_or.reduce([roles[r].to_numpy() for r in needing])
        rows = _positions(person & has_role & blank(c[name]).to_numpy())
        labels = ["、".join(ROLE_LABELS[r] for r in needing if roles[r].iat[i]) for i in rows]
        out[name] = (rows, np.asarray(labels, dtype=object))
    ctx._cache["role_gaps"] = out
    return out


def check_c1_03(ctx: Context) -> pd.DataFrame:
    """C1-03: individuals in a policy role without a field that role requires."""
    parts = []
    for name, (rows, roles) in _role_gaps(ctx).items():
        label = CLIENTS.column(name).label
        messages = {r: t("rules.finding.C1-03", roles=r, label=label) for r in set(roles)}
        parts.append(build("C1-03", TABLE, ctx.clients, rows, name, [messages[r] for r in roles]))
    return _concat(parts)


def check_c1_13(ctx: Context) -> pd.DataFrame:
    """C1-13: fields required for the client's type (schema) left empty, not counted twice
    with C1-03; rows without a known type are held to the fields every type requires."""
    c = ctx.clients
    kinds = text(c["client_type"])
    reported = {name: rows for name, (rows, _) in _role_gaps(ctx).items()}
    parts = []
    for kind in list(CLIENT_TYPES) + [None]:
        if kind is None:
            of_kind = ~kinds.isin(list(CLIENT_TYPES)).to_numpy()
            fields = [col for col in CLIENTS.columns if set(CLIENT_TYPES) <= col.required]
        else:
            of_kind = (kinds == kind).fillna(False).to_numpy(dtype=bool)
            fields = [col for col in CLIENTS.columns if kind in col.required]
        if not of_kind.any():
            continue
        for col in fields:
            rows = _positions(of_kind & blank(c[col.name]).to_numpy())
            if col.name in reported:
                rows = rows[~np.isin(rows, reported[col.name])]
            message = t("rules.finding.C1-13", type=CLIENT_TYPES.get(kind, ""), label=col.label)
            parts.append(build("C1-13", TABLE, c, rows, col.name, message))
    return _concat(parts)


CHECKS = {
    "C1-03": check_c1_03,
    "C1-08": check_c1_08,
    "C1-09": check_c1_09,
    "C1-10": check_c1_10,
    "C1-11": check_c1_11,
    "C1-12": check_c1_12,
    "C1-13": check_c1_13,
    **ch1_conduct.CHECKS,
}
