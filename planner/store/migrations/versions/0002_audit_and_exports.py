"""The audit trail (who changed which field of a course, when, from what to what) and every
export's .ics, whose UIDs and SEQUENCEs make the next export an update.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", INSTANT, nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("course_id", sa.String(100), sa.ForeignKey("courses.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("field", sa.String(100), nullable=False),
        sa.Column("old_value", sa.Text),
        sa.Column("new_value", sa.Text),
    )
    op.create_index("ix_audit_course_id", "audit", ["course_id"])
    op.create_table(
        "course_exports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("course_id", sa.String(100), sa.ForeignKey("courses.id"), nullable=False),
        sa.Column("exported_at", INSTANT, nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("ics", sa.Text, nullable=False),
    )
    op.create_index("ix_course_exports_course_id", "course_exports", ["course_id"])
    # Courses stored before the audit trail existed get one entry saying so, with their state then.
    op.execute("INSERT INTO audit (at, who, course_id, version, field) "
               "SELECT updated_at, updated_by, id, version, '(stored before the audit trail)' FROM courses")


def downgrade() -> None:
    op.drop_table("course_exports")
    op.drop_table("audit")
