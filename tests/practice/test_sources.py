"""Item ids of seeded variants map to their source question (clientkit/practice/sources.py):
ch. 1's 自测 blueprint (exercises/ch01_scenarios.yaml) has part 2 = ch01.knowledge (any bank
question), part 3 = ch01.id_triage with four fixed numbers first, part 5 = ch01.phone_class
(generated)."""
from __future__ import annotations

import pytest

from clientkit.errors import ContentError
from clientkit.practice.content import content
from clientkit.practice.engine import assessment
from clientkit.practice.session import session_paper
from clientkit.practice.sources import plain_text, question_text, source_question


@pytest.fixture(scope="module")
def src():
    return content()


def test_a_bank_question_is_one_source_in_every_form_part_class_paper_and_practice(src):
    assert source_question(src, "assessment:ch01", "p2-q10").source_id == "ch01/q10"
    assert source_question(src, "session:9", "c1-p2-q10").source_id == "ch01/q10"
    assert source_question(src, "ch01.knowledge", "q10").source_id == "ch01/q10"
    # every knowledge item of two parallel forms maps to the bank id after the part prefix
    for seed in (3, 11):
        task = assessment(1, seed)
        for item in task.items:
            q = source_question(src, task.exercise_id, item.item_id)
            if q.question is not None:
                assert q.source_id == f"ch01/{item.item_id.split('-', 1)[1]}"


def test_fixed_cases_are_the_same_source_in_every_form_and_differ_from_each_other(src):
    ids = {seed: {i.item_id: source_question(src, "assessment:ch01", i.item_id).source_id
                  for i in assessment(1, seed).items if i.item_id.startswith("p3-")} for seed in (0, 5)}
    assert ids[0] == ids[5]
    assert len(set(ids[0].values())) == 4          # four different fixed numbers, four sources
    first = source_question(src, "assessment:ch01", "p3-01")
    assert first.fixed == 1 and not first.generated


def test_generated_items_are_one_family_per_exercise(src):
    a = source_question(src, "assessment:ch01", "p5-01")
    assert a.source_id == "ch01.phone_class" and a.generated
    assert source_question(src, "ch01.phone_class", "07").source_id == "ch01.phone_class"
    paper = session_paper({"id": 4, "name": "x", "chapters": [1], "mode": "assessment", "item_count": 16}, 4)
    sources = {source_question(src, paper.exercise_id, i.item_id).source_id for i in paper.items}
    assert "ch01.phone_class" in sources and "ch01/q20" in sources


def test_unknown_part_or_exercise_is_a_content_error(src):
    with pytest.raises(ContentError):
        source_question(src, "assessment:ch01", "p99-01")
    with pytest.raises(ContentError):
        source_question(src, "ch01.nope", "01")


def test_question_text_of_a_bank_question_lists_options_in_file_order_and_the_key(src):
    text = question_text(src.version, source_question(src, "assessment:ch01", "p2-q10"))
    assert "客户不愿留电话" in text.prompt and "<" not in text.prompt
    assert text.options == ("正确", "错误") and text.key == "错误" and not text.generated


def test_question_text_of_fixed_numbers_is_unmasked_and_tells_them_apart(src):
    one = question_text(src.version, source_question(src, "assessment:ch01", "p3-01"))
    two = question_text(src.version, source_question(src, "assessment:ch01", "p3-02"))
    assert "11010519491231002X" in one.prompt and "11010519490231002X" in two.prompt
    assert (one.key, two.key) == ("有效", "出生日期无效")   # 1949-02-31 is no date


def test_a_generated_family_shows_an_example(src):
    text = question_text(src.version, source_question(src, "assessment:ch01", "p5-01"))
    assert text.generated and "联系电话" in text.prompt and text.options


def test_plain_text_renders_card_rows_as_label_value_lines():
    html = ('<div class="ck-card"><div class="ck-card-title">个人客户</div><table><tr><th>姓名</th>'
            '<td>张*</td></tr><tr><th>证件号码</th><td>110***********002X</td></tr></table></div>')
    assert plain_text(html) == "个人客户\n姓名：张*\n证件号码：110***********002X"
    assert plain_text("A &amp; B<br>C") == "A & B\nC"
