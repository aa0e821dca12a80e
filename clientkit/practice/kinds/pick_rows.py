"""Kind ``pick_rows``: select the records of a small log that break a rule.

The log is drawn from ``rng`` by ``params.source`` and shown as a table; the trainee picks every
record id that the library flags ("无问题" = none). Keys come from the library:

* ``service_sla`` — 保全/理赔 service steps with start and completion dates; flagged when later
  than :func:`clientkit.rules.ch8_appraisal.sla_deadline` (C8-08, working days from the Chinese
  calendar; DOMAIN.md §8.4 exercise 5). Completion dates keep ≥ 2 days from the deadline.
* ``e_archive`` — electronic-document metadata; flagged by
  :func:`clientkit.rules.ch7_digital.document_problems` (C7-01, C7-09; DOMAIN.md §7.2 exercise 2).
"""
from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from clientkit.i18n import t
from clientkit.practice.kinds.cards import rule_source
from clientkit.practice.kinds.kpi_calc import table_html
from clientkit.practice.task import Item, ItemKey

DEFAULT_N = 1
NONE = "NONE"
SOURCES = ("service_sla", "e_archive")
ON = date(2026, 6, 30)


def check_params(params: dict) -> str | None:
    if params.get("source") not in SOURCES:
        return t("practice.problem.param_type", name="source")
    rows = params.get("rows", 8)
    if isinstance(rows, bool) or not isinstance(rows, int) or not 3 <= rows <= 15:
        return t("practice.problem.param_type", name="rows")
    return None


def _service_log(rng, n: int):
    from clientkit.rules.ch8_appraisal import SLA, sla_deadline

    events = ["endorsement_accepted", "endorsement_missing_notice", "endorsement_done", "claim_decision",
              "denial_notice", "claim_payment", "lapse_notice"]
    rows = []
    for i in range(1, n + 1):
        event = events[int(rng.integers(0, len(events)))]
        start = ON - timedelta(days=int(rng.integers(40, 200)))
        deadline = sla_deadline(event, start)
        late = rng.random() < 0.35
        done = deadline + timedelta(days=int(rng.integers(2, 6))) if late else start + timedelta(
            days=int(rng.integers(0, max(1, (deadline - start).days - 1))))
        amount, unit = SLA[event]
        rows.append({"record": f"S{i:02d}", "event": event, "limit": t(f"ch8.sla.unit.{unit}", n=amount),
                     "started_on": start, "done_on": done})
    df = pd.DataFrame(rows)
    from clientkit.rules.ch8_appraisal import sla_breaches
    flagged = df.loc[sla_breaches(df).to_numpy(), "record"].tolist()
    shown = df.assign(event=df["event"].map(lambda e: t(f"ch8.sla.event.{e}")))[["record", "event", "limit", "started_on", "done_on"]]
    return shown, flagged, ("C8-08",)


def _archive(rng, n: int):
    from clientkit.rules.ch7_digital import document_problems, sample_documents

    docs = sample_documents(rng, n)
    problems = document_problems(docs)
    flagged = docs.loc[problems.notna().to_numpy(), "document_id"].tolist()
    return docs_view(docs), flagged, ("C7-01", "C7-02", "C7-09")


def docs_view(docs: pd.DataFrame) -> pd.DataFrame:
    from clientkit.model.schema import DOC_TYPES

    return pd.DataFrame({"record": docs["document_id"], "doc_type": docs["doc_type"].map(DOC_TYPES),
                         "created_by": docs["created_by"], "created_at": docs["created_at"],
                         "sha_ok": docs["sha256_ok"].map({True: "一致", False: "不一致"}),
                         "edited": docs["edited"].map({True: "是", False: "否"})})


def build(ex, rng: np.random.Generator, n: int, prefix: str, used: set) -> list[tuple[Item, ItemKey]]:
    source = ex.params["source"]
    rows = int(ex.params.get("rows", 8))
    out = []
    for i in range(1, n + 1):
        shown, flagged, rule_ids = (_service_log if source == "service_sla" else _archive)(rng, rows)
        shown = shown.rename(columns=lambda c: t(f"ch8.flags.col.{c}"))
        opts = tuple((r, r) for r in shown.iloc[:, 0]) + ((NONE, t("ch8.flags.none")),)
        expected = "、".join(flagged) or t("ch8.flags.none")
        why = t(f"ch8.flags.why.{source}", found=expected)
        item = Item(f"{prefix}{i:02d}", t(f"ch8.flags.prompt.{source}"), "multi", opts, context=table_html(shown),
                    rule_ids=rule_ids)
        out.append((item, ItemKey("set", frozenset(flagged), expected, rule_ids, rule_source(rule_ids), why, none_value=NONE)))
    return out
