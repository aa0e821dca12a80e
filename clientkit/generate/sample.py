"""Regenerate the shipped demo book: ``python -m clientkit.generate.sample``.

Writes ``sample_data/demo_book`` (300 clients, seed 20260630, defect rate 0.15, on 2026-06-30)
as CSV; every value is synthetic (see sample_data/README.md).
"""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from clientkit.generate import generate_book

N_CLIENTS, SEED, DEFECT_RATE, ON = 300, 20260630, 0.15, date(2026, 6, 30)


def main(folder: str = "sample_data/demo_book") -> Path:
    """Generate and save the demo book; returns the folder."""
    book = generate_book(N_CLIENTS, seed=SEED, defect_rate=DEFECT_RATE, on=ON)
    return book.save(folder, fmt="csv")


if __name__ == "__main__":
    main(*sys.argv[1:])
