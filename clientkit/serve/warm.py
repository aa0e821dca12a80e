"""Run once in every pooled kernel before it has a user (:mod:`clientkit.serve.pool`).

Imports what a first view needs and reads the content every first view reads (the exercises,
the drills, the rules, the texts: the same for every user), so that a page given a warm kernel
only builds its widgets. Nothing here may depend on who the user will be: the kernel has no
cookie yet. Modules that 首页 and the chapters do not need (plotly, openpyxl, Alembic) stay
out (tests/serve/test_kernel_imports.py); a missing module (a renamed UI module) is skipped
rather than failing the kernel, and a content error is left for the view to show.
"""
from __future__ import annotations

import importlib
import logging

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
    "clientkit.ui.shell",
    "clientkit.ui.home",
    "clientkit.ui.classroom",
    "clientkit.ui.assignments",
    "clientkit.reports.progress",
    "clientkit.ui.chapter",
    "clientkit.store.assignments",
    "clientkit.ui.class_drill",
    "clientkit.ui.class_drill_html",
    "clientkit.ui.dialogue_html",
)


def import_modules(names) -> list[str]:
    """Import ``names``; those that could not be imported."""
    missing = []
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    return missing


def warm() -> list[str]:
    """Import :data:`MODULES` and read the content; the names that could not be imported."""
    missing = import_modules(MODULES)
    try:
        read_content()
    except Exception:  # the view that reads it shows the error in Chinese
        logging.getLogger("clientkit.serve").warning("could not read the content ahead", exc_info=True)
    return missing


def read_content() -> None:
    """Fill the per-process caches a first view fills: 首页 lists every exercise and drill title.
    A publication of the bank changes the folder these caches are keyed on, so a kernel that
    waited in the pool still reads the content in force when its user arrives."""
    from clientkit.i18n import catalog
    from clientkit.practice.content import content
    from clientkit.practice.dialogue.loader import all_drills
    from clientkit.rules.registry import rules

    catalog()
    rules()
    content()
    all_drills()


warm()
