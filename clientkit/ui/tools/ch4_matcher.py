"""Chapter-4 tool 产品匹配: pick a client of the sample book (masked) or enter the needs by hand →
suitable products ranked with their reasons and the declarations / 双录 a sale needs, excluded
products with the rule that excludes them (DOMAIN.md §4.1–4.4; C4-05, C4-06, C4-10…C4-12,
C4-15, C2-08). The catalogue is the synthetic ``sample_data/products.csv``."""
from __future__ import annotations

from html import escape

import ipywidgets as w
import pandas as pd

from clientkit.i18n import t
from clientkit.ui import html
from clientkit.model.schema import PRODUCT_TYPES, RELATIONS
from clientkit.ui.components import Notice, guarded

CHAPTER = 4
TITLE = t("ch4.ui.title")
ORDER = 10
STAGES = ("single", "forming", "growing", "mature", "retired")
MANUAL = "__manual__"


def render(result: dict) -> str:
    """The matcher's result as two tables (suitable products, excluded ones)."""
    rows = [(str(r["rank"]), r["name"], r["type"], "；".join(r["reasons"]),
             "；".join(f"{rid} {text}" for rid, text in r["requirements"]) or t("ch4.ui.no_requirement"))
            for r in result["suitable"]]
    columns = [t(f"ch4.ui.col.{c}") for c in ("rank", "name", "type", "reasons", "requirements")]
    suitable = (f'<h4>{escape(t("ch4.ui.suitable", n=len(result["suitable"])))}</h4>' + html.table(pd.DataFrame(rows, columns=columns))
                if rows else f'<p>{escape(t("ch4.ui.none_suitable"))}</p>')
    rows2 = [(r["name"], r["type"], r["rule_id"], r["reason"]) for r in result["excluded"]]
    columns2 = [t(f"ch4.ui.col.{c}") for c in ("name", "type", "rule", "reason")]
    excluded = (f'<h4>{escape(t("ch4.ui.excluded", n=len(result["excluded"])))}</h4>'
                + html.table(pd.DataFrame(rows2, columns=columns2)))
    return suitable + excluded + f'<p class="ck-muted">{escape(t("ch4.ui.note"))}</p>'


class MatcherForm:
    """The needs form; ``needs()`` builds the matcher input (validated by the library)."""

    def __init__(self, service, page) -> None:
        self.service = service
        layout = w.Layout(width="360px", max_width="100%")
        style = {"description_width": "140px"}
        opts = [(t("ch4.ui.manual"), MANUAL)] + service.match_clients()
        self.client = w.Dropdown(options=opts, value=MANUAL, description=t("ch4.ui.client"), layout=w.Layout(width="460px", max_width="100%"), style=style)
        self.insured_age = w.BoundedIntText(value=35, min=0, max=120, description=t("ch4.ui.insured_age"), layout=layout, style=style)
        self.holder_age = w.BoundedIntText(value=35, min=0, max=120, description=t("ch4.ui.holder_age"), layout=layout, style=style)
        self.income = w.FloatText(value=200_000, description=t("ch4.ui.income"), layout=layout, style=style)
        self.budget = w.FloatText(value=20_000, description=t("ch4.ui.budget"), layout=layout, style=style)
        self.tolerance = w.Dropdown(options=[(f"{i} 级", i) for i in range(1, 6)], value=3, description=t("ch4.ui.tolerance"), layout=layout, style=style)
        self.needs_box = w.SelectMultiple(options=[(v, k) for k, v in PRODUCT_TYPES.items() if k != "property"],
                                          value=("term_life", "critical_illness", "medical"), rows=6,
                                          description=t("ch4.ui.needs"), layout=w.Layout(width="360px", max_width="100%"), style=style)
        self.relation = w.Dropdown(options=[(v, k) for k, v in RELATIONS.items()], value="self", description=t("ch4.ui.relation"), layout=layout, style=style)
        self.consents = w.Checkbox(value=True, description=t("ch4.ui.consents"))
        self.medical = w.Checkbox(value=False, description=t("ch4.ui.has_medical"))
        self.existing = w.FloatText(value=0, description=t("ch4.ui.existing"), layout=layout, style=style)
        self.channel = w.Dropdown(options=[(t("ch4.ui.channel_agent"), "agent"), (t("ch4.ui.channel_bank"), "bank")], value="agent",
                                  description=t("ch4.ui.channel"), layout=layout, style=style)
        self.stage = w.Dropdown(options=[(t("ch4.ui.no_stage"), None)] + [(t(f"ch4.stage.{s}"), s) for s in STAGES], value=None,
                                description=t("ch4.ui.stage"), layout=layout, style=style)
        self.run = w.Button(description=t("ch4.ui.run"), button_style="primary")
        self.out = w.HTML()
        self.note = Notice()  # beside 匹配 (a bad number, a refused need)
        self.client.observe(guarded(self.note)(self.fill), names="value")
        self.run.on_click(guarded(self.note)(self.show))

    def fill(self, _change=None) -> None:
        """Fill the form from the chosen sample client (masked in the picker)."""
        if self.client.value == MANUAL:
            return
        n = self.service.client_needs(self.client.value)
        self.insured_age.value, self.holder_age.value = n.insured_age, n.holder_age
        self.income.value, self.budget.value, self.tolerance.value = n.family_income, n.budget, n.risk_tolerance
        self.needs_box.value = tuple(x for x in n.needs if x != "property")
        self.relation.value, self.consents.value, self.medical.value = n.relation, n.insured_consents, n.has_indemnity_medical
        self.existing.value, self.stage.value = n.existing_death_cover, n.stage

    def needs(self):
        from clientkit.rules.ch4_products import Needs

        return Needs(insured_age=int(self.insured_age.value), holder_age=int(self.holder_age.value),
                     family_income=float(self.income.value), budget=float(self.budget.value),
                     risk_tolerance=int(self.tolerance.value), needs=tuple(self.needs_box.value), relation=self.relation.value,
                     insured_consents=bool(self.consents.value), has_indemnity_medical=bool(self.medical.value),
                     existing_death_cover=float(self.existing.value), channel=self.channel.value, stage=self.stage.value)

    def show(self, _button=None) -> None:
        self.out.value = ""
        self.note.clear()
        self.out.value = render(self.service.match_products(self.needs()))

    def widget(self) -> w.Widget:
        left = w.VBox([self.insured_age, self.holder_age, self.income, self.budget, self.tolerance, self.existing])
        right = w.VBox([self.needs_box, self.relation, self.channel, self.stage, self.consents, self.medical])
        return w.VBox([w.HTML(f"<p>{escape(t('ch4.ui.intro'))}</p>"), self.client, w.HBox([left, right], layout=w.Layout(flex_flow="row wrap")), self.run, self.note, self.out])


def build(service, page) -> w.Widget:
    """The tool's widget (the form object is reachable as ``widget.form`` for tests)."""
    form = MatcherForm(service, page)
    box = form.widget()
    box.form = form
    return box
