"""Every kind: deterministic, varied, no key in the items, keys that agree with the library."""
from __future__ import annotations

import json
import re
from datetime import date
from html import unescape

import pytest

from clientkit.generate import generate_book
from clientkit.model.validators import check_id_number, check_uscc, phone_kind
from clientkit.practice import exercise, exercises, make_task, score
from clientkit.practice.kinds import completeness, cross_field, id_triage, spot_defects
from clientkit.practice.kinds.client_cards import client_card

EXERCISE_IDS = [e.id for e in exercises(1)]


def _items_json(task) -> str:
    return json.dumps([i.to_dict() for i in task.items], ensure_ascii=False)


def _keys(task):
    return {k: (v.mode, sorted(v.answer) if isinstance(v.answer, frozenset) else v.answer) for k, v in task.key.items()}


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_same_seed_same_task(exercise_id):
    a, b = make_task(exercise_id, 123), make_task(exercise_id, 123)
    assert _items_json(a) == _items_json(b) and _keys(a) == _keys(b)
    assert len(a.items) >= 1 and set(a.key) == {i.item_id for i in a.items}


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_different_seeds_vary(exercise_id):
    variants = {_items_json(make_task(exercise_id, seed)) for seed in range(1, 5)}
    assert len(variants) >= 3


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_no_answer_key_in_items(exercise_id):
    for seed in range(3):
        task = make_task(exercise_id, seed)
        text = _items_json(task)
        for item in task.items:
            key = task.key[item.item_id]
            assert key.explanation not in text
            if key.mode == "number":
                assert key.expected not in text
        assert len({i.item_id for i in task.items}) == len(task.items)


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_replay_and_full_marks_from_the_key(exercise_id):
    task = make_task(exercise_id, 99)
    again = type(task).replay(json.loads(json.dumps(task.to_dict())))
    assert _items_json(again) == _items_json(task) and _keys(again) == _keys(task)
    perfect = {}
    for item in task.items:
        k = task.key[item.item_id]
        perfect[item.item_id] = (sorted(k.answer) or [k.none_value]) if k.mode == "set" else k.answer
    result = score(task, perfect)
    assert result.score == 1.0 and all("C1-" in r.feedback for r in result.items)


def test_n_items_override():
    assert len(make_task("ch01.id_triage", 5, n_items=3).items) == 3


# -- knowledge ---------------------------------------------------------------------------------

def test_knowledge_options_are_shuffled_letters():
    seen_answers = set()
    for seed in range(12):
        task = make_task("ch01.knowledge", seed)
        assert len(task.items) == exercise("ch01.knowledge").params["n_items"]
        for item in task.items:
            if item.input in ("single", "multi") and item.options[0][0] == "A":
                assert [v for v, _ in item.options] == list("ABCDEF"[: len(item.options)])
                key = task.key[item.item_id]
                seen_answers.update(key.answer if key.mode == "set" else {key.answer})
    assert len(seen_answers) >= 3  # the right letter is not always "A"


def test_red_flags_only_from_its_topic():
    from clientkit.practice.content import chapter_content

    red = {q["id"] for q in chapter_content(1).questions if q.get("topic") == "red_flag"}
    for seed in range(5):
        assert {i.item_id for i in make_task("ch01.red_flags", seed).items} <= red


# -- id triage ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, number, reason", [
    # DOMAIN.md 1.2 exercises 1 and 3, Appendix A vectors
    ("id", "11010519491231002X", "VALID"),
    ("id", "110105194912310021", "CHECKSUM"),
    ("id", "11010519490231002X", "BAD_DATE"),   # 1949-02-31 does not exist
    ("id", "440524188001010014", "VALID"),
    ("id", "44052418800101001X", "CHECKSUM"),
    ("id", "110105200602301234", "BAD_DATE"),   # 2006-02-30
    ("id", "1101051949123100", "LENGTH"),
    ("id", "11010519491231002x", "CHARSET"),    # lower-case x
    ("uscc", "91350100M000100Y43", "VALID"),
    ("uscc", "91350100M000100Y44", "CHECKSUM"),
    ("uscc", "91350100M000100I43", "CHARSET"),  # letter I is not used
])
def test_id_triage_vectors(kind, number, reason):
    item, key = id_triage.item(kind, number, "x")
    assert key.answer == reason
    assert number in item.prompt
    if reason != "VALID":  # the prompt asks "是否有效", so only a reason code could be a hint
        assert reason not in item.prompt and key.expected not in item.prompt


@pytest.mark.parametrize("reason", ["LENGTH", "CHARSET", "BAD_DATE", "CHECKSUM"])
def test_planted_id_faults_are_what_the_validator_finds(reason):
    import numpy as np

    rng = np.random.default_rng(5)
    for s in id_triage.valid_ids(rng, 40):
        assert check_id_number(s) is None
        assert check_id_number(id_triage.corrupt_id(rng, s, reason)) == reason
    if reason != "BAD_DATE":
        for s in id_triage.valid_usccs(rng, 20):
            assert check_uscc(s) is None
            assert check_uscc(id_triage.corrupt_uscc(rng, s, reason)) == reason


def test_id_triage_options_do_not_depend_on_the_answer():
    task = make_task("ch01.id_triage", 8, n_items=30)
    by_kind = {}
    for item in task.items:
        by_kind.setdefault("uscc" if "信用代码" in item.prompt else "id", set()).add(item.options)
    assert all(len(opts) == 1 for opts in by_kind.values())
    answers = {task.key[i.item_id].answer for i in task.items}
    assert {"VALID", "LENGTH", "CHARSET", "BAD_DATE", "CHECKSUM"} <= answers


