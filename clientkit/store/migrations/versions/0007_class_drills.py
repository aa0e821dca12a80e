"""Live class drills (issue 13): a drill run in a class session and the agents' votes per turn.

``class_drills`` holds one drill a trainer runs for a class: the drill id, the variant seed, the
node the class is at, the path taken so far (``[[node, choice, "majority"|"trainer"], …]``), the
turn, whether the turn's explanations are revealed, and start/finish times. ``class_drill_votes``
holds one vote per (drill, turn, agent); an agent may change it until the trainer reveals.

Revision ID: 0007_class_drills
Revises: 0006_rules_content_version
Create Date: 2026-12-03
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_class_drills"
down_revision = "0006_rules_content_version"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "class_drills",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("session_id", sa.Integer, sa.ForeignKey("class_sessions.id"), nullable=False),
        sa.Column("dialogue_id", sa.String(128), nullable=False),
        sa.Column("seed", sa.BigInteger, nullable=False),
        sa.Column("content_version", sa.String(64), nullable=False),
        sa.Column("current_node", sa.String(64), nullable=False),
        sa.Column("path", sa.JSON, nullable=False),
        sa.Column("turn", sa.Integer, nullable=False),
        sa.Column("revealed", sa.Boolean, nullable=False),
        sa.Column("started_by", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime, nullable=True),
    )
    op.create_index("ix_class_drills_session", "class_drills", ["session_id"])
    op.create_table(
        "class_drill_votes",
        sa.Column("drill_id", sa.Integer, sa.ForeignKey("class_drills.id"), primary_key=True),
        sa.Column("turn", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("choice", sa.Integer, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("class_drill_votes")
    op.drop_index("ix_class_drills_session", table_name="class_drills")
    op.drop_table("class_drills")
