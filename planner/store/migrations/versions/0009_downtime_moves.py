"""What each machine downtime moved, and from where: a fraction a downtime re-booking took off its machine keeps
its old slot (machine, start, end, number, make-up mark) beside where it went, so that when the machine comes back
sooner (`machine-up`, a downtime shortened in Department settings) the sessions can be moved back to the slots they
had. Re-bookings made before keep no such record: nothing can say where their sessions were.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "downtime_moves",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("course_id", sa.String(100), sa.ForeignKey("courses.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("from_number", sa.Integer, nullable=False),
        sa.Column("from_machine", sa.String(200), nullable=False, index=True),  # the machine that went down (its name then)
        sa.Column("from_starts_at", INSTANT, nullable=False),
        sa.Column("from_ends_at", INSTANT, nullable=False),
        sa.Column("from_make_up_day", sa.Date),  # the make-up mark the session had before (a make-up moved again)
        sa.Column("from_make_up_cause", sa.String(20)),
        sa.Column("to_machine", sa.String(200)),  # null: the re-booking found it no place
        sa.Column("to_starts_at", INSTANT),
        sa.Column("down_starts_at", INSTANT, nullable=False),  # the downtime that moved it, as recorded then
        sa.Column("down_ends_at", INSTANT, nullable=False),
        sa.Column("at", INSTANT, nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("downtime_moves")
