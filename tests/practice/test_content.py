"""Every content file in exercises/ loads and validates; broken files fail with a clear message."""
from __future__ import annotations

import re

import pytest

from clientkit.config import exercises_dir
from clientkit.errors import ContentError
from clientkit.practice import CONTENT_VERSION, exercise, exercises
from clientkit.practice.content import content
from clientkit.practice.kinds import KINDS
from clientkit.rules.registry import rules

GOOD_Q = """
  - id: q1
    type: single
    rule_ids: [C1-08]
    source: GB 11643-1999
    prompt: 第17位为奇数表示？
    options: {a: 男, b: 女}
    answer: a
    explanation: 奇数为男。
"""


def test_every_file_in_exercises_loads_and_validates():
    files = sorted(exercises_dir().glob("ch[0-9][0-9]_*.yaml"))
    assert {f.name for f in files} >= {"ch01_knowledge.yaml", "ch01_scenarios.yaml"}
    loaded = content(exercises_dir())
    assert loaded.version.startswith(CONTENT_VERSION + "+")
    assert 1 in loaded.chapters
    # nothing in the folder that looks like content is silently skipped
    others = [p.name for p in exercises_dir().glob("*.y*ml") if not re.match(r"ch\d\d_.+\.yaml$", p.name)]
    assert others == []


def test_chapter1_bank_covers_every_rule():
    questions = content().chapters[1].questions
    assert len(questions) >= 30
    covered = {r for q in questions for r in q["rule_ids"]}
    assert {r.id for r in rules(1)} <= covered
    assert {f"C1-{i:02d}" for i in range(1, 25)} <= covered
    for q in questions:
        assert re.search(r"[\u4e00-\u9fff]", q["prompt"]) and re.search(r"[\u4e00-\u9fff]", q["explanation"])
        assert q["source"].strip()


def test_chapter1_exercises_use_the_chapter1_kinds():
    found = exercises(1)
    chapter1_kinds = {"knowledge", "id_triage", "phone_class", "completeness", "consent_picker", "cross_field", "spot_defects"}
    assert {e.kind for e in found} == chapter1_kinds
    assert chapter1_kinds <= set(KINDS)
    assert exercise("ch01.id_triage").kind == "id_triage"
    for e in found:
        assert e.chapter == 1 and e.title and e.intro and e.rule_ids


def test_unknown_exercise():
    with pytest.raises(ContentError) as err:
        exercise("ch01.nothing")
    assert "ch01.nothing" in err.value.message()


def _message(folder) -> str:
    with pytest.raises(ContentError) as err:
        content(folder)
    return err.value.message()


@pytest.mark.parametrize("body, fragments", [
    (GOOD_Q.replace("answer: a", "answer: c"), ["q1", "不是本题的选项"]),
    (GOOD_Q.replace("type: single", "type: essay"), ["q1", "题型"]),
    (GOOD_Q.replace("rule_ids: [C1-08]", "rule_ids: [C1-99]"), ["q1", "C1-99"]),
    (GOOD_Q.replace("    explanation: 奇数为男。\n", ""), ["q1", "explanation"]),
    (GOOD_Q.replace("options: {a: 男, b: 女}", "options: {a: 男}"), ["q1", "options"]),
    (GOOD_Q + GOOD_Q, ["q1", "重复"]),
    (GOOD_Q + "    colour: red\n", ["q1", "colour"]),
    (GOOD_Q.replace("type: single", "type: date").replace("    options: {a: 男, b: 女}\n", "")
     .replace("answer: a", "answer: 2025-02-31"), ["YAML", "day is out of range"]),
    (GOOD_Q.replace("type: single", "type: date").replace("    options: {a: 男, b: 女}\n", "")
     .replace("answer: a", "answer: 31.02.2025"), ["q1", "真实日期"]),
    (GOOD_Q.replace("type: single", "type: true_false").replace("    options: {a: 男, b: 女}\n", ""),
     ["q1", "true 或 false"]),
])
def test_broken_question_names_file_id_and_problem(write_content, body, fragments):
    folder = write_content({"ch01_bad.yaml": "chapter: 1\nquestions:\n" + body})
    message = _message(folder)
    assert "ch01_bad.yaml" in message
    for fragment in fragments:
        assert fragment in message


def test_broken_yaml_and_chapter(write_content):
    assert "YAML" in _message(write_content({"ch01_x.yaml": "chapter: [1\n"}))


def test_chapter_must_match_file_name(tmp_path, write_content):
    assert "ch02_" in _message(write_content({"ch01_x.yaml": "chapter: 2\n"}))


@pytest.mark.parametrize("entry, fragment", [
    ("{id: e1, kind: dance, title: 题, intro: 说明, rule_ids: [C1-08]}", "dance"),
    ("{id: e1, kind: id_triage, title: 题, rule_ids: [C1-08]}", "intro"),
    ("{id: e1, kind: id_triage, title: 题, intro: 说明, rule_ids: [C1-08], params: {n_items: 0}}", "n_items"),
    ("{id: e1, kind: id_triage, title: 题, intro: 说明, rule_ids: [C1-08], params: {uscc_share: 2}}", "uscc_share"),
    ("{id: e1, kind: knowledge, title: 题, intro: 说明, rule_ids: [C1-08], params: {n_items: 5}}", "少于所需"),
    ("{id: e1, kind: consent_picker, title: 题, intro: 说明, rule_ids: [C1-20], params: {table: "
     "[{item: 病史, answer: maybe, rule_ids: [C1-20], source: 第29条, explanation: 解析}]}}", "maybe"),
])
def test_broken_exercise(write_content, entry, fragment):
    folder = write_content({"ch01_ex.yaml": f"chapter: 1\nquestions:\n{GOOD_Q}exercises:\n  - {entry}\n"})
    message = _message(folder)
    assert "ch01_ex.yaml" in message and "e1" in message and fragment in message


def test_assessment_too_small_is_refused(write_content):
    text = (f"chapter: 1\nquestions:\n{GOOD_Q}exercises:\n"
            "  - {id: e1, kind: id_triage, title: 题, intro: 说明, rule_ids: [C1-08]}\n"
            "assessment: {title: 自测, intro: 说明, time_limit_min: 15, parts: [{exercise: e1, n_items: 12}]}\n")
    message = _message(write_content({"ch01_a.yaml": text}))
    assert "assessment" in message and "至少需要 10 题、3 种题型" in message


def test_valid_minimal_folder_loads(write_content):
    folder = write_content({"ch01_ok.yaml": f"chapter: 1\nquestions:\n{GOOD_Q}"})
    loaded = content(folder)
    assert [q["id"] for q in loaded.chapters[1].questions] == ["q1"]
    assert loaded.version != content().version
