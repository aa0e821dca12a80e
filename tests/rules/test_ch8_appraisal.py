"""Chapter-8 calculators: scorecards (C8-01/04/05), commission deferral (C8-05), training (C8-06),
service SLAs (C8-08) and the improvement log, worked out by hand."""
from datetime import date

import pandas as pd
import pytest

from clientkit.errors import InputError
from clientkit.rules.ch8_appraisal import (check_commission_schedule, check_scorecard, check_scorecard_for,
                                           commission_deferral, improvement_log, overdue, sla_breaches,
                                           sla_deadline, training_shortfall)


@pytest.mark.parametrize("weights,expected", [
    # DOMAIN.md §8.4 ex. 2 without C8-05: 金规〔2025〕13号 is about commissions, not scorecards (review D27)
    ({"new_premium": 1.0}, ["C8-01", "C8-04"]),
    ({"new_premium": 40, "persistency": 20, "complaints": 20, "compliance": 20}, []),
    ({"new_premium": 0.6, "persistency": 0.1, "complaints": 0.1, "compliance": 0.2}, []),   # 60 % is the limit (含)
    ({"new_premium": 0.65, "persistency": 0.1, "complaints": 0.1, "compliance": 0.15}, ["C8-01"]),
    ({"new_premium": 0.5, "persistency": 0.3, "compliance": 0.2}, ["C8-01", "C8-04"]),       # no complaints
    ({"new_premium": 0.4, "persistency": 0.05, "complaints": 0.1, "compliance": 0.45}, ["C8-04"]),  # 15 % < 20 %
    ({"new_premium": 0.5, "commission": 0.5}, ["C8-01", "C8-04"]),
])
def test_scorecards(weights, expected):
    assert check_scorecard(weights) == expected


def test_scorecard_settings():
    w = {"new_premium": 0.65, "persistency": 0.1, "complaints": 0.1, "compliance": 0.15}
    assert check_scorecard_for(w, {"scorecard_max_sales_weight": 0.7}) == []


@pytest.mark.parametrize("weights", [{}, {"fans": 1.0}, {"new_premium": -0.1, "complaints": 1.1}, {"new_premium": 0.5},
                                     {"new_premium": True}, "new_premium"])
def test_bad_scorecards(weights):
    with pytest.raises(InputError):
        check_scorecard(weights)


@pytest.mark.parametrize("pay_years,years", [(1, 0), (4, 0), (5, 3), (9, 3), (10, 5), (20, 5)])
def test_commission_deferral_includes_the_bound(pay_years, years):
    assert commission_deferral(pay_years) == years


@pytest.mark.parametrize("pay_years,schedule,expected", [
    (10, [0.7, 0.3], ["C8-05"]),                      # DOMAIN.md §8.4 ex. 3
    (10, [0.4, 0.3, 0.1, 0.1, 0.1], []),
    (10, [0.4, 0.3, 0.3, 0, 0], ["C8-05"]),           # trailing zeros do not lengthen the payout
    (5, [0.5, 0.3, 0.2], []),
    (6, [0.6, 0.4], ["C8-05"]),
    (3, [1.0], []),
])
def test_commission_schedules(pay_years, schedule, expected):
    assert check_commission_schedule(pay_years, schedule) == expected


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_bad_pay_years(bad):
    with pytest.raises(InputError):
        commission_deferral(bad)


def test_training_hours():
    assert training_shortfall(24) == 6
    assert training_shortfall(30) == 0
    assert training_shortfall(30, sells_unit_linked_at_bank=True) == 10
    with pytest.raises(InputError):
        training_shortfall(-1)


@pytest.mark.parametrize("event,start,expected", [
    # 2024 国庆: 10-01…10-07 off, Sunday 09-29 and Saturday 10-12 working days
    ("endorsement_done", date(2024, 9, 27), date(2024, 10, 10)),     # 9-29, 9-30, 10-08, 10-09, 10-10
    ("endorsement_accepted", date(2024, 9, 27), date(2024, 9, 30)),
    ("denial_notice", date(2024, 9, 28), date(2024, 10, 8)),         # 3 days → 10-01, a holiday → 10-08
    # 2025 春节: 01-28…02-04 off; 10 days from 01-20 → 01-30, a holiday → 02-05
    ("claim_payment", date(2025, 1, 20), date(2025, 2, 5)),
    ("claim_decision_complex", date(2025, 3, 3), date(2025, 4, 2)),
    ("lapse_notice", date(2025, 6, 2), date(2025, 6, 16)),
])
def test_sla_deadlines(event, start, expected):
    assert sla_deadline(event, start) == expected


def test_sla_breaches_and_unknown_event():
    log = pd.DataFrame({"event": ["endorsement_done", "endorsement_done"], "started_on": [date(2024, 9, 27)] * 2,
                        "done_on": [date(2024, 10, 10), date(2024, 10, 11)]})
    assert sla_breaches(log).tolist() == [False, True]
    with pytest.raises(InputError):
        sla_deadline("coffee", date(2024, 1, 2))


def test_improvement_log_and_overdue():
    log = improvement_log([
        {"finding": "回访问题件", "owner": "张主管", "due_on": "2025-01-31", "metric": "犹豫期知悉率", "closed_on": "2025-01-20"},
        {"finding": "投诉", "owner": "李", "due_on": "2025-01-31", "metric": "投诉件数"},
        {"finding": "质检", "owner": "王", "due_on": "2025-01-10", "metric": "合格率", "closed_on": "2025-01-15"},
    ])
    assert list(log["item_id"]) == ["I001", "I002", "I003"]
    assert list(overdue(log, date(2025, 2, 1))["item_id"]) == ["I002", "I003"]
    assert list(overdue(log, date(2025, 1, 31))["item_id"]) == ["I003"]
    with pytest.raises(InputError):
        improvement_log([{"finding": "x", "owner": "", "due_on": "2025-01-01", "metric": "m"}])
