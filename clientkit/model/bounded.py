"""Limits for reading an untrusted client-list file (档案体检, issue 15): size, xlsx structure,
rows, time and memory, each refusal a Chinese :class:`clientkit.errors.FileFormatError`.

* :func:`check_size`: at most :data:`MAX_FILE_BYTES` (the stated upload limit).
* :func:`check_xlsx` (and :func:`check_zip` for a zipped export): BEFORE any parsing, the zip directory of an ``.xlsx`` is read: at most
  :data:`MAX_XLSX_ENTRIES` entries, at most :data:`MAX_XLSX_UNCOMPRESSED` bytes once unpacked,
  and no large entry compressed more than :data:`MAX_XLSX_RATIO` times (a "zip bomb": 4.4 MB
  that unpacks to 1.5 GB of sheet XML is refused in milliseconds).
* :func:`run_bounded`: parsing of an xlsx, or of a file over :data:`IN_PROCESS_BYTES`, runs in a
  child process with an address-space limit (:data:`PARSE_MEMORY_BYTES`) and is stopped after
  :data:`PARSE_TIMEOUT_S`; the caller (a user's kernel or the CLI) gets a message, never a hang.
  Rows beyond :data:`MAX_ROWS` are refused.
"""
from __future__ import annotations

import io
import multiprocessing
import zipfile

from clientkit.errors import FileFormatError

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_XLSX_ENTRIES = 1000
MAX_XLSX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_XLSX_RATIO = 100
RATIO_CHECKED_ABOVE = 1024 * 1024  # small entries (styles, shared strings) may compress very well
MAX_ROWS = 1_000_000
PARSE_TIMEOUT_S = 180
PARSE_MEMORY_BYTES = 3 * 1024 ** 3
IN_PROCESS_BYTES = 2 * 1024 * 1024


def human_size(n: int) -> str:
    """``n`` bytes as people say it: 4.4 MB, 1.5 GB (powers of 1024)."""
    for unit, scale in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{n} B"


def check_size(n_bytes: int) -> None:
    if n_bytes > MAX_FILE_BYTES:
        raise FileFormatError("import.too_large", size=human_size(n_bytes), limit=human_size(MAX_FILE_BYTES))


def check_xlsx(data: bytes) -> None:
    """Refuse an xlsx whose zip directory promises too much (see the module docstring)."""
    check_zip(data, "xlsx")


def check_zip(data: bytes, kind: str = "zip") -> list[zipfile.ZipInfo]:
    """The entries of the zip ``data`` once its directory passed the xlsx limits; ``kind``
    (``xlsx`` or ``zip``, a whole export of 档案体检) picks the wording of a refusal."""
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileFormatError("import.unreadable", detail=type(exc).__name__) from exc
    if len(entries) > MAX_XLSX_ENTRIES:
        raise FileFormatError(f"import.{kind}_too_many_entries", n=len(entries), limit=MAX_XLSX_ENTRIES)
    total = sum(e.file_size for e in entries)
    if total > MAX_XLSX_UNCOMPRESSED:
        raise FileFormatError(f"import.{kind}_too_large", size=human_size(total), limit=human_size(MAX_XLSX_UNCOMPRESSED))
    for e in entries:
        if e.file_size > RATIO_CHECKED_ABOVE and e.file_size > MAX_XLSX_RATIO * max(e.compress_size, 1):
            raise FileFormatError(f"import.{kind}_bad_ratio", ratio=e.file_size // max(e.compress_size, 1))
    return entries


def check_rows(n_rows: int) -> None:
    if n_rows > MAX_ROWS:
        raise FileFormatError("import.too_many_rows", limit=f"{MAX_ROWS:,}")


def _child(conn, parse, args, memory: int) -> None:
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ValueError, OSError):  # a lower hard limit is already in force
        pass
    try:
        conn.send(("ok", parse(*args)))
    except FileFormatError as exc:
        conn.send(("error", exc.key, exc.context))
    except MemoryError:
        conn.send(("error", "import.out_of_memory", {}))
    except Exception as exc:  # pandas raises many kinds for a broken file
        conn.send(("error", "import.unreadable", {"detail": type(exc).__name__}))
    finally:
        conn.close()


def run_bounded(parse, *args, timeout: float | None = None, memory: int | None = None):
    """``parse(*args)`` in a child process limited to ``memory`` bytes and ``timeout`` seconds.

    ``parse`` must be a module-level function (it is pickled). Raises FileFormatError:
    ``import.timeout``, ``import.out_of_memory`` or the child's own refusal."""
    timeout = PARSE_TIMEOUT_S if timeout is None else timeout
    ctx = multiprocessing.get_context("spawn")  # a clean process: kernels run threads
    ours, theirs = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(theirs, parse, args, memory or PARSE_MEMORY_BYTES), daemon=True)
    proc.start()
    theirs.close()
    try:
        if not ours.poll(timeout):
            raise FileFormatError("import.timeout", seconds=int(timeout))
        try:
            reply = ours.recv()
        except (EOFError, OSError, MemoryError):
            raise FileFormatError("import.out_of_memory") from None
    finally:
        ours.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)
    if reply[0] == "ok":
        return reply[1]
    raise FileFormatError(reply[1], **reply[2])
