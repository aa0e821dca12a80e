"""Chapter-6 cases for ``classify_records``, ``flag_records`` and ``computed_cases`` (DOMAIN.md §6.3).

Every answer is computed by the library: :func:`clientkit.rules.ch6_security.criminal_threshold_met`
(exercise 3), the schema's own ``sensitive``/``grade`` declaration (exercise 4, read with
GB/T 45574-2025), :func:`clientkit.model.masking.mask` (exercise 5, the company standard),
:func:`clientkit.rules.ch6_security.breach_notice_missing` (exercise 2) and
:func:`clientkit.rules.ch6_security.dual_recording_qc_minimum` (exercise 6, literal reading).
"""
from __future__ import annotations

from fractions import Fraction


from clientkit.generate import identities, vocab
from clientkit.i18n import t
from clientkit.model.masking import mask
from clientkit.model.schema import TABLES
from clientkit.practice.cases import Case
from clientkit.rules.ch6_security import (GAINS_THRESHOLD, NOTICE_ELEMENTS, NOTICE_RECIPIENTS, THRESHOLDS, breach_notice_missing,
                                          criminal_threshold_met, threshold_share)


def criminal_case(rng, params, fixed=None) -> Case:
    """Exercise 3: do these records or gains reach 情节严重 (C6-14, 两高解释 第5条(三)至(八))?"""
    if fixed:
        counts, insider = {k: int(v) for k, v in fixed["counts"].items()}, bool(fixed["insider"])
        gains = int(fixed.get("gains", 0))
    else:
        insider = bool(rng.random() < 0.5)
        cats = [c for c in THRESHOLDS if rng.random() < 0.5] or ["track_property"]
        counts = {c: int(THRESHOLDS[c] * float(rng.choice([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0])) / (2 if insider else 1))
                  for c in cats}
        gains = int(rng.choice([0, 0, 0, 1000, 2400, 2500, 3000, 4999, 5000]))  # drawn last: earlier draws unchanged
    met = criminal_threshold_met(counts, insider=insider, gains=gains)
    share = threshold_share(counts, insider=insider)
    gains_limit = GAINS_THRESHOLD // (2 if insider else 1)
    rows = [(t("ch6.case.actor"), t(f"ch6.case.insider_{insider}"))]
    rows += [(t(f"ch6.category.{c}"), n) for c, n in counts.items()]
    rows.append((t("ch6.case.gains"), gains))
    parts = "＋".join(f"{n}/{Fraction(THRESHOLDS[c], 2 if insider else 1)}" for c, n in counts.items())
    why = t("ch6.case.why_criminal", parts=parts, share=f"{float(share):.2f}", result=t(f"ch6.case.met_{met}"),
            gains=gains, gains_limit=gains_limit)
    options = (("met", t("ch6.case.met_True")), ("not_met", t("ch6.case.met_False")))
    return Case(rows, options, "met" if met else "not_met", why, ("C6-14",), prompt=t("ch6.case.criminal_prompt"))


GRADES = ("C1", "C2", "C3")


def _grading_options() -> tuple:
    return tuple((f"{g}_{s}", t("ch6.case.grade_option", grade=g, sensitive=t(f"ch6.case.sensitive_{s}")))
                 for s in ("yes", "no") for g in GRADES)


def grading_case(rng, params, fixed=None) -> Case:
    """Exercise 4: grade a field as the schema declares it (C6-06, C6-08)."""
    columns = [(tb, c) for tb in TABLES.values() for c in tb.columns if c.grade and not c.key]
    if fixed:
        table, column = TABLES[fixed["table"]], TABLES[fixed["table"]].column(fixed["column"])
    else:  # an answer class first, then a column of it, so that C1 / C2 / sensitive all come up
        classes = sorted({(c.grade, c.sensitive) for _, c in columns})
        grade, sensitive = classes[int(rng.integers(0, len(classes)))]
        pool = [(tb, c) for tb, c in columns if (c.grade, c.sensitive) == (grade, sensitive)]
        table, column = pool[int(rng.integers(0, len(pool)))]
    answer = f"{column.grade}_{'yes' if column.sensitive else 'no'}"
    rows = [(t("ch6.case.table"), table.label), (t("ch6.case.field"), column.label)]
    why = t("ch6.case.why_grading", field=column.label, grade=column.grade,
            sensitive=t(f"ch6.case.sensitive_{'yes' if column.sensitive else 'no'}"))
    return Case(rows, _grading_options(), answer, why, ("C6-06", "C6-08"), prompt=t("ch6.case.grading_prompt"))


def _raw(rng, kind: str) -> str:
    if kind == "phone":
        return str(identities.unique_mobiles(rng, 1)[0])
    if kind == "name":
        return str(vocab.names(rng, rng.random(1) < 0.5)[0])
    if kind == "bank_card":
        return "622202" + "".join(str(d) for d in rng.integers(0, 10, 13))
    return "110105" + str(int(rng.integers(1950, 2005))) + "0101" + "".join(str(d) for d in rng.integers(0, 10, 3)) + "X"


def masking_case(rng, params, fixed=None) -> Case:
    """Exercise 5: which display is the company masking standard (C6-07)?"""
    kind = fixed["kind"] if fixed else ("phone", "name", "bank_card", "id_number")[int(rng.integers(0, 4))]
    value = fixed["value"] if fixed else _raw(rng, kind)
    right = mask(value, kind)
    wrong = [value, value[:2] + "*" * (len(value) - 2), "*" * (len(value) - 4) + value[-4:], value[:-4] + "****"]
    candidates = [right] + [c for c in dict.fromkeys(wrong) if c != right][:3]
    order = rng.permutation(len(candidates))
    options = tuple((chr(97 + i), candidates[j]) for i, j in enumerate(order))
    answer = next(v for v, label in options if label == right)
    why = t("ch6.case.why_mask", kind=t(f"ch6.mask.{kind}"), right=right)
    return Case([(t("ch6.case.kind"), t(f"ch6.mask.{kind}")), (t("ch6.case.raw"), value)], options, answer, why, ("C6-07",),
                prompt=t("ch6.case.mask_prompt"))


def breach_case(rng, params, fixed=None) -> Case:
    """Exercise 2: what does this breach-notice plan lack (C6-10)?"""
    if fixed:
        elements, recipients = list(fixed["elements"]), list(fixed["recipients"])
    else:
        elements = [e for e in NOTICE_ELEMENTS if rng.random() < 0.7]
        recipients = [r for r in NOTICE_RECIPIENTS if rng.random() < 0.7]
    answer = frozenset(breach_notice_missing(elements, recipients))
    rows = [(t("ch6.case.notice_has"), "、".join(t(f"ch6.notice.{e}") for e in elements) or t("records.none")),
            (t("ch6.case.notice_to"), "、".join(t(f"ch6.notice.{r}") for r in recipients) or t("records.none"))]
    options = tuple((o, t(f"ch6.missing.{o}")) for o in NOTICE_ELEMENTS + NOTICE_RECIPIENTS)
    return Case(rows, options, answer, t("ch6.case.why_breach"), ("C6-10",), prompt=t("ch6.case.breach_prompt"))


def qc_case(rng) -> dict:
    """Exercise 6: a month's 双录 cases and those needing 100 % QC (for ``computed_cases``)."""
    total = int(rng.integers(8, 61)) * 10
    return {"total": total, "mandatory": int(rng.integers(0, total // 2 + 1))}


CASES = {"criminal": criminal_case, "grading": grading_case, "masking": masking_case, "breach": breach_case}
