"""Chapter-6 calculators (DOMAIN.md C6-14, C6-16, §6.3 exercises 3 and 6) and the schema grading
declaration (C6-06, C6-08), with cases worked out by hand."""
import pytest

from clientkit.errors import InputError
from clientkit.model.schema import TABLES
from clientkit.rules.ch6_security import (breach_notice_missing, criminal_threshold_met, dual_recording_qc_conservative,
                                          dual_recording_qc_minimum, grading_view, threshold_share)


@pytest.mark.parametrize("counts, insider, met", [
    ({"track_property": 30}, True, True),                      # §6.3 ex. 3: insider threshold 25
    ({"track_property": 30}, False, False),                    # outsider needs 50
    ({"track_property": 25}, True, True),                      # exactly the halved threshold
    ({"track_property": 24}, True, False),
    ({"track_property": 20, "sensitive": 300}, False, True),   # 0.4 + 0.6 = 1.0
    ({"track_property": 20, "sensitive": 299}, False, False),  # 0.4 + 0.598
    ({"other": 5000}, False, True),
    ({"other": 2499}, True, False),
    ({"sensitive": 100, "other": 1000}, True, False),          # 100/250 + 1000/2500 = 0.4 + 0.4 = 0.8
    ({}, False, False),
])
def test_criminal_threshold(counts, insider, met):
    assert criminal_threshold_met(counts, insider=insider) is met


def test_threshold_share_is_exact():
    assert threshold_share({"track_property": 20, "sensitive": 300}, insider=False) == 1
    assert threshold_share({"sensitive": 125, "other": 1250}, insider=True) == 1  # 0.5 + 0.5


@pytest.mark.parametrize("counts, kw", [({"bank": 10}, {"insider": True}), ({"other": -1}, {"insider": False}),
                                        ({"other": 1.5}, {"insider": False}), ({"other": 1}, {"insider": 1}),
                                        ([("other", 1)], {"insider": False})])
def test_criminal_bad_input(counts, kw):
    with pytest.raises(InputError):
        criminal_threshold_met(counts, **kw)


@pytest.mark.parametrize("gains", [-1, "3000", True, float("nan"), float("inf"), None])
def test_bad_gains_have_a_chinese_message(gains):
    with pytest.raises(InputError) as err:
        criminal_threshold_met({"other": 1}, insider=True, gains=gains)
    assert "违法所得" in err.value.message()


@pytest.mark.parametrize("counts, insider, gains, met", [
    # 两高解释第5条(七) 违法所得五千元以上; (八) insiders: half, 2,500 元 — worked by hand
    ({"other": 10}, True, 3000, True), ({"other": 10}, False, 3000, False),
    ({"other": 0}, False, 5000, True), ({"other": 0}, False, 4999.99, False),
    ({"other": 0}, True, 2500, True), ({"other": 0}, True, 2499, False),
    ({"track_property": 20}, False, 3000, False),          # 0.4 of the counts; gains are not added in
])
def test_gains_threshold(counts, insider, gains, met):
    assert criminal_threshold_met(counts, insider=insider, gains=gains) is met


@pytest.mark.parametrize("total, mandatory, literal, conservative", [
    (400, 50, 120, 155),   # §6.3 exercise 6
    (400, 0, 120, 120),
    (400, 200, 200, 260),  # mandatory above 30 %: all of them
    (401, 0, 121, 121),    # 120.3 → at least 121 ("不低于")
    (10, 10, 10, 10),
    (0, 0, 0, 0),
])
def test_qc_sample(total, mandatory, literal, conservative):
    assert dual_recording_qc_minimum(total, mandatory) == literal
    assert dual_recording_qc_conservative(total, mandatory) == conservative


@pytest.mark.parametrize("args", [(10, 11), (-1, 0), (10.0, 1), (True, 0)])
def test_qc_bad_input(args):
    with pytest.raises(InputError):
        dual_recording_qc_minimum(*args)


def test_grading_view_shows_the_schema_declaration():
    g = grading_view()
    assert len(g) == sum(len(t.columns) for t in TABLES.values())
    row = g[(g["table"] == "clients") & (g["column"] == "health_notes")].iloc[0]
    assert bool(row["sensitive"]) and row["grade"] == "C2"
    # GB/T 45574-2025 reading (C6-08): the ID number is personal financial info (C2) but not sensitive
    idn = g[(g["table"] == "clients") & (g["column"] == "id_number")].iloc[0]
    assert not bool(idn["sensitive"]) and idn["grade"] == "C2"
    assert set(g["grade"].dropna()) <= {"C1", "C2", "C3"}
    assert g.loc[g["sensitive"], "grade"].isin(["C2", "C3"]).all()
    # 保单信息、理赔信息 are 金融交易信息 → C2 (C6-06)
    assert (g.loc[g["table"] == "claims", "grade"] == "C2").sum() >= 10


def test_breach_notice():
    assert breach_notice_missing(["categories_cause_harm", "remedies_and_self_help", "contact"], ["authority", "individuals"]) == []
    assert breach_notice_missing(["contact"], ["authority"]) == ["categories_cause_harm", "remedies_and_self_help", "individuals"]