# -- phones ------------------------------------------------------------------------------------

def test_phone_keys_follow_phone_kind():
    task = make_task("ch01.phone_class", 3, n_items=40)
    classes = set()
    for item in task.items:
        shown = unescape(re.search(r"<code[^>]*>(.*?)</code>", item.prompt).group(1))
        expected = phone_kind(shown) or "invalid"
        assert task.key[item.item_id].answer == expected
        assert item.rule_ids == ("C1-11", "C1-12")  # the same for every item: no hint
        classes.add(expected)
    assert classes == {"mobile", "landline", "invalid"}


# -- cross-field -------------------------------------------------------------------------------

def test_age_on_birthday_counts_as_completed_year():
    # DOMAIN.md 1.2 exercise 2: born 1949-12-31 → 75 on 2025-12-30, 76 on 2025-12-31
    assert cross_field.age_on(date(1949, 12, 31), date(2025, 12, 30)) == 75
    assert cross_field.age_on(date(1949, 12, 31), date(2025, 12, 31)) == 76
    assert cross_field.age_on(date(1980, 1, 1), date(1980, 1, 1)) == 0


@pytest.mark.parametrize("card, wrong", [
    ({"id": "11010519491231002X", "on": "2025-12-30"}, set()),
    ({"id": "11010519491231002X", "on": "2025-12-30", "age": 76}, {"age"}),   # 75 on the day before
    ({"id": "11010519491231002X", "on": "2025-12-31", "age": 75}, {"age"}),   # 76 on the birthday
    ({"id": "11010519491231002X", "on": "2025-12-31", "gender": "male"}, {"gender"}),  # 17th digit 2 → 女
    ({"id": "440524188001010014", "on": "2025-06-01", "birth_date": "1880-01-02", "gender": "female"},
     {"birth_date", "gender"}),                                              # 17th digit 1 → 男
])
def test_cross_field_keys_by_hand(card, wrong):
    item, key = cross_field.item(cross_field._fixed_card(card), "x")
    assert key.answer == frozenset(wrong)
    assert card["id"] in item.context
    assert key.none_value == "NONE" and ("NONE", "无问题") in item.options


# -- completeness ------------------------------------------------------------------------------

@pytest.mark.parametrize("filled, total, pct", [(12, 14, 85.7), (13, 14, 92.9), (1, 8, 12.5), (2, 3, 66.7), (9, 9, 100.0)])
def test_completeness_percent_by_hand(filled, total, pct):
    assert completeness.percent(filled, total) == pct


def test_completeness_keys_agree_with_the_card():
    for seed in range(6):
        task = make_task("ch01.completeness", seed)
        for number, fields in zip(task.items[::2], task.items[1::2]):
            total = int(re.search(r"共 (\d+) 项", number.context).group(1))
            missing = task.key[fields.item_id].answer
            assert len(fields.options) == total + 1  # the required fields and 无缺失
            assert task.key[number.item_id].answer == completeness.percent(total - len(missing), total)
            assert task.key[number.item_id].tolerance == pytest.approx(0.1)
            for field in missing:
                label = dict(fields.options)[field]
                assert re.search(f"{re.escape(label)}</th><td[^>]*>（空）", number.context)


# -- consent -----------------------------------------------------------------------------------

def test_consent_keys_come_from_the_table_and_the_note_is_on_every_item():
    table = {row["item"]: row["answer"] for row in exercise("ch01.consent").params["table"]}
    task = make_task("ch01.consent", 4, n_items=len(table))
    contexts = {i.context for i in task.items}
    assert len(contexts) == 1 and "单独同意" in contexts.pop()
    for item in task.items:
        name = unescape(re.search(r"“(.*)”", item.prompt).group(1))
        assert task.key[item.item_id].answer == table[name]
    assert {table[k] for k in table} == {"contract_necessary", "general", "separate", "guardian"}


# -- spot defects ------------------------------------------------------------------------------

def test_spot_defects_keys_come_from_ground_truth_and_audit_agrees():
    flagged = clean = 0
    for seed in range(4):
        task = make_task("ch01.spot_defects", seed)
        for item in task.items:
            key = task.key[item.item_id]
            labels = dict(item.options)
            if key.answer:
                flagged += 1
                assert set(key.rule_ids) <= set(spot_defects.VISIBLE_RULES)
                for field in key.answer:  # audit reports each planted field of the card
                    assert labels[field] in key.explanation
            else:
                clean += 1
                assert "没有问题" in key.explanation
            assert item.rule_ids == tuple(exercise("ch01.spot_defects").rule_ids)
    assert flagged and clean


def test_ground_truth_equals_audit_for_visible_rules():
    from clientkit.rules.audit import audit

    book = generate_book(80, seed=12, defect_rate=0.5)
    found = audit(book, chapter=1)
    visible = set(spot_defects.VISIBLE_RULES)
    truth = {tuple(r) for r in book.defects[["rule_id", "client_id", "field"]].itertuples(index=False) if r[0] in visible}
    reported = {tuple(r) for r in found[["rule_id", "client_id", "field"]].itertuples(index=False) if r[0] in visible}
    assert truth and truth == reported


def test_cards_mask_personal_data_but_show_the_id():
    book = generate_book(30, seed=2)
    row = book.clients[book.clients["client_type"] == "individual"].iloc[0]
    html = client_card(row, spot_defects.fields_of("individual"), ("holder",), spot_defects.RAW)
    assert row["id_number"] in html
    assert row["name"] not in html and row["phone"] not in html and row["address"] not in html
    assert "投保人" in html
