"""The read of stored machine time a booking search makes (`booked_time`: the weeks the search reaches, released
bookings left out) is answered from the index on the start alone: revision 0012 put the released mark into it, so
SQLite never visits the table for the thousands of bookings of a full department. Upgrading a store of revision 0011
rebuilds the index, downgrading puts the older one back, and the read gives the same rows either way."""

from __future__ import annotations

from datetime import UTC, date, datetime

from alembic import command
from sqlalchemy import create_engine, inspect

from planner.store.db import Store
from planner.store.db import bookings as db
from planner.store.db.migrate import _config, head_revision

from .test_missed_releases_machine_time import WEDNESDAY, booked, mark_missed

FROM, TO = datetime(2030, 3, 1, tzinfo=UTC), datetime(2030, 6, 1, tzinfo=UTC)


def index_columns(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        (index,) = [i for i in inspect(engine).get_indexes("bookings") if i["name"] == "ix_bookings_start"]
        return [str(column) for column in index["column_names"]]
    finally:
        engine.dispose()


def read(url: str) -> list[tuple[str, int, int, str]]:
    """The read, on the store as it is (an older revision is not upgraded)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in db.booked_time(connection, FROM, TO, FROM)]  # type: ignore[misc]
    finally:
        engine.dispose()


def moved_to(url: str, revision: str, way: str) -> None:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            getattr(command, way)(_config(connection), revision)
            connection.commit()
    finally:
        engine.dispose()


def test_sqlite_reads_booked_time_from_the_index_alone(tmp_path):
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    Store.open(url).close()
    query = db.booked_time_query(FROM, TO, FROM)
    engine = create_engine(url)
    try:
        compiled = query.compile(dialect=engine.dialect)
        values = tuple(str(compiled.params[name]) for name in compiled.positiontup or ())
        with engine.connect() as connection:
            plan = [row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", values)]
    finally:
        engine.dispose()
    assert any("bookings USING COVERING INDEX ix_bookings_start" in step for step in plan), plan


def test_upgrade_and_downgrade_of_revision_0012_keep_the_read(capsys, store_url):
    url = booked(capsys, store_url)
    mark_missed(url, WEDNESDAY)  # a released booking: the read leaves it out at every revision
    now = read(url)
    assert now and not any(datetime.fromtimestamp(start, UTC).date() == WEDNESDAY and course == "course-prostate"
                           for _, start, _, course in now)
    assert index_columns(url) == ["starts_at", "ends_at", "machine_id", "course_id", "released"]

    moved_to(url, "0011", "downgrade")
    assert index_columns(url) == ["starts_at", "ends_at", "machine_id", "course_id"]
    assert sorted(read(url)) == sorted(now)  # the same rows (those starting together in either order)

    with Store.open(url) as store:  # upgrades
        assert store.revision() == head_revision() == "0012"
    assert index_columns(url) == ["starts_at", "ends_at", "machine_id", "course_id", "released"]
    assert sorted(read(url)) == sorted(now)  # the same rows (those starting together in either order)
    assert date(2030, 3, 25) in {datetime.fromtimestamp(start, UTC).date() for _, start, _, _ in now}
