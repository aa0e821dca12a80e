"""Chapter-1 data rules on small hand-made books (DOMAIN.md C1-03…C1-21; reference date
2025-06-30). Every expected finding is worked out by hand from DOMAIN.md and the law texts."""
import zlib
from datetime import date

import pandas as pd
import pytest

from clientkit.model.book import Book
from clientkit.rules.audit import audit

ON = date(2025, 6, 30)
AGENT_PHONE = "13900000000"


def person(cid: str, **kw) -> dict:
    """A valid, complete individual (female, born 1949-12-31, ID 11010519491231002X)."""
    row = {
        "client_id": cid, "client_type": "individual", "name": "王芳", "gender": "female",
        "birth_date": "1949-12-31", "id_type": "id_card", "id_number": "11010519491231002X",
        "phone": "138" + f"{zlib.crc32(cid.encode()) % 10**8:08d}", "province": "北京市", "city": "北京市",
        "address": "北京市西城区金融街1号", "occupation": "教师", "annual_income": 120000,
        "agent_id": "A1", "created_on": "2024-01-01", "updated_on": "2025-05-01",
        "last_contact_on": "2025-05-01", "archive_state": "active",
    }
    row.update(kw)
    return row


def org(cid: str, kind: str = "enterprise", **kw) -> dict:
    row = {
        "client_id": cid, "client_type": kind, "name": "福州示例科技有限公司", "uscc": "91350100M000100Y43",
        "phone": "0591-8765" + f"{zlib.crc32(cid.encode()) % 10**4:04d}", "province": "福建省", "city": "福州市",
        "address": "福建省福州市鼓楼区五四路1号", "industry": "软件", "legal_rep": "林强",
        "employee_count": 50 if kind == "group" else None, "agent_id": "A1", "created_on": "2024-01-01",
        "updated_on": "2025-05-01", "last_contact_on": "2025-05-01", "archive_state": "active",
    }
    row.update(kw)
    return row


def policy(pid: str, holder: str, insured: str, sign: str = "2025-03-01", **kw) -> dict:
    row = {"policy_id": pid, "holder_id": holder, "insured_id": insured, "relation": "self",
           "product_code": "P1", "product_name": "示例终身寿险", "product_type": "whole_life", "channel": "agent",
           "agent_id": "A1", "sign_date": sign, "effective_date": sign, "end_date": "2085-03-01",
           "term_years": 60, "pay_mode": "annual", "pay_years": 20, "premium": 5000, "sum_insured": 200000,
           "status": "in_force"}
    row.update(kw)
    return row


def make_book(clients: list[dict], **tables: list[dict]) -> Book:
    frames = {"clients": pd.DataFrame(clients),
              "agents": pd.DataFrame([{"agent_id": "A1", "name": "李娜", "team": "一组", "phone": AGENT_PHONE, "status": "active"}])}
    frames.update({name: pd.DataFrame(rows) for name, rows in tables.items()})
    return Book.from_frames(frames)


def found(book: Book, settings=None, on=ON) -> set[tuple[str, str, str]]:
    df = audit(book, on=on, settings=settings or {}, chapter=1)
    return set(zip(df["rule_id"], df["client_id"], df["field"]))



def audit_of(clients, **tables):
    return audit(make_book(clients, **tables), on=ON, settings={}, chapter=1)


# -- C1-08 / C1-09: identity numbers (DOMAIN.md §1.2 exercise 1 vectors) ----------------------

