"""Kind ``plan_check``: which rules does a proposed plan break? (DOMAIN.md §8.4 ex. 2–3, §7.2 ex. 3)

A plan is drawn from ``rng`` (or taken from ``params.include``) and shown as a small table; the
trainee picks every violated rule or condition ("无违规" = none). ``params.checker`` names the
library calculator that computes the key — never typed in YAML:

* ``scorecard`` — an agent scorecard (KPI → weight), key :func:`clientkit.rules.ch8_appraisal.check_scorecard`;
* ``commission`` — a commission schedule of a policy, key
  :func:`clientkit.rules.ch8_appraisal.check_commission_schedule` (C8-05);
* ``backup`` — a backup plan, key :func:`clientkit.rules.ch7_digital.check_backup_plan` (C7-07).
"""
from __future__ import annotations


import numpy as np

from clientkit.i18n import t
from clientkit.practice.kinds.cards import card, rule_source
from clientkit.practice.task import Item, ItemKey

DEFAULT_N = 2
NONE = "NONE"
CHECKERS = ("scorecard", "commission", "backup")


def check_params(params: dict) -> str | None:
    if params.get("checker") not in CHECKERS:
        return t("practice.problem.param_type", name="checker")
    include = params.get("include", [])
    if not isinstance(include, list) or not all(isinstance(p, dict) for p in include):
        return t("practice.problem.param_type", name="include")
    return None


def _scorecard(rng) -> dict:
    from clientkit.rules.ch8_appraisal import QUALITY_KPIS

    if rng.random() < 0.2:
        return {"new_premium": 1.0}
    names = ["new_premium", *rng.choice(list(QUALITY_KPIS), size=int(rng.integers(2, 5)), replace=False)]
    raw = rng.integers(1, 9, len(names)).astype(float)
    raw[0] += float(rng.integers(0, 10))
    w = np.floor(raw / raw.sum() * 20) / 20
    w[0] += 1.0 - w.sum()
    return {n: round(float(x), 2) for n, x in zip(names, w) if x > 0}


def _commission(rng) -> dict:
    pay_years = int(rng.choice([3, 5, 6, 8, 10, 15, 20]))
    years = int(rng.integers(1, 7))
    share = np.full(years, round(1.0 / years, 4))
    share[0] += 1.0 - share.sum()
    return {"pay_years": pay_years, "schedule": [round(float(x), 4) for x in share]}


def _backup(rng) -> dict:
    media = ["disk", "tape", "cloud", "optical"]
    return {"copies": int(rng.integers(1, 5)), "media": sorted(set(rng.choice(media, int(rng.integers(1, 4))).tolist())),
            "offsite": bool(rng.random() < 0.6), "offline": bool(rng.random() < 0.5),
            "restore_test_months": None if rng.random() < 0.2 else int(rng.choice([1, 3, 6, 12, 24]))}


def _spec(checker: str):
    """(draw, key function, options, rule ids) of a checker."""
    if checker == "scorecard":
        from clientkit.rules.ch8_appraisal import check_scorecard
        return _scorecard, check_scorecard, ("C8-01", "C8-04"), ("C8-01", "C8-04")
    if checker == "commission":
        from clientkit.rules.ch8_appraisal import check_commission_schedule
        return _commission, lambda p: check_commission_schedule(p["pay_years"], p["schedule"]), ("C8-05",), ("C8-05",)
    from clientkit.rules.ch7_digital import BACKUP_CONDITIONS, check_backup_plan
    return _backup, check_backup_plan, BACKUP_CONDITIONS, ("C7-07",)


def _rows(checker: str, plan: dict) -> list[tuple[str, object]]:
    if checker == "scorecard":
        return [(t(f"ch8.scorecard.kpi.{k}"), f"{v * 100:g}%" if v <= 1 else f"{v:g}%") for k, v in plan.items()]
    if checker == "commission":
        return [(t("ch8.plan.pay_years"), t("ch8.plan.years", n=plan["pay_years"]))] + [
            (t("ch8.plan.year_share", n=i), f"{x * 100:g}%") for i, x in enumerate(plan["schedule"], start=1)]
    return [(t(f"ch7.backup.field.{k}"), _backup_value(k, v)) for k, v in plan.items()]


def _backup_value(name: str, value) -> str:
    if name == "media":
        return "、".join(t(f"ch7.backup.media.{m}") for m in value)
    if isinstance(value, bool):
        return t("ch8.plan.yes") if value else t("ch8.plan.no")
    if value is None:
        return t("ch8.plan.never")
    return t(f"ch7.backup.value.{name}", v=value)


def _label(checker: str, option: str) -> str:
    if checker == "backup":
        return t(f"ch7.backup.condition.{option}")
    from clientkit.rules.registry import rule
    return f"{option} {rule(option).title}"


def _why(checker: str, found: str) -> str:
    if checker == "backup":
        from clientkit.rules.settings import current_settings
        return t("ch7.backup.why", found=found, months=current_settings()["restore_test_months"])
    return t(f"ch8.plan.why.{checker}", found=found)


def build(ex, rng: np.random.Generator, n: int, prefix: str, used: set) -> list[tuple[Item, ItemKey]]:
    checker = ex.params["checker"]
    draw, key_of, options, rule_ids = _spec(checker)
    fixed = list(ex.params.get("include", []))
    opts = tuple((o, _label(checker, o)) for o in options) + ((NONE, t("ch8.plan.none")),)
    out = []
    for i in range(1, n + 1):
        plan = fixed[i - 1] if i <= len(fixed) else draw(rng)
        found = key_of(plan)
        expected = "、".join(_label(checker, o) for o in found) or t("ch8.plan.none")
        why = _why(checker, expected)
        context = card(_rows(checker, plan), title=t(f"ch8.plan.title.{checker}"))
        item = Item(f"{prefix}{i:02d}", t(f"ch8.plan.prompt.{checker}"), "multi", opts, context=context, rule_ids=rule_ids)
        out.append((item, ItemKey("set", frozenset(found), expected, rule_ids, rule_source(rule_ids), why, none_value=NONE)))
    return out
