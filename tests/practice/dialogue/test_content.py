"""Every shipped drill file validates, and the drills say what the law says (issue 13 "Content").

The graph rules are the validator's (test_validate.py); here: the counts per chapter, every drill
draws a client from the demo book and renders, and hand-checked legal points of single drills
(content review 2026-12: D01 selling a list, D02 双录 scope, D07 birthdays).
"""
from __future__ import annotations

import string
from datetime import date

import pytest

from clientkit.practice.dialogue import DIMENSIONS, draw, drill, drills, score_path
from clientkit.practice.dialogue.variant import candidates
from clientkit.samples import sample_book

ON = date(2026, 6, 30)
ALL = drills()


def test_at_least_three_drills_per_chapter():
    assert len(ALL) >= 24
    for chapter in range(1, 9):
        assert len(drills(chapter)) >= 3, chapter


@pytest.mark.parametrize("d", ALL, ids=lambda d: d.id)
def test_every_drill_draws_a_client_and_renders_every_text(d):
    variant = draw(d, 7, sample_book(), ON)
    texts = [d.intro] + [n.say for n in d.nodes.values()]
    texts += [t for n in d.nodes.values() for c in n.choices for t in (c.text, c.explanation)]
    for text in texts:
        rendered = variant.text(text)
        assert not [f for _, f, _, _ in string.Formatter().parse(rendered) if f], rendered
    result = score_path(d, d.best_path())
    assert result.score == 1.0 and result.outcome in ("agreed", "referred")
    assert all(result.best_points[dim] > 0 for dim in DIMENSIONS), d.id


def test_selling_or_handing_over_a_client_list_is_never_rewarded():
    # D01: selling client data is prohibited whatever the consent (两高解释第5条, 保险法第131条)
    for drill_id in ("ch05.d.colleague_list", "ch06.d.buy_list"):
        d = drill(drill_id)
        for node in d.nodes.values():
            for choice in node.choices:
                if d.nodes[choice.next].end == "ended":
                    assert choice.score["compliance"] == -2 and not choice.best, (drill_id, node.id, choice.text)
    first = drill("ch05.d.colleague_list").nodes["m1"]
    asks_consent = next(c for c in first.choices if c.text.startswith("可以，不过我得先问问客户"))
    assert asks_consent.score["compliance"] == -2  # "ask the clients first" does not make a sale lawful


def test_dual_recording_drill_clients_are_over_60_and_never_on_the_boundary():
    # 可回溯暂行办法第6条第二项: individual agent, term over one year, 投保人 ≥ 60; D07: no birthday cases
    d = drill("ch02.d.dual_recording")
    pool = candidates(d, sample_book(), ON)
    assert not pool.empty and (pool["age"] >= 61).all() and (pool["term_years"] > 1).all()


def test_declaration_drill_ages_trigger_with_25_years_and_not_with_15():
    # 适当性办法第39条(三): 交费年限 + 年龄 ≥ 75; the drill's last turn says 15 years no longer triggers
    d = drill("ch04.d.declaration")
    ages = candidates(d, sample_book(), ON)["age"]
    assert not ages.empty and (ages + 25 >= 75).all() and (ages + 15 < 75).all()


def test_variants_mask_personal_data():
    d = drill("ch01.d.first_meeting")
    book = sample_book()
    for seed in range(5):
        v = draw(d, seed, book, ON)
        shown = " ".join(value for _, value in v.card)
        row = book.clients[book.clients["name"].str[0] == v.values["name"][0]]
        assert not any(str(p) in shown for p in row["phone"].dropna())
        assert not any(str(i) in shown for i in row["id_number"].dropna())
        assert not any(n in shown for n in row["name"].dropna() if len(n) > 1)


@pytest.mark.parametrize("d", ALL, ids=lambda d: d.id)
def test_every_drill_speaks_of_the_drawn_client_so_no_two_tries_read_the_same(d):
    texts = [d.intro] + [n.say for n in d.nodes.values()] + [c.text for n in d.nodes.values() for c in n.choices]
    drawn = {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}
    assert drawn, f"{d.id} uses no drawn client data"
    readings = {"".join(map(draw(d, seed, sample_book(), ON).text, texts)) for seed in range(1, 6)}
    assert len(readings) > 1, d.id
