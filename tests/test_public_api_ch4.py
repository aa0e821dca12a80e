"""Chapter 4 public API: names and signatures exactly as the issue gives them."""
import inspect

import clientkit

PINNED = {
    "declaration_triggers": "(*, age, family_income, budget, premium, pay_years, single_premium=False) -> 'set[int]'",
    "minor_death_cap": "(age) -> 'int'",
    "insurable_interest": "(relation, insured_consents) -> 'bool'",
}


def test_chapter4_names_are_exported_with_their_signatures():
    for name, sig in PINNED.items():
        assert name in clientkit.__all__
        assert str(inspect.signature(getattr(clientkit, name))) == sig, name


def test_chapter4_worked_examples_through_the_public_api():
    assert clientkit.declaration_triggers(age=58, family_income=300_000, budget=20_000, premium=40_000, pay_years=20) == {3, 4}
    assert clientkit.minor_death_cap(12) == 500_000
    assert clientkit.insurable_interest("spouse", False) is True
    assert clientkit.insurable_interest("cousin", False) is False
