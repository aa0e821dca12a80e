"""Generation rate of clientkit.generate vs plain per-row Faker zh_CN (prints numbers; not a test).

``.venv/bin/python benchmarks/bench_generate.py [n_clients]``. The first call includes loading the
region table and Faker's word lists (cold); the second is warm. Measured 2026-11-25 on a 2-core
AMD EPYC VM (Python 3.11.7, pandas 3.1.1, numpy 2.4.6, pyarrow strings), 100,000 clients,
defect rate 0.1, 1,167,143 rows in all tables:

* before (per-row ID/phone strings, ``Book.from_frames`` re-typing, cell-by-cell defect planting):
  13.1 s cold = ~7,600 clients/s, ~89,000 rows/s (8.5–15 s across runs);
* after: 3.0–3.9 s cold / 3.4–3.5 s warm = 25,700–33,200 clients/s, 300,000–387,000 rows/s;
* per-row Faker zh_CN, six fields of one person only: 6,000–7,250 rows/s (~14–17 s for 100,000).
"""
from __future__ import annotations

import os
import platform
import sys
import time

import numpy as np
import pandas as pd
from faker import Faker

from clientkit.generate import generate_book


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}, pandas {pd.__version__}, "
            f"numpy {np.__version__}")


def main(n: int = 100_000, faker_rows: int = 5_000) -> None:
    print(_machine())
    for label in ("cold", "warm"):
        t = time.perf_counter()
        book = generate_book(n, seed=1, defect_rate=0.1)
        dt = time.perf_counter() - t
        rows = sum(len(df) for df in book.tables.values())
        print(f"clientkit.generate ({label}): {n:,} clients, {rows:,} rows in all tables, in {dt:.2f} s = "
              f"{n / dt:,.0f} clients/s, {rows / dt:,.0f} rows/s")
    fake = Faker("zh_CN")
    fake.seed_instance(1)
    t = time.perf_counter()
    for _ in range(faker_rows):
        fake.name(), fake.ssn(), fake.phone_number(), fake.address(), fake.date_of_birth(), fake.company()
    ft = time.perf_counter() - t
    rate = faker_rows / ft
    print(f"per-row Faker zh_CN (6 fields of one person only): {faker_rows:,} rows in {ft:.2f} s = {rate:,.0f} rows/s; "
          f"{n:,} rows would take ~{n / rate:.1f} s")


if __name__ == "__main__":
    main(*map(int, sys.argv[1:]))
