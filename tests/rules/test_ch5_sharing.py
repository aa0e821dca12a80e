"""may_share (DOMAIN.md C5-03…C5-08, §5.2 exercise 2), keyed by hand from the rules."""
import re

import pytest

from clientkit.errors import InputError
from clientkit.rules.ch5_sharing import RECIPIENTS, may_share


@pytest.mark.parametrize("recipient, allowed, consent, contract, log", [
    ("authority", True, None, None, True),                  # 公安机关调取: law requires (C5-05)
    ("insurer", True, None, "agency", True),                # as far as necessary (C5-04, C5-08)
    ("entrusted_processor", True, None, "entrustment", True),  # 外包扫描公司 (C5-07)
    ("third_party", False, "separate", None, True),         # 合作医院要理赔病历 (C5-06)
    ("public", False, "separate", None, True),
    ("colleague", False, "general", None, True),            # 同事要客户名单做转介绍
    ("new_employer", False, None, None, False),             # 新东家要老客户资料
    ("agent_recording", False, None, None, False),          # 个人保存双录 (C5-03)
])
def test_decisions_without_consent(recipient, allowed, consent, contract, log):
    d = may_share({"recipient": recipient})
    assert (d.allowed, d.consent, d.contract, d.log) == (allowed, consent, contract, log)


def test_consent_makes_provision_lawful_only_where_possible():
    assert may_share({"recipient": "third_party", "consent": "separate"}).allowed
    assert may_share({"recipient": "third_party", "consent": "written_separate"}).allowed
    assert not may_share({"recipient": "third_party", "consent": "general"}).allowed
    assert may_share({"recipient": "colleague", "consent": "general"}).allowed
    assert not may_share({"recipient": "new_employer", "consent": "written_separate"}).allowed
    assert not may_share({"recipient": "agent_recording", "consent": "separate"}).possible
    assert "C5-03" in may_share({"recipient": "agent_recording"}).rule_ids
    assert len(RECIPIENTS) == 8


def test_a_sale_is_never_possible_whatever_the_consent():
    """Issue 9 / review D01: 一家汽车经销商想购买你的客户名单 — 保险法第131条(八), 两高解释第5条,
    C6-15 "买卖客户信息". The old answer was consent_separate."""
    for recipient in RECIPIENTS:
        d = may_share({"recipient": recipient, "sale": True, "consent": "written_separate"})
        assert (d.allowed, d.possible, d.outcome) == (False, False, "never")
        assert "C6-15" in d.rule_ids and d.consent is None and d.contract is None
    assert may_share({"recipient": "third_party", "sale": False}).outcome == "consent_separate"


@pytest.mark.parametrize("request_", [{"recipient": "friend"}, {}, "third_party", {"recipient": "public", "consent": "oral"},
                                      {"recipient": "third_party", "sale": "yes"}, {"recipient": "third_party", "sale": 1}])
def test_bad_requests(request_):
    with pytest.raises(InputError) as err:
        may_share(request_)
    assert re.search(r"[\u4e00-\u9fff]", err.value.message())
