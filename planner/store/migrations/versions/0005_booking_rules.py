"""The department's booking rules, each a setting of the department: how soon an urgent course
starts, the share of each machine-day held for urgent starts and how far ahead it opens to routine
bookings, and how a fraction lost to downtime may be made up (a second session that day, a weekend
session in given hours). A store from before keeps the defaults it was booked with.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

COLUMNS = (
    ("urgent_within_days", sa.Integer, sa.text("2")),
    ("urgent_reserve_percent", sa.Integer, sa.text("10")),
    ("reserve_release_days", sa.Integer, sa.text("2")),
    ("second_session", sa.Boolean, sa.true()),
    ("weekend_hours", sa.String(11), sa.text("''")),
)


def upgrade() -> None:
    with op.batch_alter_table("department") as table:
        for name, kind, default in COLUMNS:
            table.add_column(sa.Column(name, kind, nullable=False, server_default=default))


def downgrade() -> None:
    with op.batch_alter_table("department") as table:
        for name, _, _ in reversed(COLUMNS):
            table.drop_column(name)
