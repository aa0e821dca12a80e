"""Chapter 8 public API: names and signatures exactly as the issue gives them."""
import inspect

import clientkit

PINNED = {
    "kpis": "(book, on) -> 'pd.DataFrame'",
    "check_scorecard": "(weights) -> 'list[str]'",
    "commission_deferral": "(pay_years: 'int') -> 'int'",
}


def test_chapter8_names_are_exported_with_their_signatures():
    for name, sig in PINNED.items():
        assert name in clientkit.__all__, name
        assert str(inspect.signature(getattr(clientkit, name))) == sig, name
    # C8-05 is about commissions, not scorecards (content review D27, issue 9)
    assert clientkit.check_scorecard({"new_premium": 1}) == ["C8-01", "C8-04"]
