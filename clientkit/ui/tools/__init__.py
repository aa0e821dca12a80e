"""Chapter tools: extra tabs of a chapter app beside 学习 / 练习 / 自测 (e.g. 流失预警 in
chapter 3, 产品匹配 in chapter 4, KPI 指标 in chapter 8).

A tool is a module of this package exposing ``CHAPTER`` (int), ``TITLE`` (Chinese tab title),
``ORDER`` (int, optional) and ``build(service, page) -> ipywidgets.Widget``. It is built the
first time its tab is opened, so that a chapter page starts light. Like every UI code it calls
the service only, and shows personal data masked. Adding a tool = adding a module.
"""
from __future__ import annotations

import pkgutil
from importlib import import_module


def tools_for(chapter: int) -> list:
    """The tool modules of ``chapter``, in ``ORDER``."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = import_module(f"{__name__}.{info.name}")
        if getattr(module, "CHAPTER", None) == chapter and callable(getattr(module, "build", None)):
            found.append(module)
    return sorted(found, key=lambda m: (getattr(m, "ORDER", 50), m.__name__))