@pytest.mark.parametrize(
    "changes, expected, message",
    [
        ({}, set(), None),
        ({"id_number": "110105194912310021"}, {("C1-08", "id_number")}, "身份证号校验码错误"),
        ({"id_number": "11010519490231002X"}, {("C1-08", "id_number")}, "身份证号中的出生日期不是真实日期"),
        ({"id_number": "440524188001010014", "birth_date": "1880-01-01", "gender": "male"}, set(), None),
        ({"id_number": "44052418800101001X", "birth_date": "1880-01-01", "gender": "male"}, {("C1-08", "id_number")}, "身份证号校验码错误"),
        ({"id_number": "110105200602301234"}, {("C1-08", "id_number")}, "身份证号中的出生日期不是真实日期"),
        ({"id_number": "11010519491231002x"}, {("C1-08", "id_number")}, "身份证号含非法字符（前17位须为数字，末位为数字或大写X）"),
        ({"id_number": "1101051949123100"}, {("C1-08", "id_number")}, "身份证号位数不是18位"),
        # valid ID, card says 1949-12-30: birth-date mismatch only
        ({"birth_date": "1949-12-30"}, {("C1-08", "birth_date")}, "出生日期与身份证号中的出生日期不一致"),
        # 17th digit 2 is even → 女; card says 男
        ({"gender": "male"}, {("C1-08", "gender")}, None),
        # a sex that is neither 男 nor 女 is an import issue (reported once, there), not a mismatch
        ({"gender": "未知"}, set(), None),
        # invalid ID: no cross-checks even though birth date and gender disagree with it
        ({"id_number": "110105194912310021", "gender": "male", "birth_date": "1950-01-01"}, {("C1-08", "id_number")}, None),
        # old 15-digit ID (GB 11643-1989): C1-09, never C1-08
        ({"id_number": "110105491231002"}, {("C1-09", "id_number")}, "15位旧身份证号码，应升级为18位"),
        # other document types are not GB 11643 numbers
        ({"id_type": "passport", "id_number": "E12345678"}, set(), None),
    ],
)
def test_id_numbers(changes, expected, message):
    df = audit_of([person("P1", **changes)])
    assert set(zip(df["rule_id"], df["field"])) == expected
    if message:
        assert df["message"].tolist() == [message]
    if expected:
        assert (df["client_id"] == "P1").all() and (df["table"] == "clients").all() and (df["row"] == 0).all()


def test_id_value_is_masked():
    df = audit_of([person("P1", id_number="110105194912310021")])
    assert df["value"].tolist() == ["110***********0021"]
    assert df["severity"].tolist() == ["high"] and df["section"].tolist() == ["1.2"]


# -- C1-10: USCC (DOMAIN.md §1.2 exercise 3) ---------------------------------------------------

@pytest.mark.parametrize(
    "uscc, kind, expected",
    [
        ("91350100M000100Y43", "enterprise", None),
        ("91350100M000100Y44", "enterprise", "统一社会信用代码校验码错误（早期试点代码请人工核实）"),
        ("91350100M000100I43", "group", "统一社会信用代码含非法字符（不得使用 I、O、Z、S、V，第3–8位须为数字）"),
        ("91350100M000100Y4", "group", "统一社会信用代码位数不是18位"),
    ],
)
def test_uscc(uscc, kind, expected):
    df = audit_of([org("E1", kind, uscc=uscc)])
    assert df["message"].tolist() == ([expected] if expected else [])
    assert set(df["rule_id"]) <= {"C1-10"}


# -- C1-11 / C1-12: phones (Appendix A regexes) -----------------------------------------------

@pytest.mark.parametrize(
    "phone, rule",
    [
        ("13912345678", None),
        ("010-12345678", None),
        ("0755-12345678-123", None),
        ("075512345678", None),
        ("12012345678", "C1-11"),  # second digit 2
        ("1381234567", "C1-11"),  # 10 digits
        ("138123456789", "C1-11"),  # 12 digits
        ("0755-123", "C1-12"),
        ("755-12345678", "C1-12"),
        ("020-12345", "C1-12"),
        ("电话待补", "C1-12"),
    ],
)
def test_phones(phone, rule):
    df = audit_of([person("P1", phone=phone)])
    assert set(zip(df["rule_id"], df["field"])) == ({(rule, "phone")} if rule else set())


# -- C1-03 / C1-13: completeness --------------------------------------------------------------

def test_holder_missing_fields_are_c1_03_not_c1_13():
    clients = [person("H", phone=None, gender=None, annual_income=None), person("I", birth_date=None, id_number="11010519491231002X")]
    df = audit_of(clients, policies=[policy("PL1", "H", "I", relation="parent")])
    assert set(zip(df["rule_id"], df["client_id"], df["field"])) == {
        ("C1-03", "H", "phone"), ("C1-03", "H", "gender"), ("C1-03", "H", "annual_income"), ("C1-03", "I", "birth_date"),
    }
    msg = df.loc[(df["client_id"] == "H") & (df["field"] == "phone"), "message"].item()
    assert "投保人" in msg and "联系电话" in msg


def test_beneficiary_identity_fields_are_c1_03():
    clients = [person("H"), person("B", id_type=None)]
    df = audit_of(clients, policies=[policy("PL1", "H", "H")],
                  beneficiaries=[{"beneficiary_row": "R1", "policy_id": "PL1", "client_id": "B", "relation": "child", "share": 100}])
    assert set(zip(df["rule_id"], df["client_id"], df["field"])) == {("C1-03", "B", "id_type")}
    assert "受益人" in df["message"].item()


