"""Digitised-document metadata of a generated book (``documents``, chapter 7, C7-01…C7-09).

``add(frames, planted, seed, defect_rate)`` fills ``frames["documents"]`` and returns the planted
defects with the chapter-7 rows added. It draws from its own generator
``np.random.default_rng([seed, 7])``, so every other table is the same as without it.

Per policy (vectorised over the policies table): a 投保单 ``application`` (signatures and seal),
a 身份证件影像 ``id_copy`` of the holder (photo) and a 回执 ``receipt`` (signature) — colour,
300 dpi, TIFF / JPEG / JPEG2000 — a 保险条款 ``clauses`` scan (binary, 200 or 300 dpi), and for
``dual_recorded`` policies a ``dual_recording`` (MP4, no dpi, colour mode or pages), unedited.
Every document has ``created_by`` (the policy's agent), ``created_at`` (the sign date, office
hours), ``held_by`` and a 64-hex ``sha256``. A clean book passes every chapter-7 check.

Planted defects (one per chosen client, on clients without another planted defect; about
``defect_rate × 5 %`` of the clients with documents), ``rule_id``/``field`` as in ``book.defects``:

1. ``C7-04 dpi`` — a scan at 150 dpi;
2. ``C7-04 file_format`` — a scan stored as PNG;
3. ``C7-06 colour_mode`` — an application (signatures, seal) scanned in binary;
4. ``C7-01 created_by`` — creator emptied; ``C7-01 created_at`` — formation time emptied;
5. ``C7-02 sha256`` — the hash truncated to 63 characters;
6. ``C7-09 edited`` — a dual recording marked edited (on a client with one).
"""
from __future__ import annotations


import numpy as np
import pandas as pd

_HEX = np.array([f"{i:02x}" for i in range(256)])
_SCANS = ("application", "id_copy", "receipt", "clauses")
KINDS = (("C7-04", "dpi"), ("C7-04", "file_format"), ("C7-06", "colour_mode"), ("C7-01", "created_by"),
         ("C7-01", "created_at"), ("C7-02", "sha256"), ("C7-09", "edited"))


def _sha(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` random 64-hex-digit digests (stand-ins for SHA-256 of the scans), in one pass."""
    if not n:
        return np.array([], dtype=str)
    return np.frombuffer(rng.bytes(32 * n).hex().encode("ascii"), dtype="S64").astype(str)


def documents(rng: np.random.Generator, policies: pd.DataFrame) -> pd.DataFrame:
    """Clean document metadata for ``policies`` (see the module docstring)."""
    n = len(policies)
    parts = []
    for kind in _SCANS:
        clauses = kind == "clauses"
        parts.append(pd.DataFrame({
            "policy_id": policies["policy_id"].to_numpy(), "client_id": policies["holder_id"].to_numpy(),
            "doc_type": kind, "has_signature": kind in ("application", "receipt"), "has_seal": kind == "application",
            "has_photo": kind == "id_copy",
            "dpi": rng.choice([200, 300], n) if clauses else np.full(n, 300),
            "colour_mode": "binary" if clauses else "colour",
            "file_format": rng.choice(["tiff", "jpeg", "jp2"], n, p=[0.6, 0.3, 0.1]),
            "pages": rng.integers(4, 30, n) if clauses else rng.integers(1, 5, n),
            "agent": policies["agent_id"].to_numpy(), "sign": policies["sign_date"].to_numpy()}))
    dual = policies[policies["dual_recorded"].fillna(False).astype(bool).to_numpy()]
    parts.append(pd.DataFrame({
        "policy_id": dual["policy_id"].to_numpy(), "client_id": dual["holder_id"].to_numpy(), "doc_type": "dual_recording",
        "has_signature": False, "has_seal": False, "has_photo": False, "dpi": pd.NA, "colour_mode": None,
        "file_format": "mp4", "pages": pd.NA, "agent": dual["agent_id"].to_numpy(), "sign": dual["sign_date"].to_numpy()}))
    df = pd.concat(parts, ignore_index=True).sort_values(["policy_id", "doc_type"], kind="stable").reset_index(drop=True)
    m = len(df)
    minutes = rng.integers(9 * 60, 18 * 60, m).astype("timedelta64[m]")
    df["created_at"] = pd.to_datetime(df.pop("sign")).to_numpy() + minutes
    df["created_by"] = df.pop("agent")
    df["held_by"] = np.where(df["doc_type"].eq("dual_recording"), "双录系统", "公司档案室")
    df["sha256"] = _sha(rng, m)
    df["edited"] = False
    df.insert(0, "document_id", [f"D{i:07d}" for i in range(1, m + 1)])
    return df


def plant(rng: np.random.Generator, docs: pd.DataFrame, taken: set, defect_rate: float) -> pd.DataFrame:
    """Plant chapter-7 defects in ``docs`` (in place) on clients not in ``taken``; returns them."""
    clients = pd.Series(docs["client_id"].dropna().unique())
    free = clients[~clients.isin(taken)].to_numpy()
    k = min(len(free), int(round(len(clients) * defect_rate * 0.05)))
    rows = []
    if k == 0:
        return pd.DataFrame(rows, columns=["rule_id", "client_id", "field"])
    with_rec = set(docs.loc[docs["doc_type"].eq("dual_recording"), "client_id"])
    # positions per (client, document type), computed once; edits written once per column
    where = docs.groupby([docs["client_id"], docs["doc_type"]], sort=False).indices
    edits: dict[str, list[tuple[int, object]]] = {}
    for cid in rng.choice(free, size=k, replace=False):
        rule_id, field = KINDS[int(rng.integers(0, len(KINDS)))]
        if field == "edited" and cid not in with_rec:
            rule_id, field = "C7-02", "sha256"
        kind = "dual_recording" if field == "edited" else "application"
        row = int(where[(cid, kind)][0])
        value = {"dpi": 150, "file_format": "png", "colour_mode": "binary", "created_by": None, "created_at": None,
                 "sha256": docs["sha256"].iat[row][:63], "edited": True}[field]
        edits.setdefault(field, []).append((row, value))
        rows.append((rule_id, str(cid), field))
    for field, changes in edits.items():
        at, values = zip(*changes)
        if all(v is None for v in values):  # emptied cells: NA of the column's own dtype
            docs.loc[docs.index[list(at)], field] = pd.NA if docs[field].dtype != "datetime64[ns]" else pd.NaT
        else:
            docs.loc[docs.index[list(at)], field] = list(values)
    return pd.DataFrame(rows, columns=["rule_id", "client_id", "field"])


def add(frames: dict, planted: pd.DataFrame, seed: int, defect_rate: float) -> pd.DataFrame:
    """Fill ``frames["documents"]``; return ``planted`` with the chapter-7 defects appended."""
    rng = np.random.default_rng([seed, 7])
    docs = documents(rng, frames["policies"])
    extra = plant(rng, docs, set(planted["client_id"].astype(str)), defect_rate) if defect_rate > 0 else None
    frames["documents"] = docs
    if extra is None or not len(extra):
        return planted
    return pd.concat([planted, extra.astype(planted.dtypes.to_dict())], ignore_index=True)
