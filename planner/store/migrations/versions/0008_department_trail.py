"""The department's own audit trail: who recorded each machine downtime and department closure and when,
and who removed one and when. A coordinator who finds "Linac 2 down Tue 08:00-12:00" that moved her
patients can ask who put it there; a removed downtime or closure leaves its trace too.

The trail is a table of its own, not the course audit (whose entries belong to a course and its version):
downtime rows are rewritten whole by every save of the department's settings, and closures live in the
department row's JSON, so the trail keys each entry by what it recorded (machine, start, end, reason;
day, note) and the newest "added" entry of a period or day says who recorded it.

Downtime and closures recorded before this revision have no entry: their recorder is shown as not known,
not guessed (the department row's `updated_by` names the last settings save, not who entered them).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "department_trail",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", INSTANT, nullable=False),
        sa.Column("who", sa.String(200), nullable=False),
        sa.Column("subject", sa.String(20), nullable=False),  # "downtime" or "closure"
        sa.Column("action", sa.String(20), nullable=False),  # "added" or "removed"
        sa.Column("machine", sa.String(200)),  # downtime: the machine's name then
        sa.Column("starts_at", INSTANT),
        sa.Column("ends_at", INSTANT),
        sa.Column("day", sa.Date),  # closure: the day closed
        sa.Column("note", sa.String(200), nullable=False, server_default=""),  # the downtime's reason, the closure's name
    )


def downgrade() -> None:
    op.drop_table("department_trail")
