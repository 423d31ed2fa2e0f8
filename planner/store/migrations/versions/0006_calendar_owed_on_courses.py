"""The "calendar update owed" mark moves from a booked course to the course itself, so it outlives
the booking: a course unbooked (or cancelled) after its calendar was exported still owes the patient
the update that puts their calendar back to the planned times (or cancels what is to come). Marks
already set are carried over.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


# `courses` is altered in place, never copied (batch mode): on SQLite, with foreign keys on, dropping the
# old table would cascade to every booking, audit entry and export of its courses.


def upgrade() -> None:
    op.add_column("courses", sa.Column("calendar_owed", sa.Boolean, nullable=False, server_default=sa.false()))
    op.execute("UPDATE courses SET calendar_owed = TRUE WHERE id IN "
               "(SELECT course_id FROM booked_courses WHERE calendar_outdated)")
    with op.batch_alter_table("booked_courses") as table:
        table.drop_column("calendar_outdated")


def downgrade() -> None:
    with op.batch_alter_table("booked_courses") as table:
        table.add_column(sa.Column("calendar_outdated", sa.Boolean, nullable=False, server_default=sa.false()))
    op.execute("UPDATE booked_courses SET calendar_outdated = TRUE WHERE course_id IN "
               "(SELECT id FROM courses WHERE calendar_owed)")
    op.drop_column("courses", "calendar_owed")
