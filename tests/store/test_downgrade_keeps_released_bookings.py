"""Going back below revision 0010 (the `alembic downgrade` a department runs to return to an older planner) used to
delete every released booking, a session marked missed in advance: the record of the day the patient missed, whose
machine time another patient may have been booked into since. It is refused now, in one message saying why, and
nothing is changed; a store without such a booking goes back as before."""

from __future__ import annotations

from datetime import date

import pytest
from alembic import command
from alembic.util import CommandError
from sqlalchemy import text

from planner.store.db import Store
from planner.store.db.migrate import _config, head_revision

from .test_missed_releases_machine_time import booked, mark_missed

WEDNESDAY = date(2030, 3, 27)


def downgraded(url: str, target: str) -> None:
    """`alembic downgrade target` on the store, in one transaction (as the alembic tool runs it)."""
    with Store.open(url) as store, store.engine.connect() as connection, connection.begin():
        command.downgrade(_config(connection), target)


def released_and_revision(url: str) -> tuple[int, int, str]:
    with Store.open(url, upgrade=False) as store, store.engine.connect() as connection:
        released = connection.execute(text("SELECT count(*) FROM bookings WHERE released")).scalar_one()
        every = connection.execute(text("SELECT count(*) FROM bookings")).scalar_one()
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    return int(released), int(every), str(revision)


def test_a_downgrade_below_0010_with_a_released_booking_is_refused_and_changes_nothing(capsys, store_url: str):
    url = booked(capsys, store_url)
    mark_missed(url, WEDNESDAY)
    before = released_and_revision(url)
    assert before[0] == 1 and before[2] == head_revision()
    with pytest.raises(CommandError) as refused:
        downgraded(url, "0009")
    message = str(refused.value)
    assert "\n" not in message and message.startswith("cannot downgrade below revision 0010: 1 booking is a session marked "
                                                      "missed in advance")
    assert "Nothing was changed" in message
    assert released_and_revision(url) == before  # the booking kept, the store still at its revision


def test_a_store_without_released_bookings_goes_back_to_0009(capsys, store_url: str):
    from sqlalchemy import create_engine, inspect

    url = booked(capsys, store_url)
    every = released_and_revision(url)[1]
    downgraded(url, "0009")
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM bookings")).scalar_one() == every
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0009"
            assert "released" not in {c["name"] for c in inspect(connection).get_columns("bookings")}
    finally:
        engine.dispose()
