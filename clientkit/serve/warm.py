"""Run once in every pooled kernel before it has a user (:mod:`clientkit.serve.pool`).

Imports what a first view needs, so that a page given a warm kernel only builds its widgets.
Nothing here may depend on who the user will be: the kernel has no cookie yet. Modules that a
view does not need at once (plotly, Faker, openpyxl) stay out; a missing module (a renamed UI
module) is skipped rather than failing the kernel.
"""
from __future__ import annotations

import importlib

MODULES = (
    "pandas",
    "ipywidgets",
    "sqlalchemy",
    "clientkit.auth",
    "clientkit.store",
    "clientkit.service",
    "clientkit.practice",
    "clientkit.rules.registry",
    "clientkit.ui",
    "clientkit.ui.components",
    "clientkit.ui.home",
    "clientkit.ui.chapter",
    "clientkit.ui.app",
)


def warm() -> list[str]:
    """Import :data:`MODULES`; the names that could not be imported."""
    missing = []
    for name in MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    return missing


warm()