def test_without_role_individual_fields_are_c1_13_and_holder_fields_not_required():
    df = audit_of([person("P", gender=None, phone=None, occupation=None, address=None)])
    assert set(zip(df["rule_id"], df["field"])) == {("C1-13", "gender")}
    assert df["message"].item() == "缺少个人客户的必填项“性别”"


@pytest.mark.parametrize(
    "kind, missing",
    [("enterprise", "legal_rep"), ("enterprise", "uscc"), ("group", "employee_count"), ("group", "city"), ("enterprise", "phone")],
)
def test_org_required_fields(kind, missing):
    df = audit_of([org("E", kind, **{missing: None})])
    assert set(zip(df["rule_id"], df["field"])) == {("C1-13", missing)}


def test_enterprise_need_not_have_employee_count_nor_gender():
    assert audit_of([org("E", "enterprise", employee_count=None)]).empty


def test_unknown_client_type_held_to_common_fields():
    df = audit_of([person("X", client_type=None, name=" ")])
    assert set(zip(df["rule_id"], df["field"])) == {("C1-13", "client_type"), ("C1-13", "name")}


# -- C1-14: update within 6 months of purchase; re-check after 12 months without contact --------

@pytest.mark.parametrize(
    "sign, updated, verified, update_rows, flagged",
    [
        ("2024-06-01", "2025-03-01", None, [], True),  # window (06-01, 12-01] ended, update after it
        ("2024-06-01", "2024-09-01", None, [], False),  # updated inside the window
        ("2024-06-01", "2024-06-01", None, [], True),  # the signing day itself is not in the window
        ("2024-06-01", "2024-12-01", None, [], False),  # last day of the window
        ("2024-06-01", None, "2024-11-30", [], False),  # verified inside
        ("2024-06-01", "2025-03-01", None, [("2024-10-01", "2024-10-05")], False),  # updates row inside
        ("2024-06-01", "2025-03-01", None, [("2024-03-01", "2025-01-05")], True),  # updates row outside
        ("2025-03-01", "2025-03-01", None, [], False),  # window ends 2025-09-01, not yet over
    ],
)
def test_update_within_six_months(sign, updated, verified, update_rows, flagged):
    rows = [{"update_id": f"U{i}", "client_id": "H", "field": "address", "changed_on": c, "recorded_on": r}
            for i, (c, r) in enumerate(update_rows)]
    book = make_book([person("H", updated_on=updated, verified_on=verified)], policies=[policy("PL", "H", "H", sign=sign)], updates=rows)
    assert (("C1-14", "H", "updated_on") in found(book)) is flagged


def test_first_purchase_counts_and_months_are_a_setting():
    pols = [policy("PL1", "H", "H", sign="2024-06-01"), policy("PL2", "H", "H", sign="2025-02-01")]
    book = make_book([person("H", updated_on="2025-03-01")], policies=pols)
    assert ("C1-14", "H", "updated_on") in found(book)  # first purchase 2024-06-01
    assert ("C1-14", "H", "updated_on") not in found(book, settings={"update_within_months": 12})


@pytest.mark.parametrize(
    "last_contact, interaction, flagged",
    [
        ("2024-05-01", None, True),  # more than 12 months before 2025-06-30
        ("2024-07-15", None, False),
        ("2024-05-01", "2025-01-10", False),  # a later interaction counts as contact
        (None, None, True),  # never contacted: counted from created_on 2024-01-01
    ],
)
def test_not_contacted_for_twelve_months(last_contact, interaction, flagged):
    inter = [{"interaction_id": "I1", "client_id": "P", "kind": "contact", "occurred_on": interaction}] if interaction else []
    book = make_book([person("P", last_contact_on=last_contact)], interactions=inter)
    assert (("C1-14", "P", "last_contact_on") in found(book)) is flagged


# -- C1-15: identity changes recorded in time (反洗钱法 第34条; 30 days company practice) -----------

@pytest.mark.parametrize(
    "field, changed, recorded, flagged",
    [
        ("id_number", "2025-01-06", "2025-02-05", False),  # 01-06 + 30 days = 02-05 (Wednesday)
        ("id_number", "2025-01-06", "2025-02-06", True),
        ("name", "2024-09-01", "2024-10-08", False),  # 09-01 + 30 = 10-01 国庆 → rolls to 10-08 (第203条)
        ("name", "2024-09-01", "2024-10-09", True),
        ("id_number", "2025-01-06", None, True),  # never recorded, deadline long past on 2025-06-30
        ("id_number", "2025-06-20", None, False),  # not recorded yet, deadline not reached
        ("phone", "2025-01-06", "2025-05-01", False),  # not identity information
    ],
)
def test_identity_change_recorded_late(field, changed, recorded, flagged):
    rows = [{"update_id": "U1", "client_id": "P", "field": field, "changed_on": changed, "recorded_on": recorded}]
    df = audit_of([person("P")], updates=rows)
    hit = df[df["rule_id"] == "C1-15"]
    assert len(hit) == int(flagged)
    if flagged:
        assert hit["table"].item() == "updates" and hit["row"].item() == 0 and hit["client_id"].item() == "P"


