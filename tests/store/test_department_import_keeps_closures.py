"""The department closed for a coming day with `closure` (a power cut: its patients re-booked), then the department
file imported again (it never named that day): the day stays closed, as recorded downtime stays, and nothing can be
booked into it. Before, the import dropped the closure: the day opened again for new bookings without a word. A past
closure recorded so is not kept, and a day the file names keeps the file's note."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from planner.store.db import Store

from .booking_scenario import DEPARTMENT_FILE, stock
from .command_line import run


def test_importing_the_department_file_again_keeps_a_coming_day_closed_with_closure(store_url, capsys):
    url = stock(store_url)
    today = datetime.now(UTC).date()
    coming, past = today + timedelta(days=30), today - timedelta(days=30)
    with Store.open(url) as store:
        department = store.department()
        assert department is not None
        from dataclasses import replace

        store.set_department(replace(department, closures=tuple(sorted((*department.closures, (coming, "power cut"),
                                                                        (past, "snow"))))))
    status, _, err = run(capsys, "department", "import", str(DEPARTMENT_FILE), "--db", url)
    assert status == 0, err
    with Store.open(url) as store:
        stored = store.department()
    assert stored is not None
    closed = dict(stored.closures)
    assert closed.get(coming) == "power cut"
    assert past not in closed
    assert date(2030, 3, 8) in closed  # the file's own closure
