"""The store's tables as the latest migration leaves them (the migrations, not this module, create them)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
    true,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """An instant: stored in UTC (timestamptz on PostgreSQL, ISO text on SQLite), read back aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the store keeps instants only as aware datetimes")
        moment = value.astimezone(UTC)
        return moment.replace(tzinfo=None) if dialect.name == "sqlite" else moment

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = value
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


metadata = MetaData()

department = Table(
    "department", metadata,
    Column("id", Integer, primary_key=True),  # one row: the store holds one department
    Column("name", String(200), nullable=False),
    Column("address", String(200), nullable=False, default=""),
    Column("phone", String(200), nullable=False, default=""),
    Column("timezone", String(100), nullable=False),
    Column("holidays", String(40)),
    Column("treatment_days", String(40), nullable=False),
    Column("closures", Text, nullable=False),  # JSON list of {date, name}
    # The booking rules (revision 0005), each with the default a store from before keeps.
    Column("urgent_within_days", Integer, nullable=False, server_default="2"),
    Column("urgent_reserve_percent", Integer, nullable=False, server_default="10"),
    Column("reserve_release_days", Integer, nullable=False, server_default="2"),
    Column("second_session", Boolean, nullable=False, server_default=true()),
    Column("weekend_hours", String(11), nullable=False, server_default=""),  # "HH:MM-HH:MM", empty: none
    Column("updated_at", UtcDateTime, nullable=False),
    Column("updated_by", String(200), nullable=False),
)

machines = Table(
    "machines", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("beam_group", String(200), nullable=False, default=""),
    Column("capabilities", Text, nullable=False),  # JSON list of words
    Column("hours", Text, nullable=False),  # JSON {"mon": "07:30-19:00", ...}
    Column("position", Integer, nullable=False, default=0),
)

downtime = Table(
    "downtime", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("machine_id", Integer, ForeignKey("machines.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("ends_at", UtcDateTime, nullable=False),
    Column("reason", String(200), nullable=False, default=""),
)

patients = Table(
    "patients", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("hospital_number", String(100), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("name_folded", String(200), nullable=False, index=True),  # lower case, for search
)

courses = Table(
    "courses", metadata,
    Column("id", String(100), primary_key=True),
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False, index=True),
    Column("site", String(100), nullable=False),
    Column("first_day", Date, index=True),
    Column("last_day", Date),
    Column("cancelled", Boolean, nullable=False, default=False),
    Column("own_calendar", Boolean, nullable=False, default=False),
    # Revision 0006: the patient's exported calendar changed (a re-booking, a move, unbooking, cancelling)
    # and the update was not given yet; kept on the course, so it outlives the course's booking.
    Column("calendar_owed", Boolean, nullable=False, server_default=false()),
    Column("spec", Text, nullable=False),  # the course file's JSON
    Column("version", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("updated_by", String(200), nullable=False),
)

# Revision 2
audit = Table(
    "audit", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False),
    Column("who", String(200), nullable=False),
    Column("course_id", String(100), ForeignKey("courses.id"), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("field", String(100), nullable=False),
    Column("old_value", Text),
    Column("new_value", Text),
)

course_exports = Table(
    "course_exports", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("course_id", String(100), ForeignKey("courses.id"), nullable=False, index=True),
    Column("exported_at", UtcDateTime, nullable=False),
    Column("who", String(200), nullable=False),
    Column("ics", Text, nullable=False),  # the .ics written: its UIDs and SEQUENCEs are the next export's previous state
)

# Revision 0008: who recorded or removed each downtime and closure, and when (see the migration's note).
department_trail = Table(
    "department_trail", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime, nullable=False),
    Column("who", String(200), nullable=False),
    Column("subject", String(20), nullable=False),  # TrailSubject
    Column("action", String(20), nullable=False),  # TrailAction
    Column("machine", String(200)),
    Column("starts_at", UtcDateTime),
    Column("ends_at", UtcDateTime),
    Column("day", Date),
    Column("note", String(200), nullable=False, server_default=""),
)