# -- C1-20 / C1-21: sensitive information and children (个人信息保护法 第28–31条) ------------------

def consent(cid, category, kind, given="2024-01-02", withdrawn=None):
    return {"consent_id": f"K-{cid}-{category}-{kind}", "client_id": cid, "data_category": category,
            "consent_type": kind, "purpose": "核保", "given_on": given, "withdrawn_on": withdrawn}


@pytest.mark.parametrize(
    "consents, flagged",
    [
        ([], True),
        ([consent("P", "health", "separate")], False),
        ([consent("P", "health", "written_separate")], False),
        ([consent("P", "health", "general")], True),
        ([consent("P", "financial_account", "separate")], True),  # wrong category
        ([consent("P", "health", "separate", withdrawn="2025-01-01")], True),
        ([consent("P", "health", "separate", withdrawn="2025-08-01")], False),  # withdrawn after on
        ([consent("P", "health", "separate", given="2025-07-01")], True),  # not yet given on 2025-06-30
    ],
)
def test_health_notes_need_separate_consent(consents, flagged):
    df = audit_of([person("P", health_notes="高血压")], consents=consents)
    assert set(zip(df["rule_id"], df["field"])) == ({("C1-20", "health_notes")} if flagged else set())
    if flagged:
        assert df["value"].item() == "******"


def test_bank_account_needs_financial_account_consent_and_is_masked():
    df = audit_of([person("P", bank_account="6222021234567890123")], consents=[consent("P", "health", "separate")])
    assert df[["rule_id", "field", "value"]].values.tolist() == [["C1-20", "bank_account", "622202*********0123"]]


@pytest.mark.parametrize(
    "born, consents, flagged",
    [
        ("2015-03-01", [], True),  # 10 years old
        ("2015-03-01", [consent("C", "minor_under_14", "guardian")], False),
        ("2015-03-01", [consent("C", "minor_under_14", "general")], True),
        ("2011-06-30", [], False),  # turns 14 on 2025-06-30
        ("2011-07-01", [], True),  # 14 only on 2025-07-01
    ],
)
def test_children_under_14_need_guardian_consent(born, consents, flagged):
    child = person("C", birth_date=born, id_type="birth_certificate", id_number="O123456", guardian_id="M")
    df = audit_of([person("M"), child], consents=consents)
    assert (("C1-21", "C", "birth_date") in set(zip(df["rule_id"], df["client_id"], df["field"]))) is flagged


# -- C1-06: agent's phone, one phone on unrelated clients (⚠P threshold 3) ------------------------

def test_agent_phone_on_client():
    df = audit_of([person("P", phone=AGENT_PHONE), person("Q")])
    assert df[["rule_id", "client_id", "field", "value"]].values.tolist() == [["C1-06", "P", "phone", "139****0000"]]
    assert "业务员" in df["message"].item()


def test_same_phone_on_three_unrelated_clients():
    same = "13611112222"
    df = audit_of([person(c, phone=same) for c in ("A", "B", "C")] + [person("D")])
    assert set(zip(df["rule_id"], df["client_id"])) == {("C1-06", "A"), ("C1-06", "B"), ("C1-06", "C")}


def test_family_members_may_share_a_phone():
    same = "13611112222"
    clients = [person(c, phone=same) for c in ("A", "B", "C")]
    # A holds a policy insuring B: one family, so two families carry the phone
    assert audit_of(clients, policies=[policy("PL", "A", "B", relation="spouse")]).empty
    # a guardian link joins families too
    clients[2]["guardian_id"] = "A"
    assert audit_of(clients).empty
    # two unrelated clients are below the threshold of 3; a threshold of 2 flags them
    two = [person("A", phone=same), person("B", phone=same)]
    assert audit_of(two).empty
    assert found(make_book(two), settings={"duplicate_phone_threshold": 2}) == {("C1-06", "A", "phone"), ("C1-06", "B", "phone")}
