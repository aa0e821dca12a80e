"""Assignments (学习任务) with due dates and pass marks, and certificates (issue 14).

Placeholder reserved on main so parallel branches keep one linear chain; the branch that owns
it (assignments) fills in upgrade/downgrade.

Revision ID: 0008_assignments
Revises: 0007_class_drills
Create Date: 2026-12-03
"""
from __future__ import annotations

revision = "0008_assignments"
down_revision = "0007_class_drills"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
