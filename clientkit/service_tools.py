"""Service methods behind the chapter tool tabs (chapters 2–8): read-only views of the shipped
demo book, personal data masked. Mixed into :class:`clientkit.service.Service`."""
from __future__ import annotations

import pandas as pd

from clientkit.samples import sample_book, sample_findings


class ChapterToolsMixin:
    # -- chapter 2 --------------------------------------------------------------------------

    def profile_clients(self, limit: int = 300) -> list[tuple[str, str]]:
        """(label, client_id) of the sample book's individual clients for the 客户画像 tool;
        labels carry the masked name only (C2 画像, DESIGN.md masking)."""
        from clientkit.model.masking import mask

        clients = sample_book().clients
        people = clients[clients["client_type"] == "individual"].head(limit)
        return [(f"{cid} {mask(name, 'name') if isinstance(name, str) else ''}".strip(), cid)
                for cid, name in zip(people["client_id"], people["name"])]

    def client_profile(self, client_id: str) -> pd.DataFrame:
        """One client's profile tags in the sample book as of its reference date (C2-11…C2-16)."""
        from clientkit.rules.ch2_portrait import client_profile, profile_as_of

        book = sample_book()
        return client_profile(book, client_id, profile_as_of(book))

    # -- chapter 4 --------------------------------------------------------------------------

    def match_clients(self, limit: int = 300) -> list[tuple[str, str]]:
        """(label, client_id) of the sample book's individual clients for the 产品匹配 tool;
        labels carry the masked name and the age only."""
        from clientkit.model.masking import mask

        clients = sample_book().clients
        people = clients[clients["client_type"] == "individual"].head(limit)
        return [(f"{cid} {mask(name, 'name') if isinstance(name, str) else ''}".strip(), cid)
                for cid, name in zip(people["client_id"], people["name"])]

    def client_needs(self, client_id: str):
        """The matcher input for a sample-book client as of the book's reference date (C4-01/02)."""
        from datetime import date

        from clientkit.rules.ch4_clients import needs_of

        book = sample_book()
        return needs_of(book, client_id, date.fromisoformat(str(book.meta.get("on", "2026-06-30"))))

    def match_products(self, needs) -> dict:
        """Suitable products ranked with reasons and requirements, excluded ones with the rule."""
        from clientkit.rules.ch4_products import match_products

        return match_products(needs)

    def recommendation_effect(self) -> list[dict]:
        """4.4 metrics of the sample book: all policies, then per product (name, metrics)."""
        from datetime import date

        from clientkit.rules.ch4_effect import effect_metrics

        book = sample_book()
        on = date.fromisoformat(str(book.meta.get("on", "2026-06-30")))
        pol = book.policies
        rows = [{"label": "", **effect_metrics(book, on)}]
        for code, name in sorted(set(zip(pol["product_code"].astype(str), pol["product_name"].astype(str)))):
            rows.append({"label": f"{code} {name}", **effect_metrics(book, on, codes=[code])})
        return rows

    # -- chapter 3 --------------------------------------------------------------------------

    def deadline_calc(self, kind: str, day):
        """The 期限计算 tool: ([(label key, date)], provisional) for a chapter-3 deadline
        (C3-06…C3-25, :func:`clientkit.service_calendar.deadline_results`)."""
        from clientkit.service_calendar import deadline_results

        return deadline_results(kind, day)

    def churn_view(self, weights=None):
        """(reference date, clients needing action, weights in force, threshold) for the 流失预警
        tool: the sample book's clients whose churn score (C3-29) reaches the company threshold on
        its reference date, with the signals fired and the handbook's action; names masked."""
        from clientkit.model.masking import mask
        from clientkit.rules.ch3_churn import churn_scores, merge_weights
        from clientkit.rules.settings import current_settings

        book = sample_book()
        on = pd.Timestamp(book.meta["on"]).date()
        ranked = churn_scores(book, on, weights)
        ranked = ranked[ranked["needs_action"]].reset_index(drop=True)
        names = book.clients.set_index("client_id")["name"]
        ranked.insert(2, "name", [mask(str(names.get(c, "")), "name") if pd.notna(names.get(c)) else "" for c in ranked["client_id"]])
        return on, ranked, merge_weights(weights), current_settings().churn_action_threshold

    # -- chapter 8 --------------------------------------------------------------------------

    def kpi_view(self):
        """(reference date, KPI table, improvement log) of the sample book for the 指标 tool
        (DOMAIN.md §8.2, §8.3); aggregates only."""
        from clientkit.rules.ch8_appraisal import sample_improvement_log
        from clientkit.rules.ch8_kpis import kpis_for

        book = sample_book()
        on = pd.Timestamp(book.meta["on"]).date()
        log = sample_improvement_log(on)
        return on, kpis_for(book, on, improvements=log), log

    def training_view(self) -> pd.DataFrame:
        """Active agents of the sample book with this year's training hours and the hours still
        missing (C8-06, :func:`clientkit.rules.ch8_appraisal.training_shortfall`); no names."""
        from clientkit.rules.ch8_appraisal import training_shortfall

        agents = sample_book().agents
        active = agents[agents["status"] == "active"][["agent_id", "team", "training_hours"]].reset_index(drop=True)
        hours = active["training_hours"].astype(float).fillna(0.0)
        return active.assign(shortfall=[training_shortfall(float(h)) for h in hours])

    # -- chapter 5 --------------------------------------------------------------------------

    def access_review(self, only_flagged: bool = False) -> pd.DataFrame:
        """The sample book's access log for the 调阅记录审查 tool, newest first, with the
        servicing agent of each client and the chapter-5 findings of each line (C5-01…C5-03)."""
        from clientkit.reports.access import access_review

        return access_review(sample_book(), sample_findings(), only_flagged=only_flagged)

    # -- chapter 6 --------------------------------------------------------------------------

    def compliance_report(self, previous=None):
        """The 6.4 compliance check of the sample book as of its reference date (findings masked)."""
        from clientkit.rules.ch6_compliance import compliance_check

        book = sample_book()
        return compliance_check(book, on=pd.Timestamp(book.meta["on"]).date(), previous=previous)
