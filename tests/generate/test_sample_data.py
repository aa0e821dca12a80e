"""The shipped demo book is exactly what its documented command makes, and audit finds exactly
its planted defects (so 学习 examples and the sample data never go stale)."""
import filecmp

import pandas as pd

from clientkit.config import sample_data_dir
from clientkit.generate.sample import main as make_sample
from clientkit.model.book import Book
from clientkit.rules.audit import audit


def test_shipped_demo_book_is_current(tmp_path):
    fresh = make_sample(str(tmp_path / "demo_book"))
    shipped = sample_data_dir() / "demo_book"
    names = sorted(p.name for p in fresh.iterdir())
    assert names == sorted(p.name for p in shipped.iterdir())
    _, mismatch, errors = filecmp.cmpfiles(fresh, shipped, names, shallow=False)
    assert not mismatch and not errors, f"regenerate with: python -m clientkit.generate.sample ({mismatch})"


def test_audit_of_the_demo_book_finds_exactly_its_defects():
    book = Book.load(sample_data_dir() / "demo_book")
    found = audit(book, on=pd.Timestamp(book.meta["on"]).date(), settings={})
    assert set(zip(found.rule_id, found.client_id, found.field)) == set(
        zip(book.defects.rule_id, book.defects.client_id, book.defects.field)
    )
