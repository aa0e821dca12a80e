"""The shipped demo book and its audit, loaded once per process (learning examples, tools)."""
from __future__ import annotations

from functools import lru_cache

import pandas as pd


@lru_cache(maxsize=1)
def sample_book():
    """The shipped demo book (``sample_data/demo_book``), loaded once per process."""
    from clientkit.config import sample_data_dir
    from clientkit.model.book import Book

    return Book.load(sample_data_dir() / "demo_book")


@lru_cache(maxsize=1)
def sample_findings() -> pd.DataFrame:
    from clientkit.rules.audit import audit

    book = sample_book()
    return audit(book, on=pd.Timestamp(book.meta["on"]).date())
