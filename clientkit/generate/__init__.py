"""Synthetic Chinese client books with planted defects (DESIGN.md "Generator").

``generate_book(n_clients, seed=0, defect_rate=0.0, on=None) -> Book``; the defect catalogue is
in :mod:`clientkit.generate.defects`.
"""
from clientkit.generate.book import generate_book

__all__ = ["generate_book"]
