"""An index of the bookings by start time, across machines: proposing one course reads the
weeks its search reaches, and the agenda reads a day, without scanning every booking ever made.
It holds the end, machine and course too, so those reads need not visit the table (SQLite).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_bookings_start", "bookings", ["starts_at", "ends_at", "machine_id", "course_id"])


def downgrade() -> None:
    op.drop_index("ix_bookings_start", table_name="bookings")
