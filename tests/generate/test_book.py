"""generate_book never reads the clock (DESIGN.md "Generator": same seed → same Book, whatever
today's date)."""
from __future__ import annotations

import ast
import datetime as dt
import time
from pathlib import Path

import pandas as pd
import pytest

import clientkit.generate as generate_pkg
from clientkit.generate import generate_book

SOURCES = sorted(Path(generate_pkg.__file__).parent.glob("*.py"))
CLOCK_CALLS = {"today", "now", "utcnow", "time", "time_ns", "localtime", "gmtime"}
CLOCK_WORDS = {"today", "now"}


def _frozen(moment: dt.datetime):
    class FrozenDate(dt.date):
        @classmethod
        def today(cls):
            return cls(moment.year, moment.month, moment.day)

    class FrozenDateTime(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(moment.year, moment.month, moment.day, moment.hour, tzinfo=tz)

        @classmethod
        def today(cls):
            return cls.now()

        @classmethod
        def utcnow(cls):
            return cls.now()

    return FrozenDate, FrozenDateTime


def _book_under_clock(monkeypatch, moment: dt.datetime, **kw):
    """Generate with date/datetime (in ``datetime`` and in every generate module) and the
    ``time`` clock pretending that ``moment`` is now."""
    fake_date, fake_datetime = _frozen(moment)
    with monkeypatch.context() as m:
        m.setattr(dt, "date", fake_date)
        m.setattr(dt, "datetime", fake_datetime)
        for path in SOURCES:
            module = __import__(f"clientkit.generate.{path.stem}", fromlist=["_"])
            for name, value in list(vars(module).items()):
                if isinstance(value, type) and value.__module__ == "datetime" and value.__name__ in ("date", "datetime"):
                    m.setattr(module, name, fake_date if value.__name__ == "date" else fake_datetime)
        stamp = moment.replace(tzinfo=dt.timezone.utc).timestamp()
        m.setattr(time, "time", lambda: stamp)
        m.setattr(time, "time_ns", lambda: int(stamp * 10**9))
        assert dt.date.today() == moment.date()
        return generate_book(**kw)


@pytest.mark.parametrize("on", [None, dt.date(2025, 3, 31)])
def test_same_book_whatever_the_date(monkeypatch, on):
    kw = dict(n_clients=400, seed=9, defect_rate=0.2, on=on)
    a = _book_under_clock(monkeypatch, dt.datetime(2001, 2, 3, 10), **kw)
    b = _book_under_clock(monkeypatch, dt.datetime(2039, 11, 28, 22), **kw)
    assert a.meta == b.meta and a.meta["on"] == (on or dt.date(2026, 6, 30)).isoformat()
    assert set(a.tables) == set(b.tables)
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name])
    pd.testing.assert_frame_equal(a.defects, b.defects)
    assert len(a.defects) > 0


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_clock_reads_in_source(path):
    """No call of today()/now()/time.time() and no "today"/"now" literal handed to a call
    (``np.datetime64("today")``, ``pd.Timestamp("now")``) in the generator's code."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        assert name not in CLOCK_CALLS, f"{path.name}:{node.lineno} calls {name}()"
        for arg in node.args:
            literal = arg.value.lower() if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else ""
            assert literal not in CLOCK_WORDS, f"{path.name}:{node.lineno} passes {arg.value!r}"
