"""A booking keeps two marks of its own:
- `released`: a session marked missed in advance (the patient phoned: they will not come). Its booking stays as the
  record of that day, but holds no machine time: the overlap checks (and, on PostgreSQL, the exclusion constraint)
  see that time as free for other bookings.
- `moved_cause`: a session a machine's downtime (or a closure) re-booked to another time or machine on its own day,
  written when the re-booking happens, so the patient's calendar line ("Moved: the machine is unavailable at the usual
  time") no longer depends on the downtime as it is recorded now (shortened since, or a later move by hand).
Bookings made before get the line they showed until now: a fraction booked off its course's machine or daily time
while that machine has downtime at its usual time is marked moved by downtime.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

CONSTRAINT = "ex_bookings_no_overlap"


def upgrade() -> None:
    op.add_column("bookings", sa.Column("released", sa.Boolean, nullable=False, server_default=sa.false()))
    op.add_column("bookings", sa.Column("moved_cause", sa.String(20), nullable=True))
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(f"ALTER TABLE bookings DROP CONSTRAINT IF EXISTS {CONSTRAINT}")
        op.execute(f"ALTER TABLE bookings ADD CONSTRAINT {CONSTRAINT} "
                   "EXCLUDE USING gist (machine_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (NOT released)")
    _mark_moved_before(bind)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _mark_moved_before(bind: sa.Connection) -> None:
    """The fractions a re-booking moved before this revision, as the calendar line has said until now (see above)."""
    name = bind.execute(sa.text("SELECT timezone FROM department WHERE id = 1")).scalar()
    try:
        zone = ZoneInfo(name) if isinstance(name, str) and name else None
    except (ValueError, KeyError, OSError):
        zone = None
    if zone is None:
        return
    down: dict[int, list[tuple[datetime, datetime]]] = {}
    for machine_id, starts, ends in bind.execute(sa.text("SELECT machine_id, starts_at, ends_at FROM downtime")):
        down.setdefault(int(machine_id), []).append((_aware(_instant(starts)), _aware(_instant(ends))))
    if not down:
        return
    courses = {row[0]: (int(row[1]), time.fromisoformat(row[2]))
               for row in bind.execute(sa.text("SELECT course_id, machine_id, daily_time FROM booked_courses"))}
    rows = bind.execute(sa.text("SELECT id, course_id, machine_id, starts_at, ends_at FROM bookings "
                                "WHERE kind = 'fraction' AND make_up_day IS NULL ORDER BY starts_at")).all()
    seen: set[tuple[str, object]] = set()
    moved: list[int] = []
    for row_id, course_id, machine_id, starts, ends in rows:
        course = courses.get(course_id)
        if course is None:
            continue
        start, end = _aware(_instant(starts)), _aware(_instant(ends))
        day = start.astimezone(zone).date()
        if (course_id, day) in seen:  # a twice-daily course's second session keeps its own time
            continue
        seen.add((course_id, day))
        usual = datetime.combine(day, course[1], tzinfo=zone)
        usual_end = usual + (end - start)
        if int(machine_id) == course[0] and start == usual:
            continue
        if any(s < usual_end and e > usual for s, e in down.get(course[0], ())):
            moved.append(int(row_id))
    for at in range(0, len(moved), 500):
        bind.execute(sa.text("UPDATE bookings SET moved_cause = 'downtime' WHERE id IN :ids")
                     .bindparams(sa.bindparam("ids", expanding=True)), {"ids": moved[at:at + 500]})


def _instant(value: object) -> datetime:
    """A stored instant as read without the store's column type: SQLite gives text, PostgreSQL a datetime."""
    if isinstance(value, datetime):
        return value
    text = str(value).replace(" ", "T")
    return datetime.fromisoformat(text)


def downgrade() -> None:
    """Refused while any booking is released: schema 0009 has no such mark, so a released booking would hold its machine
    time again, over the bookings that took it since (PostgreSQL's exclusion constraint would refuse it), and deleting it
    would lose the record of the day the patient missed. Nothing is changed then; without one, the marks simply go."""
    from alembic.util import CommandError

    bind = op.get_bind()
    released = int(bind.execute(sa.text("SELECT count(*) FROM bookings WHERE released")).scalar_one())
    if released:
        what = ("1 booking is a session marked missed in advance, kept as the record of its day while its machine time is "
                "free for others" if released == 1 else
                f"{released} bookings are sessions marked missed in advance, kept as the record of their days while their "
                "machine time is free for others")
        raise CommandError(f"cannot downgrade below revision 0010: {what}; revision 0009 cannot hold such a booking (it "
                           "would take that time back, over bookings made since), and deleting it would lose that record. "
                           "Nothing was changed: keep this revision, or restore a backup made before upgrading to 0010")
    if bind.dialect.name == "postgresql":
        op.execute(f"ALTER TABLE bookings DROP CONSTRAINT IF EXISTS {CONSTRAINT}")
        op.execute(f"ALTER TABLE bookings ADD CONSTRAINT {CONSTRAINT} "
                   "EXCLUDE USING gist (machine_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)")
    with op.batch_alter_table("bookings") as table:
        table.drop_column("moved_cause")
        table.drop_column("released")
