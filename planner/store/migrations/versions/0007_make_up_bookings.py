"""A booking remembers the session it makes up: a fraction that a machine's downtime or a closure of the
department moved to a weekend, a second session or the end of the course keeps the day of the session it
replaces and why, so the day view, its tooltip and the printed day list can say "make-up" long after the
re-booking's report was closed. Bookings made before keep no mark (nothing was recorded then).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


# `bookings` is altered in place (add_column needs no batch mode on SQLite; dropping does).


def upgrade() -> None:
    op.add_column("bookings", sa.Column("make_up_day", sa.Date, nullable=True))
    op.add_column("bookings", sa.Column("make_up_cause", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bookings") as table:
        table.drop_column("make_up_cause")
        table.drop_column("make_up_day")
