"""Chapter 7 客户档案数字化管理 — checks of the ``documents`` table and digitisation calculators.

Data checks (``CHECKS``; the generator's catalogue in :mod:`clientkit.generate.ch7_documents`):

* C7-01 (档案法 第37条): a document without ``created_by`` or ``created_at`` (creator and time of
  formation cannot be identified);
* C7-02 (电子签名法 第5、6、8条): ``sha256`` empty or not 64 hexadecimal characters — the integrity
  of the record cannot be verified;
* C7-04 (DA/T 31-2017): a scan (every type but ``dual_recording``) below ``scan_min_dpi`` (200),
  or stored in a format other than TIFF / JPEG / JPEG2000;
* C7-06 (⚠P): a scan with a signature, seal or photo not in colour;
* C7-09 (可回溯办法 第12条): a ``dual_recording`` that was edited.

Calculators: :func:`scan_settings` (C7-04/C7-06, DOMAIN.md §7.2 exercise 1), :func:`qc_verdict`
(C7-05 acceptance sampling),
:func:`check_backup_plan` (C7-07, exercise 3), :func:`document_problems` (C7-01/02/09 on a metadata
list, exercise 2) and :func:`sample_documents` (synthetic metadata for that exercise).
"""
from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd

from clientkit.errors import InputError
from clientkit.i18n import t
from clientkit.rules.context import Context, blank, text
from clientkit.rules.findings import build, empty
from clientkit.rules.settings import Settings

TABLE = "documents"
LONG_TERM_FORMATS = ("tiff", "jpeg", "jp2")
RECORDING = "dual_recording"
BACKUP_CONDITIONS = ("copies", "media", "offsite", "restore_test")


def _docs(ctx: Context) -> pd.DataFrame:
    return ctx.table(TABLE)


def _scan(docs: pd.DataFrame) -> np.ndarray:
    kind = text(docs["doc_type"])
    return (kind.notna() & kind.ne(RECORDING)).to_numpy(dtype=bool)


def _flag(docs: pd.DataFrame, column: str) -> np.ndarray:
    return docs[column].fillna(False).astype(bool).to_numpy()


def _sha_bad(values: pd.Series) -> np.ndarray:
    s = text(values)
    ok = s.str.fullmatch(r"[0-9a-fA-F]{64}").fillna(False).astype(bool).to_numpy()
    return ~ok


def check_c7_01(ctx: Context) -> pd.DataFrame:
    """C7-01: creator or formation time missing."""
    d = _docs(ctx)
    parts = [build("C7-01", TABLE, d, np.flatnonzero(blank(d[c]).to_numpy()), c, t(f"ch7.finding.C7-01.{c}"))
             for c in ("created_by", "created_at")]
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else empty()


def check_c7_02(ctx: Context) -> pd.DataFrame:
    """C7-02: integrity value missing or malformed."""
    d = _docs(ctx)
    return build("C7-02", TABLE, d, np.flatnonzero(_sha_bad(d["sha256"])), "sha256", t("ch7.finding.C7-02"))


def check_c7_04(ctx: Context) -> pd.DataFrame:
    """C7-04: scan resolution below the minimum, or a non long-term format."""
    d = _docs(ctx)
    scan = _scan(d)
    dpi = pd.to_numeric(d["dpi"], errors="coerce").to_numpy(dtype=float)
    low = scan & ~np.isnan(dpi) & (dpi < float(ctx.settings["scan_min_dpi"]))
    fmt = text(d["file_format"])
    bad_fmt = scan & fmt.notna().to_numpy() & ~fmt.isin(LONG_TERM_FORMATS).to_numpy()
    parts = [build("C7-04", TABLE, d, np.flatnonzero(low), "dpi", t("ch7.finding.C7-04.dpi", min=ctx.settings["scan_min_dpi"])),
             build("C7-04", TABLE, d, np.flatnonzero(bad_fmt), "file_format", t("ch7.finding.C7-04.file_format"))]
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else empty()


def check_c7_06(ctx: Context) -> pd.DataFrame:
    """C7-06: signature / seal / photo scanned in grey or binary."""
    d = _docs(ctx)
    needs = _scan(d) & (_flag(d, "has_signature") | _flag(d, "has_seal") | _flag(d, "has_photo"))
    mode = text(d["colour_mode"])
    wrong = needs & mode.notna().to_numpy() & mode.ne("colour").to_numpy()
    return build("C7-06", TABLE, d, np.flatnonzero(wrong), "colour_mode", t("ch7.finding.C7-06"))


def check_c7_09(ctx: Context) -> pd.DataFrame:
    """C7-09: an edited 双录 recording."""
    d = _docs(ctx)
    edited = text(d["doc_type"]).eq(RECORDING).to_numpy(dtype=bool) & _flag(d, "edited")
    return build("C7-09", TABLE, d, np.flatnonzero(edited), "edited", t("ch7.finding.C7-09"))


CHECKS = {"C7-01": check_c7_01, "C7-02": check_c7_02, "C7-04": check_c7_04, "C7-06": check_c7_06, "C7-09": check_c7_09}


