"""Chapter-8 exercises: kinds kpi_calc, plan_check (scorecard, commission) and pick_rows (service SLA),
their keys checked against independent computations; content counts; the assessment."""
import json
from datetime import timedelta

import numpy as np
import pytest

from clientkit.model.dates import add_working_days, period_end
from clientkit.practice.content import chapter_content, exercises
from clientkit.practice.engine import assessment, make_task
from clientkit.practice.kinds import kpi_calc, pick_rows
from clientkit.practice.scoring import score
from clientkit.rules.ch3_deadlines import complaint_deadline
from clientkit.rules.ch3_metrics import nps
from clientkit.rules.ch8_kpis import kpis_for
from clientkit.rules.registry import rules

IDS = [e.id for e in exercises(8)]


def _perfect(task):
    out = {}
    for item in task.items:
        k = task.key[item.item_id]
        out[item.item_id] = (sorted(k.answer) or [k.none_value]) if k.mode == "set" else k.answer
    return out


@pytest.mark.parametrize("exercise_id", IDS)
def test_replay_and_full_marks(exercise_id):
    for seed in (1, 2, 3):
        task = make_task(exercise_id, seed)
        again = type(task).replay(json.loads(json.dumps(task.to_dict())))
        assert [i.to_dict() for i in again.items] == [i.to_dict() for i in task.items]
        result = score(task, _perfect(task))
        assert result.score == 1.0 and all("C8-" in r.feedback or "C3-" in r.feedback or r.rule_ids for r in result.items)


def test_content_counts_and_rule_coverage():
    ch = chapter_content(8)
    assert len(ch.questions) >= 30
    covered = {r for q in ch.questions for r in q["rule_ids"]}
    assert {r.id for r in rules(8)} <= covered
    assert {e.kind for e in exercises(8)} >= {"knowledge", "kpi_calc", "plan_check", "pick_rows"}
    a = assessment(8)
    assert len(a.items) >= 10


def test_nps_item_matches_chapter3_nps():
    for seed in range(5):
        frames, shown = kpi_calc._surveys(np.random.default_rng(seed))
        value = kpis_for(kpi_calc.book_of(frames), kpi_calc.ON).set_index("kpi").loc["nps", "value"]
        assert value == pytest.approx(nps(list(shown["nps_score"])))


def test_complaint_item_counts_by_hand():
    for seed in range(5):
        frames, shown = kpi_calc._complaints(np.random.default_rng(seed))
        on_time = sum(d <= complaint_deadline(r, lv) for r, lv, d in
                      zip(shown["occurred_on"], shown["complaint_level"], shown["decided_on"]))
        r = kpis_for(kpi_calc.book_of(frames), kpi_calc.ON).set_index("kpi").loc["complaint_on_time"]
        assert (r["numerator"], r["denominator"]) == (on_time, len(shown))
        # margins: no decision within 9 days of a deadline rolled by a holiday
        for rec, lv, d in zip(shown["occurred_on"], shown["complaint_level"], shown["decided_on"]):
            plain = rec + timedelta(days={"simple": 15, "complex": 30, "very_complex": 60}[lv])
            assert (d <= plain) == (d <= complaint_deadline(rec, lv))


def test_return_visit_and_update_items_by_hand():
    frames, shown = kpi_calc._return_visits(np.random.default_rng(7))
    r = kpis_for(kpi_calc.book_of(frames), kpi_calc.ON).set_index("kpi").loc["return_visit"]
    assert r["value"] == pytest.approx(100 * shown["success"].mean())
    frames, shown = kpi_calc._updates(np.random.default_rng(7))
    lag = [(b - a).days for a, b in zip(shown["changed_on"], shown["recorded_on"])]
    r = kpis_for(kpi_calc.book_of(frames), kpi_calc.ON).set_index("kpi").loc["timely_update"]
    assert r["value"] == pytest.approx(100 * sum(x <= 30 for x in lag) / len(lag))


def test_persistency_item_by_hand():
    for seed in range(5):
        frames, shown = kpi_calc._ledger(np.random.default_rng(seed))
        y2 = shown[shown["policy_year"] == 2]
        paid = sum(a for d, a, p in zip(y2["due_date"], y2["amount"], y2["paid_date"])
                   if p is not None and p <= period_end(d, days=60))
        r = kpis_for(kpi_calc.book_of(frames), kpi_calc.ON).set_index("kpi").loc["persistency_13"]
        assert (r["numerator"], r["denominator"]) == (paid, y2["amount"].sum())


def test_fixed_assessment_cases():
    task = make_task("ch08.scorecard", 0)
    a = assessment(8)
    keys = [a.key[i.item_id] for i in a.items if i.context and ("考核方案" in i.context or "佣金发放计划" in i.context)]
    assert len(keys) == 3
    answers = [set(k.answer) for k in keys]
    # a premium-only card breaks C8-01 and C8-04; C8-05 is the commission plan's (review D27)
    assert {"C8-01", "C8-04"} in answers and set() in answers and {"C8-05"} in answers
    assert task.items and all(i.input == "multi" for i in task.items)


def test_sla_rows_by_hand():
    rng = np.random.default_rng(11)
    shown, flagged, rule_ids = pick_rows._service_log(rng, 10)
    assert rule_ids == ("C8-08",)
    from clientkit.i18n import t
    from clientkit.rules.ch8_appraisal import SLA
    by_label = {t(f"ch8.sla.event.{e}"): e for e in SLA}
    late = []
    for r in shown.itertuples():
        n, unit = SLA[by_label[r.event]]
        deadline = add_working_days(r.started_on, n) if unit == "wd" else period_end(r.started_on, days=n)
        assert abs((r.done_on - deadline).days) >= 1
        if r.done_on > deadline:
            late.append(r.record)
    assert late == flagged
