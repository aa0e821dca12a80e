"""Question-bank publications from Excel: content versions published at run time (issue 14).

Placeholder reserved on main so parallel branches keep one linear chain; the branch that owns
it (question bank) fills in upgrade/downgrade.

Revision ID: 0009_question_bank
Revises: 0008_assignments
Create Date: 2026-12-03
"""
from __future__ import annotations

revision = "0009_question_bank"
down_revision = "0008_assignments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
