"""The first schema: the department, its machines and downtime, patients and courses.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "department",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("address", sa.String(200), nullable=False),
        sa.Column("phone", sa.String(200), nullable=False),
        sa.Column("timezone", sa.String(100), nullable=False),
        sa.Column("holidays", sa.String(40)),
        sa.Column("treatment_days", sa.String(40), nullable=False),
        sa.Column("closures", sa.Text, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
    )
    op.create_table(
        "machines",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("beam_group", sa.String(200), nullable=False),
        sa.Column("capabilities", sa.Text, nullable=False),
        sa.Column("hours", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "downtime",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("machine_id", sa.Integer, sa.ForeignKey("machines.id", ondelete="CASCADE"), nullable=False),
        sa.Column("starts_at", INSTANT, nullable=False),
        sa.Column("ends_at", INSTANT, nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
    )
    op.create_index("ix_downtime_machine_id", "downtime", ["machine_id"])
    op.create_table(
        "patients",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("hospital_number", sa.String(100), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_folded", sa.String(200), nullable=False),
    )
    op.create_index("ix_patients_name_folded", "patients", ["name_folded"])
    op.create_table(
        "courses",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id"), nullable=False),
        sa.Column("site", sa.String(100), nullable=False),
        sa.Column("first_day", sa.Date),
        sa.Column("last_day", sa.Date),
        sa.Column("cancelled", sa.Boolean, nullable=False),
        sa.Column("own_calendar", sa.Boolean, nullable=False),
        sa.Column("spec", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
    )
    op.create_index("ix_courses_patient_id", "courses", ["patient_id"])
    op.create_index("ix_courses_first_day", "courses", ["first_day"])
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # Machine bookings forbid overlaps with an exclusion constraint, which needs btree_gist
        # (a trusted extension: the database's owner may create it). Without it the store still works.
        available = bind.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'btree_gist'")).first()
        if available:
            nested = bind.begin_nested()
            try:
                bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS btree_gist"))
                nested.commit()
            except sa.exc.DBAPIError:
                nested.rollback()


def downgrade() -> None:
    for table in ("courses", "patients", "downtime", "machines", "department"):
        op.drop_table(table)
