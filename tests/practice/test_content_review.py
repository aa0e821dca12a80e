"""Issue 9 guards on the content as a whole (docs/content-review.md):

* every ``source`` of a question, exercise or case, and of every rule of the registry, that names a
  law whose text is in ``../shared/laws`` cites article numbers that exist in that text;
* a field that is the subject of an item is never shown masked in that item;
* content versions: the version in force is 2; every released version is kept and replays.

The law texts live outside the repository (``<repo>/../shared/laws``, read-only; CI clones the
repository beside ``shared/``). Without them the citation tests skip locally and FAIL under
``CI=true`` — they must never silently disappear in CI.
"""
from __future__ import annotations

import os
import re

import pytest
import yaml

from clientkit.model.schema import CLIENTS
from clientkit.practice import CONTENT_VERSION, Task, exercises, make_task
from clientkit.practice.content import content, released, releases_dir
from clientkit.practice.engine import assessment_from, task_from
from clientkit.rules.registry import DATA_DIR
from tests.practice.citations import ALIASES, articles, cited, laws_dir, sources

ARTICLE_WORD = re.compile(r"第[0-9一二三四五六七八九十百千零〇两]+条")


@pytest.fixture(scope="module")
def law_articles():
    folder = laws_dir()
    if folder is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("../shared/laws is required in CI (set CLIENTKIT_LAWS_DIR or clone beside shared/)")
        pytest.skip("law texts not found beside the repository (../shared/laws)")
    found = articles(folder)
    assert len(found) >= 20, "the law folder holds too few texts"
    return found


def _registry_sources() -> list[tuple[str, str]]:
    out = []
    for path in sorted(DATA_DIR.glob("ch*.yaml")):
        for r in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]:
            out.append((f"{path.name}/{r['id']}", r["source"]))
    return out


def test_the_citation_reader_reads_lists_ranges_and_aliases():
    assert cited("个人信息保护法第28、29、30条") == [("个人信息保护法", 28), ("个人信息保护法", 29), ("个人信息保护法", 30)]
    assert cited("《金融机构产品适当性管理办法》第二十六条至第二十八条") == [
        ("金融机构产品适当性管理办法", 26), ("金融机构产品适当性管理办法", 27), ("金融机构产品适当性管理办法", 28)]
    assert cited("保险法第一百三十一条第（八）项；可回溯暂行办法第6条") == [
        ("保险法", 131), ("保险销售行为可回溯管理暂行办法", 6)]
    assert cited("档案法实施条例第24条；档案法第21条") == [("档案法实施条例", 24), ("档案法", 21)]
    assert cited("两高解释第5条") == [(next(k for k in ALIASES if k.startswith("最高人民法院、")), 5)]


def test_the_citation_check_would_catch_a_wrong_article(law_articles):
    """The check's own failure case: 投诉办法 has 45 articles, 可回溯办法 18."""
    bad = [(law, n) for law, n in cited("《银行业保险业消费投诉处理管理办法》第四十六条；可回溯暂行办法第19条")
           if n not in law_articles[law]]
    assert len(bad) == 2


@pytest.mark.parametrize("where_source", sources() + _registry_sources(), ids=lambda ws: ws[0])
def test_every_cited_article_exists_in_the_law_text(where_source, law_articles):
    where, source = where_source
    refs = cited(source)
    for law, number in refs:
        if law in law_articles:
            assert number in law_articles[law], f"{where}: {source} — {law} has no 第{number}条"
    named = {law for law, al in ALIASES.items() for a in al if a in source and law in law_articles}
    if named:
        assert refs, f"{where}: {source} names a law but no article"


def test_no_question_relies_on_the_repealed_2009_disclosure_rules():
    """D10: the 2009 新型产品信息披露办法 was repealed on 2023-06-30; no source cites it."""
    for where, source in sources():
        assert "一年期以上人身保险产品信息披露规则" not in source, where


# ---------------------------------------------------------------------------------------------
def _card_values(context: str) -> dict[str, str]:
    return dict(re.findall(r"<th[^>]*>([^<]*)</th><td[^>]*>([^<]*)</td>", context or ""))


MASKED = {c.label: c.name for c in CLIENTS.columns if c.mask}


@pytest.mark.parametrize("exercise_id", [e.id for e in exercises() if e.kind in ("spot_defects", "completeness")])
def test_a_field_that_is_the_answer_is_never_masked(exercise_id):
    """A masked phone or address cannot be judged: every masked-kind field among an item's key
    is shown unmasked in that item; the other personal fields stay masked (the name)."""
    answered = set()
    names_masked = 0
    for seed in range(8):
        task = make_task(exercise_id, seed)
        for item in task.items:
            values = _card_values(item.context)
            if not values:
                continue
            key = task.key[item.item_id]
            if key.mode != "set":
                continue
            for label, shown_value in values.items():
                field = MASKED.get(label)
                if field is None:
                    continue
                if field in key.answer:
                    answered.add(field)
                    assert "*" not in shown_value, (exercise_id, seed, label, shown_value)
                elif field == "name" and "*" in shown_value:
                    names_masked += 1
    if exercise_id == "ch01.spot_defects":
        assert "phone" in answered and names_masked > 0     # the case of the review: a phone format


# ---------------------------------------------------------------------------------------------
OLD = "1+9d3b57ea8db3"


def test_the_content_version_was_bumped_and_old_versions_are_kept():
    assert CONTENT_VERSION == "2" and content().version.startswith("2+")
    kept = sorted(p.name for p in releases_dir().iterdir() if p.is_dir())
    assert OLD in kept
    for name in kept:
        assert released(name).version == name      # the kept files still give their version


def test_an_attempt_on_the_old_content_replays_with_its_own_items():
    """An assessment and a practice variant built on the released version 1 come back item for
    item from their stored ``to_dict()`` — on the old items, not today's."""
    old = released(OLD)
    paper = assessment_from(old, 5, seed=0)
    again = Task.replay(paper.to_dict())
    assert again.content_version == OLD
    assert [i.to_dict() for i in again.items] == [i.to_dict() for i in paper.items]
    # the old 自测 of chapter 5 still holds the hospital item keyed as it was then
    assert "consent_separate" in {k.answer for k in again.key.values()}
    assert "consent_separate" not in {k.answer for k in assessment_from(content(), 5, seed=0).key.values()}
    variant = task_from(old, "ch03.knowledge", 7)
    assert [i.to_dict() for i in Task.replay(variant.to_dict()).items] == [i.to_dict() for i in variant.items]
    # the knowledge questions come from the released bank too: the old trivia item (ch03 q15,
    # "约多少天", D28) is drawn from version 1 and never from the version in force
    old_prompts = {i.prompt for s in range(40) for i in task_from(old, "ch03.knowledge", s).items}
    new_prompts = {i.prompt for s in range(40) for i in make_task("ch03.knowledge", s).items}
    assert any("约多少天" in p for p in old_prompts) and not any("约多少天" in p for p in new_prompts)


def test_an_unknown_version_is_refused_in_chinese():
    from clientkit.errors import ContentError

    for version in ("1+000000000000", "../1+9d3b57ea8db3", "2+nope"):
        with pytest.raises(ContentError) as err:
            Task.replay({"exercise_id": "ch01.consent", "seed": 1, "n_items": None, "content_version": version})
        assert "练习内容已更新" in err.value.message()
