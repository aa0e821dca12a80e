"""Vectorised identifiers against the scalar validators (DOMAIN.md C1-08, C1-10, C1-11; Appendix A)."""
from __future__ import annotations

import numpy as np
import pytest

from clientkit.generate import identities
from clientkit.model.validators import check_id_number, check_uscc, id_birth_date, id_gender, phone_kind


@pytest.mark.parametrize("prefix,n,width,start", [("C", 12, 1, 0), ("F", 3, 8, 99_999_998), ("P", 0, 7, 0), ("A", 5, 4, 7)])
def test_serials_match_fstring_keys(prefix, n, width, start):
    expected = [f"{prefix}{i:0{width}d}" for i in range(start + 1, start + n + 1)]
    assert identities.serials(prefix, n, width, start).tolist() == expected


def test_id_numbers_valid_and_carry_birth_and_gender():
    rng = np.random.default_rng(0)
    births = np.array(["1950-01-01", "1984-02-29", "2019-12-31"], dtype="datetime64[D]")
    ids = identities.id_numbers(np.array([110101, 440305, 650102]), births, np.array([True, False, True]), rng)
    assert [check_id_number(s) for s in ids] == [None, None, None]
    assert [id_birth_date(s).isoformat() for s in ids] == ["1950-01-01", "1984-02-29", "2019-12-31"]
    assert [id_gender(s) for s in ids] == ["male", "female", "male"] and ids[1][:6] == "440305"


def test_uscc_codes_valid_with_their_prefix():
    rng = np.random.default_rng(1)
    codes = identities.uscc_codes(rng, np.full(400, 320102), np.where(np.arange(400) % 2, "91", "12"))
    assert all(check_uscc(c) is None for c in codes)
    assert codes[0].startswith("12320102") and codes[1].startswith("91320102")
    assert {c[16] for c in codes} >= {"X", "0"}  # both special organisation-code checks occur


def test_mobiles_distinct_valid_and_not_taken():
    taken = {f"13800000{i:03d}" for i in range(500)}
    rng = np.random.default_rng(2)
    out = identities.unique_mobiles(rng, 3000, taken)
    assert len(out) == len(set(out)) == 3000 and not set(out) & taken
    assert all(phone_kind(p) == "mobile" for p in out)


def test_bank_cards_pass_luhn():
    def luhn(s):
        total = sum(d if i % 2 == 0 else (2 * d - 9 if d > 4 else 2 * d) for i, d in enumerate(map(int, reversed(s))))
        return total % 10 == 0

    cards = identities.bank_cards(np.random.default_rng(3), 200)
    assert all(c.startswith("62") and len(c) in (16, 19) and luhn(c) for c in cards)
    assert {len(c) for c in cards} == {16, 19}
