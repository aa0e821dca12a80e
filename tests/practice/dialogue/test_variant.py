"""Variants draw the client from the shipped demo book, masked, deterministically per seed."""
from __future__ import annotations

import re
from datetime import date

from clientkit.practice.dialogue import draw, parse_drill
from clientkit.samples import sample_book

ON = date(2026, 6, 30)


def test_a_variant_is_deterministic_masked_and_fits_the_age_range(drill_data):
    drill = parse_drill("ch01_dialogues.yaml", 1, drill_data)
    book = sample_book()
    a, b = draw(drill, 11, book, ON), draw(drill, 11, book, ON)
    assert a == b
    assert 30 <= int(a.values["age"]) <= 50
    assert "*" in a.values["name"] and "****" in a.values["phone"]
    assert a.values["client"][0] == a.values["name"][0] and a.values["client"][1:] in ("先生", "女士")
    full_names = set(book.clients["name"].dropna())
    assert not any(name in a.text("{client}{name}") for name in full_names if len(name) > 1)
    assert re.fullmatch(r"[\d,]+ 元", a.values["premium"])
    assert sorted(a.order["n1"]) == [0, 1, 2]
    assert a.text("您好，{client}，您今年{age}岁。") == f"您好，{a.values['client']}，您今年{a.values['age']}岁。"


def test_different_seeds_draw_different_clients(drill_data):
    drill = parse_drill("ch01_dialogues.yaml", 1, drill_data)
    drawn = {draw(drill, seed, sample_book(), ON).values["name"] + draw(drill, seed, sample_book(), ON).values["product"]
             for seed in range(12)}
    assert len(drawn) > 3


def test_product_and_term_filters(drill_data):
    drill_data["client"] = {"age": [62, 75], "product_types": ["participating", "annuity", "whole_life"], "long_term": True}
    drill = parse_drill("ch01_dialogues.yaml", 1, drill_data)
    from clientkit.practice.dialogue.variant import candidates

    pool = candidates(drill, sample_book(), ON)
    assert not pool.empty
    assert pool["age"].between(62, 75).all() and (pool["term_years"] > 1).all()
    assert set(pool["product_type"]) <= {"participating", "annuity", "whole_life"}
