"""Import of a whole export for 档案体检 (issue 10): several table files at once, or one ``.zip``
holding them — the file names ``clientkit generate --format csv`` writes (``clients.csv``,
``policies.csv``, ``consents.csv`` …) or the tables' Chinese names (``客户.xlsx``).

Each table is read by :func:`clientkit.model.importing.import_book` (bad cells reported by file,
row and column; good rows kept). A zip's directory is checked before anything is unpacked
(:func:`clientkit.model.bounded.check_zip`: entry count, unpacked size, compression ratio) and
each member is read with a size cap, so a zip bomb costs milliseconds. A single file whose
name is no table's is the client list, as before. Other files (``defects.csv``, ``meta.json``,
a read-me) are listed as ignored, never guessed at.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd

from clientkit.errors import FileFormatError
from clientkit.model import bounded
from clientkit.model.book import Book
from clientkit.model.frames import ISSUE_COLUMNS
from clientkit.model.importing import import_book
from clientkit.model.schema import TABLES

TABLE_SUFFIXES = (".csv", ".xlsx", ".xls", ".xlsm")


@dataclass
class Export:
    """An uploaded export: the Book, which file gave each table (``files``: table → file
    name, in schema order) and the files that hold no table (``ignored``). ``book.issues`` has
    an extra ``file`` column."""

    book: Book
    files: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)

    @property
    def tables(self) -> list[str]:
        """The tables actually supplied (what :func:`clientkit.rules.audit.audit` may judge)."""
        return list(self.files)


def table_for(name: str) -> str | None:
    """The table a file name stands for: ``clients.csv`` / ``客户.xlsx`` → ``clients``; None
    for any other name (and for a non-table file type)."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.suffix.lower() not in TABLE_SUFFIXES:
        return None
    stem = path.stem.strip()
    for table in TABLES.values():
        if stem.lower() == table.name or stem == table.label:
            return table.name
    return None


def _is_zip(name: str, data: bytes) -> bool:
    return name.lower().endswith(".zip") or (data[:2] == b"PK" and not name.lower().endswith(TABLE_SUFFIXES))


def _members(data: bytes) -> list[tuple[str, bytes]]:
    """The files of a zipped export, directory checked first and each read with a size cap."""
    entries = bounded.check_zip(data, "zip")
    archive = zipfile.ZipFile(io.BytesIO(data))
    out = []
    for entry in entries:
        name = entry.filename
        if entry.is_dir() or PurePosixPath(name).name.startswith(".") or "__MACOSX" in name:
            continue
        bounded.check_size(entry.file_size)
        with archive.open(entry) as f:
            body = f.read(bounded.MAX_FILE_BYTES + 1)
        bounded.check_size(len(body))
        out.append((PurePosixPath(name).name, body))
    return out


def _read(source) -> bytes:
    if isinstance(source, (str, Path)):
        path = Path(source)
        bounded.check_size(path.stat().st_size)
        return path.read_bytes()
    return source if isinstance(source, bytes) else source.read(bounded.MAX_FILE_BYTES + 1)


def import_export(files) -> Export:
    """An :class:`Export` from ``files``: ``(file name, path | bytes | file object)`` pairs —
    table files and/or zips of them.

    Raises FileFormatError: no file holds a table, two files hold the same table, a zip over
    a limit, or a table file that cannot be read at all (the message names the file)."""
    expanded: list[tuple[str, bytes]] = []
    for name, source in files:
        data = _read(source)
        bounded.check_size(len(data))
        expanded += _members(data) if _is_zip(name, data) else [(name, data)]
    wanted = [(name, data, table_for(name)) for name, data in expanded]
    tabular = [i for i, (name, _, _) in enumerate(wanted) if Path(name).suffix.lower() in TABLE_SUFFIXES]
    if len(tabular) == 1 and wanted[tabular[0]][2] is None:  # a lone client list keeps any name
        name, data, _ = wanted[tabular[0]]
        wanted[tabular[0]] = (name, data, "clients")
    by_table: dict[str, tuple[str, bytes]] = {}
    ignored = []
    for name, data, table in wanted:
        if table is None:
            ignored.append(name)
        elif table in by_table:
            raise FileFormatError("import.duplicate_table", table=TABLES[table].label,
                                  files=f"{by_table[table][0]}、{name}")
        else:
            by_table[table] = (name, data)
    if not by_table:
        raise FileFormatError("import.no_table", files="、".join(ignored) or "—")
    frames, issues, files_of = {}, [], {}
    for table in TABLES:
        if table not in by_table:
            continue
        name, data = by_table[table]
        try:
            part = import_book(data, table, name)
        except FileFormatError as exc:
            raise FileFormatError("import.in_file", name=name, reason=exc.message()) from exc
        frames[table], files_of[table] = part.tables[table], name
        issues.append(part.issues.assign(file=name))
    book = Book(frames)
    book.issues = pd.concat(issues, ignore_index=True) if issues else pd.DataFrame(columns=ISSUE_COLUMNS + ["file"])
    return Export(book, files_of, ignored)
