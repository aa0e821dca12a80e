"""Every user-facing text comes from the Chinese catalog: the keys the code uses exist, every
rule has its Chinese statement and tag label, and the catalog files merge without clashes."""
import re
from pathlib import Path

import pytest

from clientkit.i18n import catalog, has

PACKAGE = Path(__file__).resolve().parent.parent / "clientkit"
# t("key"), t(f"..."), Error("key", ...), key="..." passed to errors
KEY_RE = re.compile(r"""(?:\bt|Error|Denied)\(\s*["']([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)["']""")


def _used_keys():
    for path in PACKAGE.rglob("*.py"):
        for key in KEY_RE.findall(path.read_text(encoding="utf-8")):
            yield path.relative_to(PACKAGE), key


def test_catalog_merges_without_duplicates():
    assert len(catalog()) > 100


@pytest.mark.parametrize("where,key", sorted(set(_used_keys())), ids=lambda v: str(v))
def test_every_key_used_in_code_has_chinese_text(where, key):
    assert has(key), f"{where}: {key} missing from clientkit/i18n/zh_CN/*.yaml"
    assert re.search(r"[\u4e00-\u9fff]", catalog()[key]), key


def test_every_rule_has_chinese_statement_source_and_tag_label():
    from clientkit.rules.registry import rules

    all_rules = rules()
    assert len(all_rules) >= 24
    for rule in all_rules:
        assert re.search(r"[\u4e00-\u9fff]", rule.statement), rule.id
        assert rule.source, rule.id
        assert has(f"rules.tag.{rule.tag}"), rule.id
