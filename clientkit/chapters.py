"""The handbook's eight chapters and their sections (handbook table of contents)."""
from __future__ import annotations

from dataclasses import dataclass

from clientkit.config import notebooks_dir


@dataclass(frozen=True)
class Chapter:
    number: int
    title: str
    sections: tuple[str, ...]
    notebook: str

    @property
    def label(self) -> str:
        return f"第{self.number}章 {self.title}"

    @property
    def available(self) -> bool:
        """True when the chapter's app notebook exists in this installation."""
        return (notebooks_dir() / self.notebook).exists()


CHAPTERS = (
    Chapter(1, "基本信息管理", ("1.1 客户资料收集与整理", "1.2 客户信息录入规范", "1.3 客户信息更新与维护", "1.4 客户信息保密与安全"), "ch01_basic.ipynb"),
    Chapter(2, "客户画像与分类", ("2.1 客户分类标准与方法", "2.2 客户画像构建流程", "2.3 客户分类管理与应用", "2.4 客户画像数据更新机制"), "ch02_profile.ipynb"),
    Chapter(3, "客户关系管理", ("3.1 客户沟通与服务规范", "3.2 客户反馈与满意度管理", "3.3 客户关系维护策略", "3.4 客户流失预警与处理"), "ch03_relationship.ipynb"),
    Chapter(4, "保险产品匹配与推荐", ("4.1 产品信息收集与分析", "4.2 产品匹配原则与方法", "4.3 产品推荐流程与规范", "4.4 产品推荐效果评估"), "ch04_matching.ipynb"),
    Chapter(5, "客户档案使用与共享", ("5.1 档案使用权限与流程", "5.2 档案共享规范与要求", "5.3 档案归档与销毁管理", "5.4 档案使用记录与存档"), "ch05_sharing.ipynb"),
    Chapter(6, "客户档案安全与合规", ("6.1 档案信息安全保障措施", "6.2 合规操作与法律要求", "6.3 档案管理风险防控", "6.4 客户档案合规检查与整改"), "ch06_compliance.ipynb"),
    Chapter(7, "客户档案数字化管理", ("7.1 档案数字化标准与流程", "7.2 档案数字化存储与备份", "7.3 档案数字化应用与共享", "7.4 档案数字化管理规范"), "ch07_digital.ipynb"),
    Chapter(8, "客户档案管理考核与改进", ("8.1 档案管理考核指标与方法", "8.2 档案管理绩效评估机制", "8.3 档案管理持续改进措施", "8.4 档案管理优化建议与反馈"), "ch08_appraisal.ipynb"),
)


def chapter(number: int) -> Chapter:
    for ch in CHAPTERS:
        if ch.number == number:
            return ch
    raise KeyError(number)
