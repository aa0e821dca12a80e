"""题库 in Excel (issue 14): a chapter's knowledge questions as an ``.xlsx`` workbook and back.

- :mod:`.columns`  the sheets (one per question type) and their Chinese columns;
- :mod:`.workbook` writes the workbook of a chapter and reads an uploaded one into rows;
- :mod:`.rows`     checks every row (errors by sheet, row and column) and turns it into a question;
- :mod:`.diff`     what an upload adds, changes and removes against the content in force;
- :mod:`.publish`  writes the chapter's YAML file and publishes a new content version into the
  instance folder (:func:`clientkit.config.bank_dir`).

Only the knowledge questions of ``exercises/chNN_knowledge.yaml`` are edited in Excel. The
scenario exercises are generated from a seed by an engine and its parameters (a kind such as
``spot_defects`` with ``n_items``): they cannot be written as rows of a question, so the workbook
lists them on a read-only sheet that the import ignores.
"""
from __future__ import annotations

from clientkit.practice.bank.diff import BankPreview, preview
from clientkit.practice.bank.publish import Publication, publish
from clientkit.practice.bank.workbook import export_workbook

__all__ = ["BankPreview", "Publication", "export_workbook", "preview", "publish"]
