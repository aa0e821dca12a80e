"""Chapter 5 public API (issue text): names and exact signatures."""
import inspect
from datetime import date

import clientkit


def test_retention_until_signature():
    assert "retention_until" in clientkit.__all__
    assert str(inspect.signature(clientkit.retention_until)) == \
        "(record: 'str', contract_end, *, term_over_one_year: 'bool', dispute_end=None) -> 'date'"
    assert clientkit.retention_until("business", date(2024, 6, 30), term_over_one_year=False) == date(2029, 6, 30)


def test_may_share_signature():
    assert "may_share" in clientkit.__all__
    assert str(inspect.signature(clientkit.may_share)) == "(request: 'Mapping') -> 'Decision'"
    d = clientkit.may_share({"recipient": "entrusted_processor"})
    assert (d.allowed, d.consent, d.contract, d.log) == (True, None, "entrustment", True)
