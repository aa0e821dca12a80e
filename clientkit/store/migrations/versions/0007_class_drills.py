"""Live class drills (issue 13): a drill run in a class session and the agents' votes per turn.

Placeholder reserved on main so parallel branches keep one linear chain; the branch that owns
it (dialogue drills) fills in upgrade/downgrade.

Revision ID: 0007_class_drills
Revises: 0006_rules_content_version
Create Date: 2026-12-03
"""
from __future__ import annotations

revision = "0007_class_drills"
down_revision = "0006_rules_content_version"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
