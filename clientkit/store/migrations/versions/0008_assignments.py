"""Assignments (学习任务) with due dates and pass marks, and certificates (issue 14).

``assignments`` holds who assigned what (chapters' 学习/练习/自测 and drills, as JSON items), the
due date (a calendar day), the pass mark and whether it is an onboarding assignment;
``assignment_targets`` whom it is for (a team, a class session, named agents); ``certificates``
the 结业证明 issued when an onboarding assignment is completed, with its verification code.

Revision ID: 0008_assignments
Revises: 0007_class_drills
Create Date: 2026-12-03
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_assignments"
down_revision = "0007_class_drills"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("title", sa.String(128), nullable=False),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("items", sa.JSON, nullable=False),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("pass_mark", sa.Float, nullable=False),
        sa.Column("onboarding", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_assignments_created_by", "assignments", ["created_by"])
    op.create_table(
        "assignment_targets",
        sa.Column("assignment_id", sa.Integer, sa.ForeignKey("assignments.id"), primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("value", sa.String(128), primary_key=True),
    )
    op.create_index("ix_assignment_targets_value", "assignment_targets", ["kind", "value"])
    op.create_table(
        "certificates",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("code", sa.String(32), nullable=False, unique=True),
        sa.Column("assignment_id", sa.Integer, sa.ForeignKey("assignments.id"), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("title", sa.String(128), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("completed_at", sa.DateTime, nullable=False),
        sa.Column("issued_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("assignment_id", "user_id", name="uq_certificates_assignment_user"),
    )


def downgrade() -> None:
    op.drop_table("certificates")
    op.drop_index("ix_assignment_targets_value", table_name="assignment_targets")
    op.drop_table("assignment_targets")
    op.drop_index("ix_assignments_created_by", table_name="assignments")
    op.drop_table("assignments")
