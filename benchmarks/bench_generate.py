"""Generation rate of clientkit.generate vs plain per-row Faker zh_CN (prints numbers; not a test)."""
from __future__ import annotations

import time

from faker import Faker

from clientkit.generate import generate_book


def main(n: int = 100_000, faker_rows: int = 5_000) -> None:
    t = time.perf_counter()
    book = generate_book(n, seed=1, defect_rate=0.1)
    dt = time.perf_counter() - t
    rows = sum(len(df) for df in book.tables.values())
    print(f"clientkit.generate: {n} clients ({rows} rows in all tables) in {dt:.2f} s = {n / dt:,.0f} clients/s")
    fake = Faker("zh_CN")
    fake.seed_instance(1)
    t = time.perf_counter()
    for _ in range(faker_rows):
        fake.name(), fake.ssn(), fake.phone_number(), fake.address(), fake.date_of_birth(), fake.company()
    ft = time.perf_counter() - t
    rate = faker_rows / ft
    print(f"per-row Faker zh_CN (6 fields only): {faker_rows} rows in {ft:.2f} s = {rate:,.0f} rows/s; "
          f"{n} rows would take ~{n / rate:.1f} s")


if __name__ == "__main__":
    main()
