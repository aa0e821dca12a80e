"""档案体检 import limits (clientkit/model/bounded.py, issue 15): prints how fast a zip-bomb xlsx
is refused and how long / how much memory a large CSV takes through the bounded child process.
Prints numbers; not a test.

    .venv/bin/python benchmarks/bench_import_limits.py --csv-mb 50 --bomb-mb 1500
"""
from __future__ import annotations

import argparse
import io
import resource
import tempfile
import time
import zipfile
from pathlib import Path

from clientkit.errors import FileFormatError
from clientkit.model.importing import import_book


def bomb(unpacked_mb: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            row = b'<row><c t="inlineStr"><is><t>C1</t></is></c></row>' * 20000
            for _ in range(unpacked_mb * 1024 * 1024 // len(row)):
                f.write(row)
    return out.getvalue()


def big_csv(path: Path, mb: int) -> int:
    line = "C{},个人,李四,1990-01-01,居民身份证,11010519900101001X,13800138000\n"
    rows = 0
    with open(path, "w", encoding="utf-8") as f:
        f.write("客户编号,客户类型,姓名,出生日期,证件类型,证件号码,手机号码\n")
        while f.tell() < mb * 1024 * 1024:
            rows += 1
            f.write(line.format(rows))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bomb-mb", type=int, default=1500)
    ap.add_argument("--csv-mb", type=int, default=50)
    args = ap.parse_args()
    data = bomb(args.bomb_mb)
    start = time.perf_counter()
    try:
        import_book(data, name="bomb.xlsx")
        print("zip bomb: ACCEPTED (limit missing)")
    except FileFormatError as exc:
        print(f"zip bomb {len(data) / 1e6:.1f} MB -> {args.bomb_mb} MB unpacked: refused in "
              f"{(time.perf_counter() - start) * 1000:.1f} ms: {exc.message()}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.csv"
        rows = big_csv(path, args.csv_mb)
        start = time.perf_counter()
        book = import_book(path)
        took = time.perf_counter() - start
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"CSV {path.stat().st_size / 1e6:.0f} MB, {rows:,} rows: read in {took:.1f} s "
              f"({len(book.clients):,} rows), child peak RSS {child:.0f} MB, this process {me:.0f} MB")


if __name__ == "__main__":
    main()