def scan_settings(has_signature: bool = False, has_seal: bool = False, has_photo: bool = False,
                  small_text: bool = False, poor_legibility: bool = False, illustrations: bool = False,
                  high_fidelity: bool = False) -> tuple[str, int, tuple[str, ...]]:
    """(colour mode, minimum dpi, long-term formats) for scanning a paper document (C7-04, C7-06).

    Colour for signatures, seals, photos (C7-06); grey for poor legibility or illustrations;
    else binary (clean black-and-white text). dpi: 600 for high-fidelity reproduction, 300 for
    small/dense text or poor legibility, else 200. Example: 投保单 with signatures and red seal →
    ``("colour", 200, ("tiff", "jpeg", "jp2"))``; faded carbon copy → ``("grey", 300, …)``.
    """
    flags = (has_signature, has_seal, has_photo, small_text, poor_legibility, illustrations, high_fidelity)
    if not all(isinstance(f, bool) for f in flags):
        raise InputError("ch7.error.scan_flags")
    if has_signature or has_seal or has_photo:
        mode = "colour"
    elif poor_legibility or illustrations:
        mode = "grey"
    else:
        mode = "binary"
    dpi = 600 if high_fidelity else 300 if (small_text or poor_legibility) else 200
    return mode, dpi, LONG_TERM_FORMATS


def check_backup_plan(plan: dict, settings=None) -> list[str]:
    """Conditions of C7-07 a backup plan fails, in :data:`BACKUP_CONDITIONS` order.

    ``plan``: ``copies`` (int), ``media`` (list of media types), ``offsite`` (bool),
    ``restore_test_months`` (int months between restore tests, or None for never); ``offline``
    is allowed and not required. Fails: ``copies`` < 3, ``media`` < 2 distinct, no ``offsite``,
    ``restore_test`` missing or rarer than ``restore_test_months`` (6, ⚠P).

    Raises InputError when a field is missing or of the wrong type."""
    try:
        copies, media, offsite = plan["copies"], plan["media"], plan["offsite"]
        every = plan.get("restore_test_months")
    except (KeyError, TypeError):
        raise InputError("ch7.error.backup_plan", plan=plan) from None
    if isinstance(copies, bool) or not isinstance(copies, int) or copies < 0 or not isinstance(media, (list, tuple)) \
            or not isinstance(offsite, bool) or (every is not None and (isinstance(every, bool) or not isinstance(every, int) or every <= 0)):
        raise InputError("ch7.error.backup_plan", plan=plan)
    limit = int(Settings.coerce(settings)["restore_test_months"])
    failed = {"copies": copies < 3, "media": len(set(media)) < 2, "offsite": not offsite,
              "restore_test": every is None or every > limit}
    return [c for c in BACKUP_CONDITIONS if failed[c]]


def qc_verdict(total: int, sampled: int, defective: int, settings=None) -> list[str]:
    """Conditions of C7-05 (⚠P) a digitisation batch fails at acceptance: ``sample`` when fewer
    than ``qc_sample_share`` (5 %) of the ``total`` images were checked, ``pass_rate`` when the
    sampled images passed below ``qc_pass_rate`` (95 %). Example: 200 sampled of 4,000, 14
    defective → pass rate 93 % → ``["pass_rate"]``.

    Raises InputError unless 0 ≤ defective ≤ sampled ≤ total are whole numbers and sampled > 0."""
    values = (total, sampled, defective)
    if any(isinstance(v, bool) or not isinstance(v, int) for v in values) or not 0 <= defective <= sampled <= total or sampled == 0:
        raise InputError("ch7.error.qc_counts", total=total, sampled=sampled, defective=defective)
    s = Settings.coerce(settings)
    failed = []
    if sampled < float(s["qc_sample_share"]) * total - 1e-9:
        failed.append("sample")
    if (sampled - defective) < float(s["qc_pass_rate"]) * sampled - 1e-9:
        failed.append("pass_rate")
    return failed


def document_problems(docs: pd.DataFrame) -> pd.Series:
    """Per metadata row, the first problem (C7-01 creator/time, C7-02 hash mismatch via
    ``sha256_ok``, C7-09 edited recording) as a rule id, or None when the record is valid."""
    out = pd.Series([None] * len(docs), index=docs.index, dtype=object)
    checks = [("C7-09", text(docs["doc_type"]).eq(RECORDING).to_numpy(dtype=bool) & _flag(docs, "edited")),
              ("C7-02", ~docs["sha256_ok"].fillna(False).astype(bool).to_numpy()),
              ("C7-01", (blank(docs["created_by"]) | blank(docs["created_at"])).to_numpy())]
    for rule_id, mask in checks:
        out[mask] = rule_id
    return out


def sample_documents(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """``n`` synthetic e-archive metadata rows for DOMAIN.md §7.2 exercise 2: about a third have
    one problem (missing creator/time, a recomputed hash that differs, an edited recording)."""
    kinds = np.array(["application", "id_copy", "receipt", "health_disclosure", RECORDING])
    doc_type = kinds[rng.integers(0, len(kinds), n)]
    start = datetime(2025, 1, 2, 9, 0)
    rows = {"document_id": [f"D{i:02d}" for i in range(1, n + 1)], "doc_type": doc_type,
            "created_by": [f"A{int(x):04d}" for x in rng.integers(1, 60, n)],
            "created_at": [start + timedelta(days=int(d), minutes=int(m)) for d, m in zip(rng.integers(0, 500, n), rng.integers(0, 480, n))],
            "sha256_ok": np.ones(n, dtype=bool), "edited": np.zeros(n, dtype=bool)}
    df = pd.DataFrame(rows).astype({"created_by": object, "created_at": object})
    defect = rng.random(n) < 0.35
    for i in np.flatnonzero(defect):
        choice = int(rng.integers(0, 4))
        if choice == 0:
            df.at[i, "created_by"] = None
        elif choice == 1:
            df.at[i, "created_at"] = None
        elif choice == 2:
            df.at[i, "sha256_ok"] = False
        else:
            df.at[i, "doc_type"], df.at[i, "edited"] = RECORDING, True
    return df
