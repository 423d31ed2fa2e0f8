"""Bookings: every booked appointment on a machine, and each booked course's machine and daily
time. On PostgreSQL the database itself refuses two overlapping bookings on one machine (an
exclusion constraint over the machine and the time range, with the btree_gist extension); on
SQLite the store checks inside its write transaction, which holds the write lock from BEGIN.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.create_table(
        "bookings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("course_id", sa.String(100), sa.ForeignKey("courses.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("machine_id", sa.Integer, sa.ForeignKey("machines.id"), nullable=False),
        sa.Column("starts_at", INSTANT, nullable=False),
        sa.Column("ends_at", INSTANT, nullable=False),
        sa.UniqueConstraint("course_id", "kind", "number", name="uq_bookings_appointment"),
        sa.CheckConstraint("ends_at > starts_at", name="ck_bookings_positive"),
    )
    op.create_index("ix_bookings_machine_start", "bookings", ["machine_id", "starts_at"])
    op.create_index("ix_bookings_course", "bookings", ["course_id"])
    if postgres:
        op.execute("ALTER TABLE bookings ADD CONSTRAINT ex_bookings_no_overlap "
                   "EXCLUDE USING gist (machine_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)")
    op.create_table(
        "booked_courses",
        sa.Column("course_id", sa.String(100), sa.ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("machine_id", sa.Integer, sa.ForeignKey("machines.id"), nullable=False),
        sa.Column("daily_time", sa.String(5), nullable=False),
        sa.Column("urgent", sa.Boolean, nullable=False),
        sa.Column("ready", sa.Date),
        sa.Column("booked_at", INSTANT, nullable=False),
        sa.Column("booked_by", sa.String(200), nullable=False),
        sa.Column("calendar_outdated", sa.Boolean, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("booked_courses")
    op.drop_table("bookings")
