"""The sheets and columns of the Excel question bank (issue 14).

One sheet per question type; every sheet has 题号, 题型, 规则编号, 来源, 题干, (选项A…F for
choice questions), 答案, 解析, 难度, 主题, 备注; number questions add 容差 and 单位. Answers are
written as a trainer would: letters for choices (多选 as ``ABD``), 正确/错误, a number, a date
``YYYY-MM-DD``.
"""
from __future__ import annotations

INFO_SHEET = "说明"
SCENARIO_SHEET = "场景练习（只读）"
OPTION_LETTERS = "ABCDEF"
OPTION_COLUMNS = tuple(f"选项{letter}" for letter in OPTION_LETTERS)

# question type -> (sheet name = 题型 label)
TYPE_LABELS = {"single": "单选题", "multi": "多选题", "true_false": "判断题", "number": "数值题", "date": "日期题"}
LABEL_TYPES = {label: kind for kind, label in TYPE_LABELS.items()}
TRUE_FALSE = {True: "正确", False: "错误"}
TRUE_FALSE_READ = {"正确": True, "对": True, "√": True, "错误": False, "错": False, "×": False}

HEAD = ("题号", "题型", "规则编号", "来源", "题干")
TAIL = ("答案", "解析", "难度", "主题", "备注")


def columns(kind: str) -> tuple[str, ...]:
    """The columns of the sheet of question type ``kind``, in order."""
    options = OPTION_COLUMNS if kind in ("single", "multi") else ()
    extra = ("容差", "单位") if kind == "number" else ()
    return HEAD + options + TAIL + extra


# topic codes of the YAML (used by exercises' ``params.topic``) and their Chinese labels
TOPICS = {
    "violation": "违规情形", "breach": "信息泄露", "dsr": "个人信息权利请求", "outsourcing": "委托处理",
    "red_flag": "风险信号", "root_cause": "原因分析", "coaching": "辅导", "dates": "日期计算",
    "effect": "法律后果",
}
TOPIC_CODES = {label: code for code, label in TOPICS.items()}

# Chinese labels of the scenario kinds on the read-only sheet
INFO_CHAPTER = "章节"
INFO_VERSION = "导出时的题库版本"
