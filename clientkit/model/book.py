"""A Book: one set of client-file tables as pandas DataFrames (DESIGN.md "Model").

One agent's book for exercises, or a company export for 档案体检. Every declared table is
present (empty when the source had none) with every declared column in its dtype.
``book.defects`` lists planted defects (generator ground truth: ``rule_id``, ``client_id``,
``field``); ``book.issues`` lists cells an import could not type.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from clientkit.errors import FileFormatError
from clientkit.model.frames import ISSUE_COLUMNS, coerce_frame, empty_frame
from clientkit.model.schema import TABLES

DEFECT_COLUMNS = ["rule_id", "client_id", "field"]


def _empty_defects() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype="string") for c in DEFECT_COLUMNS})


@dataclass
class Book:
    tables: dict[str, pd.DataFrame]
    defects: pd.DataFrame = field(default_factory=_empty_defects)
    issues: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ISSUE_COLUMNS))
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in TABLES:
            if name not in self.tables:
                self.tables[name] = empty_frame(name)

    # -- construction ------------------------------------------------------------------

    @classmethod
    def empty(cls) -> Book:
        return cls({})

    @classmethod
    def from_frames(cls, frames: dict[str, pd.DataFrame], **kw) -> Book:
        """A Book from raw frames, typed to the schema; cells that do not fit go to ``issues``."""
        tables, issues = {}, []
        for name, df in frames.items():
            if name not in TABLES:
                raise FileFormatError("import.unknown_table", name=name)
            tables[name], found = coerce_frame(df, name)
            issues.append(found)
        issues_df = pd.concat(issues, ignore_index=True) if issues else pd.DataFrame(columns=ISSUE_COLUMNS)
        return cls(tables, issues=issues_df, **kw)

    # -- access ------------------------------------------------------------------------

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables")
        if tables is not None and name in tables:
            return tables[name]
        raise AttributeError(name)

    def file(self, client_id: str) -> dict[str, pd.DataFrame]:
        """One client's file: every table restricted to rows about ``client_id`` (rows of the
        client's policies included for policy-keyed tables)."""
        policies = self.policies
        own = policies[(policies["holder_id"] == client_id) | (policies["insured_id"] == client_id)]
        policy_ids = set(own["policy_id"].dropna())
        out = {}
        for name, df in self.tables.items():
            if name == "clients":
                out[name] = df[df["client_id"] == client_id]
            elif name == "policies":
                out[name] = own
            elif "client_id" in df.columns and "policy_id" in df.columns:
                out[name] = df[(df["client_id"] == client_id) | df["policy_id"].isin(policy_ids)]
            elif "client_id" in df.columns:
                out[name] = df[df["client_id"] == client_id]
            elif "policy_id" in df.columns:
                out[name] = df[df["policy_id"].isin(policy_ids)]
            else:
                continue
        return out

    def __len__(self) -> int:
        return len(self.clients)

    # -- persistence -------------------------------------------------------------------

    def save(self, folder: str | Path, fmt: str = "parquet") -> Path:
        """Write every table to ``folder`` as ``<table>.parquet`` or ``<table>.csv`` (UTF-8),
        plus ``defects`` and ``meta.json``."""
        if fmt not in ("parquet", "csv"):
            raise ValueError("fmt must be 'parquet' or 'csv'")
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        frames = dict(self.tables, defects=self.defects)
        for name, df in frames.items():
            if fmt == "parquet":
                df.to_parquet(folder / f"{name}.parquet", index=False)
            else:
                df.to_csv(folder / f"{name}.csv", index=False, encoding="utf-8")
        (folder / "meta.json").write_text(json.dumps(self.meta, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        return folder

    @classmethod
    def load(cls, folder: str | Path) -> Book:
        """Read a folder written by :meth:`save` (Parquet or CSV, detected per table)."""
        folder = Path(folder)
        if not folder.is_dir():
            raise FileFormatError("import.no_folder", path=str(folder))
        frames = {}
        for name in list(TABLES) + ["defects"]:
            pq, csv = folder / f"{name}.parquet", folder / f"{name}.csv"
            if pq.exists():
                frames[name] = pd.read_parquet(pq)
            elif csv.exists():
                frames[name] = pd.read_csv(csv, dtype=str, keep_default_na=False, encoding="utf-8")
        defects = frames.pop("defects", None)
        meta_path = folder / "meta.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        book = cls.from_frames(frames, meta=meta)
        if defects is not None:
            book.defects = defects.astype("string")[DEFECT_COLUMNS].reset_index(drop=True)
        return book
