"""Word lists for synthetic clients, taken from Faker's zh_CN providers and sampled with numpy.

Faker supplies the vocabulary (surnames with their weights, given names, company-name parts,
job titles, street-name parts); the generator never calls a Faker method per row (DESIGN.md
"Generator": vectorised sampling, 100,000 clients in seconds). Product, industry and
complaint texts below are the generator's own plausible examples.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from faker.providers.address.zh_CN import Provider as _Address
from faker.providers.company.zh_CN import Provider as _Company
from faker.providers.job.zh_CN import Provider as _Job
from faker.providers.person.zh_CN import Provider as _Person

# Mobile prefixes in use (DOMAIN.md C1-11 list), without 149 and the virtual 16x/17x ranges.
MOBILE_PREFIXES = np.array(
    [134, 135, 136, 137, 138, 139, 150, 151, 152, 157, 158, 159, 182, 183, 187, 188, 198,
     130, 131, 132, 155, 156, 166, 185, 186, 133, 153, 177, 180, 181, 189, 199]
)
# Area codes of the provincial capitals (province code → 区号), for enterprise landlines.
AREA_CODES = {
    11: "010", 12: "022", 13: "0311", 14: "0351", 15: "0471", 21: "024", 22: "0431", 23: "0451",
    31: "021", 32: "025", 33: "0571", 34: "0551", 35: "0591", 36: "0791", 37: "0531", 41: "0371",
    42: "027", 43: "0731", 44: "020", 45: "0771", 46: "0898", 50: "023", 51: "028", 52: "0851",
    53: "0871", 54: "0891", 61: "029", 62: "0931", 63: "0971", 64: "0951", 65: "0991",
}
INDUSTRIES = np.array(["制造业", "批发和零售业", "建筑业", "信息传输、软件和信息技术服务业", "交通运输、仓储和邮政业",
                       "住宿和餐饮业", "租赁和商务服务业", "科学研究和技术服务业", "教育", "卫生和社会工作"])
COMPANY_SUFFIXES = np.array(list(_Company.company_suffixes) + ["制造有限公司", "商贸有限公司", "建设工程有限公司", "物流有限公司"])
GROUP_SUFFIXES = np.array(["有限公司", "股份有限公司", "实验学校", "职业技术学校", "医院", "研究院"])
CONTACT_ROLES = np.array(["人力资源经理", "行政主管", "财务负责人", "办公室主任"])
HEALTH_NOTES = np.array(["高血压（药物控制）", "2型糖尿病", "甲状腺结节", "乳腺增生", "脂肪肝", "阑尾切除术后", "慢性胃炎", "腰椎间盘突出"])
CLAIM_CAUSES = np.array(["急性阑尾炎住院", "骨折门诊治疗", "肺炎住院", "交通事故受伤", "意外摔伤", "急性肠胃炎住院"])
NOTES = {
    "contact": "节日问候并确认联系方式",
    "return_visit": "犹豫期内电话回访，客户确认已亲自签名并了解条款",
    "complaint": "客户反映保全办理进度慢",
    "feedback": "客户建议增加线上续期提醒",
    "survey": "年度满意度调查",
}
RETURN_VISIT_ITEMS = "本人投保;亲自签名;已阅读条款;知悉保险责任与责任免除;知悉退保损失;知悉犹豫期;知悉缴费期间与频率"
TEAMS = np.array(["营销一部", "营销二部", "营销三部", "银保部", "团险部"])

# (code, name, type, risk, years: 0 = whole life to age 105, 1 = one-year renewable)
PRODUCTS = (
    ("TL20", "安盈定期寿险", "term_life", 1, 20),
    ("WL01", "福佑终身寿险", "whole_life", 2, 0),
    ("CI30", "康安重大疾病保险", "critical_illness", 1, 30),
    ("MD01", "百万医疗保险", "medical", 1, 1),
    ("AC01", "平安出行意外伤害保险", "accident", 1, 1),
    ("AN15", "金福年金保险", "annuity", 2, 15),
    ("PA20", "鑫利两全保险(分红型)", "participating", 3, 20),
    ("UL20", "聚财终身寿险(万能型)", "universal", 3, 0),
    ("PR01", "财产一切险", "property", 1, 1),
    ("GM01", "团体补充医疗保险", "medical", 1, 1),
)


@lru_cache(maxsize=1)
def words() -> dict[str, np.ndarray]:
    """The Faker word lists as numpy arrays (surname weights normalised to probabilities)."""
    last = _Person.last_names
    last_names = np.array(list(last))
    weights = np.array(list(last.values()), dtype=float) if isinstance(last, dict) else np.ones(len(last))
    return {
        "last_names": last_names,
        "last_weights": weights / weights.sum(),
        "male": np.array(list(_Person.first_names_male)),
        "female": np.array(list(_Person.first_names_female)),
        "jobs": np.array([j for j in _Job.jobs if j != "其他"]),
        "company_prefixes": np.array(list(_Company.company_prefixes)),
        "street_stems": np.array(list(_Address.cities) + list(last_names[:60])),
        "street_suffixes": np.array(list(_Address.street_suffixes)),
    }


def names(rng: np.random.Generator, male: np.ndarray) -> np.ndarray:
    """Chinese full names: a weighted Faker surname and a Faker given name of the gender."""
    w = words()
    n = len(male)
    last = w["last_names"][rng.choice(len(w["last_names"]), n, p=w["last_weights"])]
    first = np.where(male, w["male"][rng.integers(0, len(w["male"]), n)],
                     w["female"][rng.integers(0, len(w["female"]), n)])
    return np.char.add(last.astype(str), first.astype(str)).astype(object)


def streets(rng: np.random.Generator, n: int) -> np.ndarray:
    """Street parts of addresses such as ``长春路88号3单元502室``."""
    w = words()
    stem = w["street_stems"][rng.integers(0, len(w["street_stems"]), n)].astype(str)
    suffix = w["street_suffixes"][rng.integers(0, len(w["street_suffixes"]), n)].astype(str)
    number = rng.integers(1, 400, n).astype(str)
    unit = rng.integers(1, 7, n).astype(str)
    room = (rng.integers(1, 30, n) * 100 + rng.integers(1, 5, n)).astype(str)
    out = np.char.add(np.char.add(stem, suffix), np.char.add(number, "号"))
    out = np.char.add(np.char.add(out, unit), np.char.add("单元", np.char.add(room, "室")))
    return out.astype(object)
