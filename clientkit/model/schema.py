"""Every table and column of a client file, declared once (DESIGN.md "Tables are the model").

Import, display labels, masking, completeness KPIs and the generator all read this
declaration; no other module lists columns. Per column:

* ``dtype``: ``str``, ``date``, ``datetime``, ``int``, ``float``, ``bool`` or ``enum``;
* ``label``: the Chinese label shown in tables, forms and import reports;
* ``sensitive``: sensitive personal information under PIPL 第28条, read with GB/T 45574-2025
  (DOMAIN.md C6-08: the ID *number* is no longer sensitive there, ID photos, health data and
  bank-account numbers are);
* ``grade``: JR/T 0171-2020 personal-financial-information grade C1/C2/C3 (DOMAIN.md C6-06),
  ``None`` for data that is not personal financial information;
* ``required``: client types (个人 ``individual`` / 企业 ``enterprise`` / 团体 ``group``) for
  which the field must be filled (DOMAIN.md C1-03, C1-05, C1-13); for tables other than
  ``clients`` any non-empty set means "required on every row";
* ``mask``: the masking kind applied when displayed or exported (:mod:`clientkit.model.masking`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

ALL_TYPES = frozenset({"individual", "enterprise", "group"})
PERSON = frozenset({"individual"})
ORG = frozenset({"enterprise", "group"})

CLIENT_TYPES = {"individual": "个人", "enterprise": "企业", "group": "团体"}
GENDERS = {"male": "男", "female": "女"}
ID_TYPES = {
    "id_card": "居民身份证",
    "passport": "护照",
    "hk_macao_permit": "港澳居民来往内地通行证",
    "taiwan_permit": "台湾居民来往大陆通行证",
    "foreign_permanent": "外国人永久居留身份证",
    "birth_certificate": "出生医学证明",
}
CIVIL_CAPACITY = {"full": "完全民事行为能力", "limited": "限制民事行为能力", "none": "无民事行为能力"}
ARCHIVE_STATES = {
    "active": "在用",
    "archived": "已归档",
    "appraised": "已鉴定",
    "destroy_approved": "已批准销毁",
    "destroyed": "已销毁",
}
PRODUCT_TYPES = {
    "term_life": "定期寿险",
    "whole_life": "终身寿险",
    "critical_illness": "重大疾病保险",
    "medical": "医疗保险",
    "accident": "意外伤害保险",
    "annuity": "年金保险",
    "participating": "分红保险",
    "universal": "万能保险",
    "unit_linked": "投资连结保险",
    "property": "财产保险",
}
PAY_MODES = {"single": "趸交", "annual": "年交", "monthly": "月交"}
CHANNELS = {"agent": "个人代理", "bank": "银行代理", "online": "互联网", "broker": "经纪/代理机构", "group": "团体业务"}
POLICY_STATUS = {
    "in_force": "有效",
    "grace": "宽限期",
    "suspended": "效力中止",
    "surrendered": "已退保",
    "cancelled_cooling_off": "犹豫期撤单",
    "matured": "满期",
    "terminated": "终止",
    "claim_terminated": "理赔终止",
}
RELATIONS = {
    "self": "本人",
    "spouse": "配偶",
    "child": "子女",
    "parent": "父母",
    "sibling": "兄弟姐妹",
    "grandparent": "祖父母/外祖父母",
    "grandchild": "孙子女/外孙子女",
    "employee": "雇员",
    "cousin": "表/堂兄弟姐妹",
    "partner": "未婚同居伴侣",
    "other": "其他",
}
CLAIM_DECISIONS = {"pending": "处理中", "paid": "赔付", "partial": "部分赔付", "denied": "拒赔"}
INTERACTION_KINDS = {
    "contact": "日常联系",
    "return_visit": "回访",
    "complaint": "投诉",
    "feedback": "反馈",
    "survey": "满意度调查",
    "notice": "通知",
    "info_update": "信息变更",
}
INTERACTION_CHANNELS = {"phone": "电话", "face": "面谈", "online": "线上", "sms": "短信", "mail": "邮寄", "app": "APP"}
COMPLAINT_LEVELS = {"simple": "简单", "complex": "复杂", "very_complex": "特别复杂"}
DATA_CATEGORIES = {
    "basic": "基本身份信息",
    "contact": "联系方式",
    "health": "医疗健康",
    "financial_account": "金融账户",
    "religion": "宗教信仰",
    "biometric": "生物识别",
    "specific_identity": "特定身份",
    "location": "行踪轨迹",
    "minor_under_14": "不满十四周岁未成年人信息",
}
CONSENT_TYPES = {
    "contract_necessary": "订立、履行合同所必需",
    "general": "一般同意",
    "separate": "单独同意",
    "written_separate": "书面单独同意",
    "guardian": "监护人同意",
}
ACCESS_ACTIONS = {"view": "查看", "edit": "修改", "export": "导出", "print": "打印", "download_recording": "下载双录", "share": "对外提供"}
LIFECYCLE_EVENTS = {
    "archived": "归档",
    "appraised": "鉴定",
    "retention_extended": "延长保管",
    "destruction_listed": "列入销毁清册",
    "destruction_approved": "批准销毁",
    "destroyed": "销毁",
}
DOC_TYPES = {
    "id_copy": "身份证件影像",
    "application": "投保单",
    "clauses": "保险条款",
    "health_disclosure": "健康告知书",
    "medical_record": "病历/体检报告",
    "receipt": "回执",
    "dual_recording": "双录音视频",
    "declaration": "投保声明书",
    "claim_material": "理赔材料",
    "other": "其他",
}
COLOUR_MODES = {"colour": "彩色", "grey": "灰度", "binary": "黑白二值"}
FILE_FORMATS = {"tiff": "TIFF", "jpeg": "JPEG", "jp2": "JPEG2000", "pdf": "PDF", "png": "PNG", "mp4": "MP4"}
AGENT_STATUS = {"active": "在职", "departed": "已离职"}


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str
    label: str
    required: frozenset[str] = frozenset()
    sensitive: bool = False
    grade: str | None = None
    mask: str | None = None
    enum: dict[str, str] | None = None
    key: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    label: str
    columns: tuple[Column, ...]
    description: str = ""
    _by_name: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name.update({c.name: c for c in self.columns})

    @property
    def key(self) -> str:
        return next(c.name for c in self.columns if c.key)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return self._by_name[name]

    def labels(self) -> dict[str, str]:
        return {c.name: c.label for c in self.columns}


def C(name, dtype, label, required=frozenset(), **kw) -> Column:
    if required is True:
        required = ALL_TYPES
    return Column(name, dtype, label, frozenset(required), **kw)


TABLES: dict[str, Table] = {}


def _table(name: str, label: str, description: str, *columns: Column) -> Table:
    table = Table(name, label, tuple(columns), description)
    TABLES[name] = table
    return table


CLIENTS = _table(
    "clients", "客户", "One row per client or related person (投保人、被保险人、受益人); 个人/企业/团体 (C1-02).",
    C("client_id", "str", "客户编号", True, key=True, grade="C1"),
    C("client_type", "enum", "客户类型", True, enum=CLIENT_TYPES, grade="C1"),
    C("name", "str", "姓名/名称", True, grade="C2", mask="name"),
    C("gender", "enum", "性别", PERSON, enum=GENDERS, grade="C2"),
    C("birth_date", "date", "出生日期", PERSON, grade="C2"),
    C("id_type", "enum", "证件类型", PERSON, enum=ID_TYPES, grade="C2"),
    C("id_number", "str", "证件号码", PERSON, grade="C2", mask="id_number"),
    C("uscc", "str", "统一社会信用代码", ORG, grade="C1"),
    C("phone", "str", "联系电话", ORG, grade="C2", mask="phone"),
    C("province", "str", "省份", ORG, grade="C2"),
    C("city", "str", "城市", ORG, grade="C2"),
    C("address", "str", "联系地址", ORG, grade="C2", mask="address"),
    C("occupation", "str", "职业", grade="C2"),
    C("employer", "str", "工作单位", grade="C2"),
    C("annual_income", "float", "年收入(元)", grade="C2"),
    C("family_income", "float", "家庭年收入(元)", grade="C2"),
    C("health_notes", "str", "既往病史", sensitive=True, grade="C2", mask="free_text"),
    C("bank_account", "str", "银行账号", sensitive=True, grade="C2", mask="bank_card"),
    C("civil_capacity", "enum", "民事行为能力", enum=CIVIL_CAPACITY, grade="C2"),
    C("guardian_id", "str", "监护人客户编号", grade="C2"),
    C("industry", "str", "行业", ORG, grade="C1"),
    C("legal_rep", "str", "法定代表人", ORG, grade="C2", mask="name"),
    C("employee_count", "int", "员工人数", frozenset({"group"}), grade="C1"),
    C("agent_id", "str", "服务业务员工号", True, grade="C1"),
    C("created_on", "date", "建档日期", True, grade="C1"),
    C("updated_on", "date", "最近更新日期", grade="C1"),
    C("verified_on", "date", "最近核实日期", grade="C1"),
    C("last_contact_on", "date", "最近联系日期", grade="C1"),
    C("archive_state", "enum", "档案状态", True, enum=ARCHIVE_STATES, grade="C1"),
)

CONTACTS = _table(
    "contacts", "联系人", "Contact persons of enterprise and group clients, and guardians' contacts.",
    C("contact_id", "str", "联系人编号", True, key=True, grade="C1"),
    C("client_id", "str", "客户编号", True, grade="C1"),
    C("name", "str", "姓名", True, grade="C2", mask="name"),
    C("role", "str", "身份/职务", True, grade="C1"),
    C("phone", "str", "联系电话", True, grade="C2", mask="phone"),
    C("id_number", "str", "证件号码", grade="C2", mask="id_number"),
)

AGENTS = _table(
    "agents", "业务员", "Servicing agents of the book (departures drive C3-12 notices).",
    C("agent_id", "str", "工号", True, key=True, grade="C1"),
    C("name", "str", "姓名", True, grade="C2", mask="name"),
    C("team", "str", "团队", True, grade="C1"),
    C("phone", "str", "联系电话", grade="C2", mask="phone"),
    C("status", "enum", "状态", True, enum=AGENT_STATUS, grade="C1"),
    C("joined_on", "date", "入职日期", grade="C1"),
    C("departed_on", "date", "离职日期", grade="C1"),
    C("grade", "int", "销售人员分级", grade="C1"),
    C("training_hours", "float", "本年培训学时", grade="C1"),
)

POLICIES = _table(
    "policies", "保单", "Policies with their 投保人 (holder) and 被保险人 (insured); beneficiaries in their own table.",
    C("policy_id", "str", "保单号", True, key=True, grade="C2"),
    C("holder_id", "str", "投保人客户编号", True, grade="C2"),
    C("insured_id", "str", "被保险人客户编号", True, grade="C2"),
    C("relation", "enum", "投保人与被保险人关系", True, enum=RELATIONS, grade="C2"),
    C("insured_consent", "bool", "被保险人同意", grade="C2"),
    C("product_code", "str", "产品代码", True, grade="C1"),
    C("product_name", "str", "产品名称", True, grade="C1"),
    C("product_type", "enum", "产品类型", True, enum=PRODUCT_TYPES, grade="C1"),
    C("product_risk", "int", "产品风险等级", grade="C1"),
    C("channel", "enum", "销售渠道", True, enum=CHANNELS, grade="C1"),
    C("agent_id", "str", "业务员工号", True, grade="C1"),
    C("sign_date", "date", "投保日期", True, grade="C2"),
    C("effective_date", "date", "生效日期", True, grade="C2"),
    C("end_date", "date", "保险止期", True, grade="C2"),
    C("term_years", "int", "保险期间(年)", True, grade="C2"),
    C("pay_mode", "enum", "交费方式", True, enum=PAY_MODES, grade="C2"),
    C("pay_years", "int", "交费年限", True, grade="C2"),
    C("premium", "float", "期交保费(元)", True, grade="C2"),
    C("sum_insured", "float", "基本保额(元)", True, grade="C2"),
    C("death_benefit", "float", "身故保险金(元)", grade="C2"),
    C("cooling_off_days", "int", "犹豫期(天)", grade="C1"),
    C("status", "enum", "保单状态", True, enum=POLICY_STATUS, grade="C2"),
    C("status_date", "date", "状态变更日期", grade="C2"),
    C("dual_recorded", "bool", "已双录", grade="C1"),
    C("declaration_signed", "bool", "已签投保声明", grade="C1"),
    C("budget", "float", "客户保费预算(元)", grade="C2"),
)

BENEFICIARIES = _table(
    "beneficiaries", "受益人", "Designated beneficiaries of a policy (no rows = 法定受益人).",
    C("beneficiary_row", "str", "受益人记录号", True, key=True, grade="C1"),
    C("policy_id", "str", "保单号", True, grade="C2"),
    C("client_id", "str", "受益人客户编号", True, grade="C2"),
    C("relation", "enum", "与被保险人关系", True, enum=RELATIONS, grade="C2"),
    C("share", "float", "受益比例(%)", True, grade="C2"),
    C("order", "int", "受益顺序", grade="C2"),
)

CLAIMS = _table(
    "claims", "理赔", "Claims on policies (C1-01 理赔记录; deadlines of 保险法 第23–25条).",
    C("claim_id", "str", "理赔号", True, key=True, grade="C2"),
    C("policy_id", "str", "保单号", True, grade="C2"),
    C("client_id", "str", "出险人客户编号", True, grade="C2"),
    C("incident_date", "date", "出险日期", True, grade="C2"),
    C("report_date", "date", "报案日期", True, grade="C2"),
    C("docs_complete_date", "date", "材料齐全日期", grade="C2"),
    C("decision_date", "date", "结案日期", grade="C2"),
    C("decision", "enum", "结论", True, enum=CLAIM_DECISIONS, grade="C2"),
    C("cause", "str", "出险原因", sensitive=True, grade="C2", mask="free_text"),
    C("amount_claimed", "float", "申请金额(元)", grade="C2"),
    C("amount_paid", "float", "赔付金额(元)", grade="C2"),
    C("paid_date", "date", "赔款支付日期", grade="C2"),
)

RISK_ASSESSMENTS = _table(
    "risk_assessments", "风险测评", "Risk-tolerance assessments (C2-02, C2-04: grades 1–5, valid 12 months).",
    C("assessment_id", "str", "测评编号", True, key=True, grade="C1"),
    C("client_id", "str", "客户编号", True, grade="C2"),
    C("assessed_on", "datetime", "测评时间", True, grade="C2"),
    C("score", "int", "测评得分", grade="C2"),
    C("level", "int", "风险承受能力等级", True, grade="C2"),
    C("method", "str", "测评方式", grade="C1"),
    C("agent_id", "str", "经办业务员", grade="C1"),
)

INTERACTIONS = _table(
    "interactions", "服务记录", "Contacts, 回访, complaints, feedback and surveys (chapter 3).",
    C("interaction_id", "str", "记录编号", True, key=True, grade="C1"),
    C("client_id", "str", "客户编号", True, grade="C2"),
    C("policy_id", "str", "保单号", grade="C2"),
    C("kind", "enum", "类型", True, enum=INTERACTION_KINDS, grade="C1"),
    C("channel", "enum", "渠道", enum=INTERACTION_CHANNELS, grade="C1"),
    C("occurred_on", "date", "日期", True, grade="C2"),
    C("agent_id", "str", "经办人", grade="C1"),
    C("success", "bool", "成功", grade="C1"),
    C("items_confirmed", "str", "回访确认事项", grade="C1"),
    C("complaint_level", "enum", "投诉复杂程度", enum=COMPLAINT_LEVELS, grade="C1"),
    C("decided_on", "date", "办结日期", grade="C1"),
    C("nps_score", "int", "推荐意愿(0–10)", grade="C1"),
    C("note", "str", "摘要", grade="C2", mask="free_text"),
)

CONSENTS = _table(
    "consents", "授权同意", "Consent records for personal information (PIPL 第13、14、28–31条; C1-19…C1-21).",
    C("consent_id", "str", "同意编号", True, key=True, grade="C1"),
    C("client_id", "str", "客户编号", True, grade="C2"),
    C("data_category", "enum", "信息类别", True, enum=DATA_CATEGORIES, grade="C1"),
    C("consent_type", "enum", "同意类型", True, enum=CONSENT_TYPES, grade="C1"),
    C("purpose", "str", "处理目的", True, grade="C1"),
    C("given_on", "date", "同意日期", True, grade="C1"),
    C("withdrawn_on", "date", "撤回日期", grade="C1"),
    C("given_by", "str", "同意人客户编号", grade="C2"),
    C("written", "bool", "书面形式", grade="C1"),
)

ACCESS_LOG = _table(
    "access_log", "档案调阅记录", "Every access to a client file (chapter 5 usage records, C5-15).",
    C("access_id", "str", "记录编号", True, key=True, grade="C1"),
    C("user_id", "str", "操作人", True, grade="C1"),
    C("client_id", "str", "客户编号", grade="C2"),
    C("at", "datetime", "时间", True, grade="C1"),
    C("action", "enum", "操作", True, enum=ACCESS_ACTIONS, grade="C1"),
    C("purpose", "str", "用途", grade="C1"),
    C("record_count", "int", "涉及记录数", grade="C1"),
)

LIFECYCLE = _table(
    "lifecycle", "归档与销毁", "Archive, appraisal and destruction events (C5-13; Appendix B).",
    C("event_id", "str", "事件编号", True, key=True, grade="C1"),
    C("client_id", "str", "客户编号", grade="C2"),
    C("policy_id", "str", "保单号", grade="C2"),
    C("record_type", "str", "档案类别", True, grade="C1"),
    C("event", "enum", "事件", True, enum=LIFECYCLE_EVENTS, grade="C1"),
    C("on", "date", "日期", True, grade="C1"),
    C("list_id", "str", "销毁清册号", grade="C1"),
    C("approved_by", "str", "批准人", grade="C1"),
    C("witnesses", "int", "监销人数", grade="C1"),
)

DOCUMENTS = _table(
    "documents", "电子档案", "Digitised scans and recordings with their metadata (chapter 7, C7-01…C7-06).",
    C("document_id", "str", "文件编号", True, key=True, grade="C1"),
    C("client_id", "str", "客户编号", grade="C2"),
    C("policy_id", "str", "保单号", grade="C2"),
    C("doc_type", "enum", "文件类型", True, enum=DOC_TYPES, grade="C1"),
    C("has_signature", "bool", "含签名", grade="C1"),
    C("has_seal", "bool", "含印章", grade="C1"),
    C("has_photo", "bool", "含照片", grade="C1"),
    C("dpi", "int", "分辨率(dpi)", grade="C1"),
    C("colour_mode", "enum", "色彩模式", enum=COLOUR_MODES, grade="C1"),
    C("file_format", "enum", "格式", enum=FILE_FORMATS, grade="C1"),
    C("pages", "int", "页数", grade="C1"),
    C("sha256", "str", "SHA-256", grade="C1"),
    C("created_by", "str", "形成人", grade="C1"),
    C("created_at", "datetime", "形成时间", grade="C1"),
    C("held_by", "str", "保管方", grade="C1"),
    C("edited", "bool", "经过剪辑", grade="C1"),
)

PREMIUMS = _table(
    "premiums", "保费收付", "The premium ledger: one row per due installment (persistency C3-28).",
    C("payment_id", "str", "记录编号", True, key=True, grade="C1"),
    C("policy_id", "str", "保单号", True, grade="C2"),
    C("policy_year", "int", "保单年度", True, grade="C2"),
    C("due_date", "date", "应缴日期", True, grade="C2"),
    C("amount", "float", "应缴金额(元)", True, grade="C2"),
    C("paid_date", "date", "实缴日期", grade="C2"),
)

UPDATES = _table(
    "updates", "信息变更", "Client-information change events: when the change happened and when it was recorded (C1-14, C1-15).",
    C("update_id", "str", "记录编号", True, key=True, grade="C1"),
    C("client_id", "str", "客户编号", True, grade="C2"),
    C("field", "str", "变更字段", True, grade="C1"),
    C("changed_on", "date", "发生日期", True, grade="C1"),
    C("recorded_on", "date", "登记日期", grade="C1"),
)


def table(name: str) -> Table:
    """The declared table ``name``; raises KeyError for an unknown table."""
    return TABLES[name]


# Fields of an individual that each policy role requires (DOMAIN.md C1-03: name, gender, birth
# date, ID type and number for 投保人, 被保险人 and 指定受益人; the 投保人 also phone and address;
# C1-05 adds 职业 and 年收入 as key items of the 投保单).
IDENTITY_FIELDS = ("name", "gender", "birth_date", "id_type", "id_number")
ROLE_REQUIRED: dict[str, tuple[str, ...]] = {
    "holder": IDENTITY_FIELDS + ("phone", "address", "occupation", "annual_income"),
    "insured": IDENTITY_FIELDS,
    "beneficiary": IDENTITY_FIELDS,
}
ROLE_LABELS = {"holder": "投保人", "insured": "被保险人", "beneficiary": "受益人"}


def required_fields(client_type: str, roles: tuple[str, ...] = ()) -> list[str]:
    """Columns of ``clients`` required for a client of ``client_type`` in ``roles``.

    The column declarations give what every file of that type needs; for individuals the
    policy roles add the fields of DOMAIN.md C1-03 / C1-05 (see ``ROLE_REQUIRED``).
    """
    names = [c.name for c in CLIENTS.columns if client_type in c.required]
    if client_type == "individual":
        for role in roles:
            names += [n for n in ROLE_REQUIRED[role] if n not in names]
    return names
