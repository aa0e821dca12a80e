"""Chapter 3 public API: names and signatures exactly as the issue gives them."""
import inspect

import clientkit

PINNED = {
    "complaint_deadline": "(received, level) -> 'date'",
    "lapse_dates": "(due, notice=None) -> 'dict'",
    "nps": "(scores) -> 'float'",
    "persistency_13m": "(ledger, cohort) -> 'float'",
    "churn_scores": "(book, on, weights=None) -> 'pd.DataFrame'",
}


def test_chapter3_names_are_exported_with_their_signatures():
    for name, sig in PINNED.items():
        assert name in clientkit.__all__, name
        assert str(inspect.signature(getattr(clientkit, name))) == sig, name
