"""A department after years of work: 400 courses on treatment (booked by the engine, as in booking_command.py) beside
the courses it treated before (default 5,000 over two years, 100,000 bookings, written straight into the store). What
a coordinator does every day must not grow with that history: the waiting list, the engine every re-booking starts
from, the Bookings window's redraw (at an activation after a change), booking one more course, a machine down for a day,
`course list --json` and the Patients list's first page.

Run: .venv/bin/python benchmarks/department_history.py [--past 5000] [--repeat 5] [--db URL]
(--db: an empty database to fill, e.g. PostgreSQL; default a fresh SQLite file; `--past 0` for no history)
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import tempfile
import time as clock
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT)) if str(ROOT) not in sys.path else None
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import insert, select  # noqa: E402

from benchmarks.booking_command import LINACS, TZ, filled  # noqa: E402
from benchmarks.drag_check import median_ms  # noqa: E402
from planner.app.booking import open_desk  # noqa: E402
from planner.cli import main as cli_main  # noqa: E402
from planner.core.catalogue import load_catalogue  # noqa: E402
from planner.core.spec import CourseSpec  # noqa: E402
from planner.resources_path import default_catalogue_path  # noqa: E402
from planner.store.db import Store  # noqa: E402
from planner.store.db import schema as t  # noqa: E402
from planner.store.db.bookings import booked_courses, bookings  # noqa: E402

ON_TREATMENT, WAITING = 400, 15


def weekdays(first: date, count: int) -> list[date]:
    """`count` weekdays from `first` on."""
    found: list[date] = []
    day = first
    while len(found) < count:
        if day.weekday() < 5:
            found.append(day)
        day += timedelta(days=1)
    return found


def history(url: str, past: int, today: date) -> int:
    """`past` finished 20-fraction courses over the two years before `today`, each booked daily at a quarter hour of its
    own on one linac, written without the engine (years of it in seconds); returns the bookings written."""
    first_day = today - timedelta(days=760)
    specs = []
    for n in range(past):
        first = first_day + timedelta(days=n % 700)
        while first.weekday() >= 5:
            first += timedelta(days=1)
        specs.append(CourseSpec(course_id=f"past-{n:05d}", patient_name=f"Former {n:05d}", patient_id=f"P{n:05d}",
                                site="prostate", preset="20-daily", start=first, time=time(8, 30), tz="Europe/London",
                                days=frozenset(range(5))))
    days = {spec.course_id: weekdays(spec.start, 20) for spec in specs}
    rows: list[dict[str, object]] = []
    booked: list[dict[str, object]] = []
    with Store.open(url, user="bench") as store:
        store.add_courses([(spec, (spec.start, days[spec.course_id][-1])) for spec in specs])  # the booked days, as booking sets
        with store.engine.begin() as conn:
            machines = {row.name: row.id for row in conn.execute(select(t.machines.c.id, t.machines.c.name))}
            for n, spec in enumerate(specs):
                slot = n % (48 * LINACS)
                minutes = 8 * 60 + (slot // LINACS) * 15
                machine = machines[f"Linac {slot % LINACS + 1}"]
                for number, day in enumerate(days[spec.course_id], start=1):
                    at = datetime.combine(day, time(minutes // 60, minutes % 60), TZ)
                    rows.append({"course_id": spec.course_id, "kind": "fraction", "number": number, "machine_id": machine,
                                 "starts_at": at, "ends_at": at + timedelta(minutes=15), "released": False})
                booked.append({"course_id": spec.course_id, "machine_id": machine, "urgent": False, "ready": spec.start,
                               "daily_time": f"{minutes // 60:02d}:{minutes % 60:02d}", "booked_at": datetime.now(UTC),
                               "booked_by": "bench"})
            if rows:
                conn.execute(insert(bookings), rows)
                conn.execute(insert(booked_courses), booked)
    return len(rows)


def warm_median_ms(action: Callable[[], object], repeat: int) -> float:
    """`drag_check.median_ms` after one run untimed (compiled statements, the page cache warm)."""
    action()
    return median_ms(action, repeat)


def quiet(argv: list[str]) -> Callable[[], None]:
    def run() -> None:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as errors:
            status = cli_main(argv)
        if status != 0:
            raise SystemExit(f"{argv[0]} exited {status}: {errors.getvalue().strip()}")
    return run


def measure(url: str, start: date, repeat: int) -> list[tuple[str, float, str]]:
    """(figure, median ms, target) of each daily action on the filled department."""
    catalogue = load_catalogue(default_catalogue_path())
    found: list[tuple[str, float, str]] = []
    with open_desk(url, catalogue) as desk:
        found.append(("the waiting list (Bookings window, each activation)", warm_median_ms(desk.waiting, repeat), "—"))
        found.append(("the engine a re-booking starts from (every course to treat placed)", warm_median_ms(desk.engine, repeat), "—"))
        store = desk.store
        today = desk.today
        found.append(("the Patients list's first page (count and 200 rows)",
                      warm_median_ms(lambda: store.count_and_list_courses(limit=200, today=today), repeat),  # as the panel asks
                      "< 100 ms"))

    from PySide6.QtWidgets import QApplication

    from planner.ui.department_window import DepartmentWindow

    app = QApplication.instance() or QApplication([])
    with open_desk(url, catalogue) as desk:
        window = DepartmentWindow(desk, start + timedelta(days=1))
        window.resize(1366, 768)
        window.show()
        app.processEvents()

        def redraw() -> None:
            window._redraw()
            app.processEvents()

        found.append(("the Bookings window redrawn (day, week's occupancy, waiting list, calendars)", warm_median_ms(redraw, repeat), "—"))
        # what an activation costs when nothing was written since the window drew: the store's change mark, compared
        found.append(("the Bookings window active again, nothing written meanwhile (its change mark)",
                      warm_median_ms(window._change_mark, repeat), "—"))
        window.close()
        app.processEvents()

    book = quiet(["book", "--db", url, "--course-id", f"course-{ON_TREATMENT:04d}", "--earliest", f"{start}", "--json"])
    unbook = quiet(["unbook", "--db", url, "--course-id", f"course-{ON_TREATMENT:04d}"])
    times = []
    for _ in range(repeat + 1):
        began = clock.perf_counter()
        book()
        times.append((clock.perf_counter() - began) * 1000)
        unbook()
    found.append(("`book` one more course (store, engine, write)", statistics.median(times[1:]), "< 100 ms"))
    found.append(("`course list --json` (every course)", warm_median_ms(quiet(["course", "list", "--json", "--db", url]), repeat), "—"))
    times = []
    for k in range(repeat):  # a different machine-day each time, each re-booking its patients
        day = start + timedelta(days=7 + k + 2 * (k // 5))
        while day.weekday() >= 5:
            day += timedelta(days=1)
        began = clock.perf_counter()
        quiet(["machine-down", f"Linac {k % LINACS + 1}", "--from", f"{day}T08:00", "--to", f"{day}T20:00", "--json",
               "--db", url])()
        times.append((clock.perf_counter() - began) * 1000)
    found.append(("`machine-down` for a machine-day (its patients re-booked)", statistics.median(times), "< 1 s"))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--past", type=int, default=5000, help="courses treated before (default 5000)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", metavar="URL", help="an empty database to fill (default: a fresh SQLite file)")
    args = parser.parse_args(argv)
    today = datetime.now(TZ).date()
    start = today + timedelta(days=7 - today.weekday())  # next Monday
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp(prefix='planner-bench-history-')) / 'department.db'}"
    os.environ.pop("IGRT_PLANNER_DB", None)
    began = clock.perf_counter()
    held = filled(url, ON_TREATMENT, WAITING, start)
    written = history(url, args.past, today)
    print(f"{held} courses on treatment from {start} on {LINACS} linacs, {WAITING} waiting, {args.past} treated before "
          f"({written} bookings), filled in {clock.perf_counter() - began:.1f} s")
    print("| figure | median (ms) | target |\n|---|---:|---|")
    for name, value, target in measure(url, start, args.repeat):
        print(f"| {name} | {value:.0f} | {target} |")
    print(f"load average {os.getloadavg()[0]:.1f} after the run")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
