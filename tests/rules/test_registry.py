"""Registry of rules (DOMAIN.md chapter 1) and company settings (⚠P parameters)."""
import pytest

from clientkit.errors import ContentError
from clientkit.i18n import t
from clientkit.rules.registry import Rule, rule, rules
from clientkit.rules.settings import Settings, current_settings


def test_all_chapter_one_rules_in_order():
    ids = [r.id for r in rules(chapter=1)]
    assert ids == [f"C1-{i:02d}" for i in range(1, 25)]
    assert all(isinstance(r, Rule) and r.chapter == 1 for r in rules(1))


@pytest.mark.parametrize(
    "rid, section, tag, source_part, checkable",
    [
        ("C1-08", "1.2", "S", "GB 11643-1999", True),
        ("C1-11", "1.2", "P", "行业惯例", True),
        ("C1-14", "1.3", "H", "手册", True),
        ("C1-15", "1.3", "V", "反洗钱法", True),
        ("C1-20", "1.4", "V", "《个人信息保护法》第28–30条", True),
        ("C1-21", "1.4", "V", "第三十一条", True),
        ("C1-19", "1.1", "V", "第十七条", False),
        ("C1-22", "1.4", "V", "第一百一十六条", False),
    ],
)
def test_rule_metadata(rid, section, tag, source_part, checkable):
    r = rule(rid)
    assert (r.section, r.tag, r.checkable) == (section, tag, checkable)
    assert source_part in r.source and r.statement and r.severity in ("high", "medium", "low")


def test_statements_follow_the_law_texts():
    assert "单独同意" in rule("C1-20").statement
    assert "父母或者其他监护人的同意" in rule("C1-21").statement
    assert "及时更新" in rule("C1-15").statement


def test_tag_labels_and_unknown_rule():
    assert rule("C1-08").tag_label == "☑ 二手来源" == t("rules.tag.S")
    assert [t(f"rules.tag.{k}") for k in "VSPH"] == ["✔ 已核对法规原文", "☑ 二手来源", "⚠ 行业惯例（可配置）", "◆ 手册原文"]
    with pytest.raises(KeyError):
        rule("C9-99")


def test_defaults_and_overrides():
    s = Settings()
    assert (s.update_within_months, s.recheck_after_months, s.identity_update_days, s.duplicate_phone_threshold) == (6, 12, 30, 3)
    assert s.mobile_regex == r"^1[3-9]\d{9}$"
    assert Settings({"duplicate_phone_threshold": 4}).duplicate_phone_threshold == 4


def test_version_is_short_stable_and_changes_with_values():
    assert Settings().version() == Settings({}).version() and len(Settings().version()) == 12
    assert Settings({"identity_update_days": 15}).version() != Settings().version()


@pytest.mark.parametrize(
    "overrides",
    [{"nope": 1}, {"duplicate_phone_threshold": 0}, {"duplicate_phone_threshold": "3"}, {"mobile_regex": "(["}],
)
def test_bad_settings_are_content_errors(overrides):
    with pytest.raises(ContentError):
        Settings(overrides)


def test_settings_file_in_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CLIENTKIT_HOME", str(tmp_path))
    assert current_settings() == Settings()
    (tmp_path / "settings.yaml").write_text("identity_update_days: 10\n", encoding="utf-8")
    assert current_settings().identity_update_days == 10
    (tmp_path / "settings.yaml").write_text("- a list\n", encoding="utf-8")
    with pytest.raises(ContentError):
        current_settings()
