"""Scalar validators (public API) and their vectorised forms (DOMAIN.md C1-08, C1-10…C1-12,
Appendix A; test vectors of §1.2 exercises 1 and 3)."""
import numpy as np
import pandas as pd
import pytest

from clientkit import check_id_number, check_uscc, mask, phone_kind
from clientkit.model.validators import (
    id_birth_date,
    id_check_char,
    id_gender,
    id_number_reasons,
    phone_kinds,
    uscc_check_char,
    uscc_reasons,
)


@pytest.mark.parametrize(
    "value, reason",
    [
        ("11010519491231002X", None),
        ("110105194912310021", "CHECKSUM"),
        ("11010519490231002X", "BAD_DATE"),
        ("440524188001010014", None),
        ("44052418800101001X", "CHECKSUM"),
        ("110105200602301234", "BAD_DATE"),
        ("34052419800101001X", None),
        ("11010519491231002x", "CHARSET"),
        ("1101051949123100", "LENGTH"),
        ("110105491231002", "LENGTH"),
        (None, "LENGTH"),
        (11010519491231002, "LENGTH"),
    ],
)
def test_check_id_number(value, reason):
    assert check_id_number(value) == reason


def test_id_parts():
    assert id_check_char("11010519491231002") == "X"
    assert str(id_birth_date("11010519491231002X")) == "1949-12-31"
    assert id_gender("11010519491231002X") == "female" and id_gender("440524188001010014") == "male"


@pytest.mark.parametrize(
    "value, reason",
    [("91350100M000100Y43", None), ("91350100M000100Y44", "CHECKSUM"), ("91350100M000100I43", "CHARSET"),
     ("91350100M000100Y4", "LENGTH"), ("9135010AM000100Y43", "CHARSET")],
)
def test_check_uscc(value, reason):
    assert check_uscc(value) == reason


def test_uscc_check_char():
    assert uscc_check_char("91350100M000100Y4") == "3"


@pytest.mark.parametrize(
    "value, kind",
    [("13812345678", "mobile"), ("19912345678", "mobile"), ("12812345678", None), ("010-12345678", "landline"),
     ("0755-1234567", "landline"), ("01012345678", "landline"), ("0755-12345678-12", "landline"), ("0755-123", None), (None, None)],
)
def test_phone_kind(value, kind):
    assert phone_kind(value) == kind


@pytest.mark.parametrize(
    "value, kind, expected",
    [("张三丰", "name", "张**"), ("11010519491231002X", "id_number", "110***********002X"),
     ("13812345678", "phone", "138****5678"), ("6222021234567890123", "bank_card", "622202*********0123"),
     ("高血压", "free_text", "******"), (None, "name", None)],
)
def test_mask(value, kind, expected):
    assert mask(value, kind) == expected


def _random_strings(rng, n):
    """Strings near the formats: valid IDs/USCCs/phones, then one character mutated or cut."""
    base = ["11010519491231002X", "440524188001010014", "91350100M000100Y43", "13812345678", "010-12345678",
            "0755-1234567-89", "110105491231002"]
    alphabet = np.array(list("0123456789XxIOZSVAHY-"))
    out = []
    for _ in range(n):
        s = list(base[rng.integers(len(base))])
        for _ in range(rng.integers(0, 3)):
            op = rng.integers(3)
            i = rng.integers(len(s))
            if op == 0:
                s[i] = str(rng.choice(alphabet))
            elif op == 1 and len(s) > 1:
                del s[i]
            else:
                s.insert(i, str(rng.choice(alphabet)))
        out.append("".join(s))
    return out + [None, "", "X" * 18]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_vectorised_forms_agree_with_scalar(seed):
    values = pd.Series(_random_strings(np.random.default_rng(seed), 3000), dtype="string")
    plain = values.astype(object).where(values.notna(), None).tolist()
    present = [isinstance(v, str) for v in plain]
    def plain_list(series):  # the vectorised forms give None or NaN for "valid"
        return [None if pd.isna(v) else v for v in series.tolist()]

    ids = plain_list(id_number_reasons(values))
    usccs = plain_list(uscc_reasons(values))
    kinds = plain_list(phone_kinds(values))
    assert [r for r, p in zip(ids, present) if p] == [check_id_number(v) for v, p in zip(plain, present) if p]
    assert [r for r, p in zip(usccs, present) if p] == [check_uscc(v) for v, p in zip(plain, present) if p]
    assert kinds == [phone_kind(v) for v in plain]
    assert ids.count(None) > 10 and len(set(ids)) == 5  # every reason occurs, the check is not vacuous
