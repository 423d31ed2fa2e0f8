"""What each department closure moved, and from where: the record revision 0009 keeps for a machine's downtime
(`downtime_moves`) now says which of the two moved the session. `cause` is `downtime` (every record made before, and
each downtime's) or `closure`; a closure's record names the closed day (`closed_day`, the closure's reference: the
department keeps one closure a day) and holds that day's midnights as its span. So that a department reopening
(`reopen --move-back`, a closure to come removed in Department settings) can move its sessions back to the slots
they had. Closures re-booked before keep no such record: nothing can say where their sessions were.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("downtime_moves") as table:
        table.add_column(sa.Column("cause", sa.String(20), nullable=False, server_default="downtime"))
        table.add_column(sa.Column("closed_day", sa.Date, nullable=True))
    op.create_index("ix_downtime_moves_closed_day", "downtime_moves", ["closed_day"])


def downgrade() -> None:
    # An older planner reads every record as a downtime's (by machine and time): a closure's would be moved back by
    # `machine-up`, so they go (and those of a fraction moved for a first fraction's set-up time, kept since beside a
    # downtime's or a closure's: an older planner would move them back alone).
    op.execute("DELETE FROM downtime_moves WHERE cause <> 'downtime'")
    op.drop_index("ix_downtime_moves_closed_day", table_name="downtime_moves")
    with op.batch_alter_table("downtime_moves") as table:
        table.drop_column("closed_day")
        table.drop_column("cause")
