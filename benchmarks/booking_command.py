"""Booking one more course in a department with 400 courses on treatment: the engine alone, the
whole `book` command (store read of the weeks the search reaches, proposals, write), and the same
booking as the window's Book dialog makes it on a store it keeps open, on a fresh SQLite file or on
an empty database given by --db (e.g. PostgreSQL).

Run: .venv/bin/python benchmarks/booking_command.py [--courses 400] [--repeat 15] [--profile] [--db URL]
(the profile is sorted by cumulative time; BENCH_SORT=tottime sorts it by each function's own time)

Twelve linacs (two beam-matched groups) open 08:00-20:00 on weekdays and a CT simulator, London time.
The courses are 20-fraction prostate courses, all booked to start next week, so that all of them are
on treatment at once; then new courses are booked (and released again, so the count stays put).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time as clock
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT)) if str(ROOT) not in sys.path else None

from planner.app.booking import BookingDesk  # noqa: E402
from planner.cli import main as cli_main  # noqa: E402
from planner.core.catalogue import load_catalogue  # noqa: E402
from planner.core.department import parse_department  # noqa: E402
from planner.core.spec import CourseSpec  # noqa: E402
from planner.resources_path import default_catalogue_path  # noqa: E402
from planner.store.db import Store  # noqa: E402
from planner.store.db import bookings as db  # noqa: E402

TZ = ZoneInfo("Europe/London")
LINACS = 12
HOURS = "{ " + ", ".join(f'{d} = "08:00-20:00"' for d in ("mon", "tue", "wed", "thu", "fri")) + " }"


def department_toml() -> str:
    lines = ['[department]', 'name = "Benchmark Cancer Centre"', 'timezone = "Europe/London"',
             'treatment_days = ["mon", "tue", "wed", "thu", "fri"]']
    for n in range(1, LINACS + 1):
        lines += ["", "[[machines]]", f'name = "Linac {n}"', f'group = "{"versa" if n % 2 else "truebeam"}"',
                  'capabilities = ["vmat", "sbrt", "dibh"]', f"hours = {HOURS}"]
    lines += ["", "[[machines]]", 'name = "CT simulator"', 'group = "ct"', 'capabilities = ["ct"]', f"hours = {HOURS}"]
    return "\n".join(lines) + "\n"


def course(n: int, start: date) -> CourseSpec:
    return CourseSpec(course_id=f"course-{n:04d}", patient_name=f"Patient {n:04d}", patient_id=f"H{n:05d}", site="prostate",
                      preset="20-daily", start=start, time=time(8, 30), tz="Europe/London", days=frozenset(range(5)))


def filled(url: str, courses: int, extra: int, start: date) -> int:
    """Store the department and `courses` + `extra` courses; book the first `courses` (in memory, then one write)."""
    catalogue = load_catalogue(default_catalogue_path())
    with Store.open(url, user="bench") as store:
        store.set_department(parse_department(department_toml(), "benchmark department"))
        for n in range(courses + extra):
            store.save_course(course(n, start))
    with BookingDesk(Store.open(url, user="bench"), catalogue) as desk:
        engine = desk.engine()
        rows = desk._rows()
        proposals = []
        for n in range(courses):
            row = rows[f"course-{n:04d}"]
            proposals.append(engine.book_best(desk._need(row, earliest=start), desk.today))
        with db.writing(desk.store.engine, desk.store.display_url) as connection:
            for proposal in proposals:
                db.place(connection, [db.Booking(b.course_id, b.kind, b.number, b.machine, b.start, b.end)
                                      for b in proposal.bookings])
                db.set_course_booking(connection, proposal.bookings[0].course_id, proposal.machine, proposal.time, False, "bench")
                fractions = sorted(b.start.astimezone(TZ).date() for b in proposal.bookings if b.kind.value == "fraction")
                db.set_course_days(connection, proposal.bookings[0].course_id, fractions[0], fractions[-1])  # as booking does
        if desk.store.engine.dialect.name == "postgresql":
            # What autovacuum does within its minute of so many rows inserted (since PostgreSQL 13, inserts alone set
            # it off): the planner's statistics, and the visibility map that lets the bare time's read come from its
            # covering index alone (without it the server read every row's page too, and sorted them).
            with desk.store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))
        return len(engine.booked_courses())


def engine_path(url: str, courses: int, extra: int, start: date) -> list[float]:
    """Milliseconds to book each extra course in the engine holding the stored bookings (released after)."""
    catalogue = load_catalogue(default_catalogue_path())
    times = []
    with BookingDesk(Store.open(url, user="bench"), catalogue) as desk:
        engine = desk.engine()
        rows = desk._rows()
        for n in range(courses, courses + extra):
            need = desk._need(rows[f"course-{n:04d}"], earliest=start)
            began = clock.perf_counter()
            engine.book_best(need, desk.today)
            times.append((clock.perf_counter() - began) * 1000)
            engine.unbook(need.course_id)
    return times


def window_path(url: str, courses: int, extra: int, start: date) -> list[float]:
    """Milliseconds to book each extra course as the Book dialog does, on a store kept open as a window keeps it: a desk
    opened on it, three proposals, the first booked (`BookingDesk.propose`, `commit`); each released after, untimed."""
    catalogue = load_catalogue(default_catalogue_path())
    times = []
    with Store.open(url, user="bench") as store:
        for n in range(courses, courses + extra):
            began = clock.perf_counter()
            desk = BookingDesk(store, catalogue)
            desk.commit(desk.propose(f"course-{n:04d}", earliest=start).proposals[0])
            times.append((clock.perf_counter() - began) * 1000)
            BookingDesk(store, catalogue).unbook(f"course-{n:04d}")
    return times


def command_path(url: str, courses: int, extra: int, start: date, profile: bool) -> tuple[list[float], list[float]]:
    """Milliseconds of `book --course-id ID --json`, wall clock and this process's processor time
    (each booking released after, untimed)."""
    times: list[float] = []
    processor: list[float] = []
    profiler = cProfile.Profile() if profile else None
    for n in range(courses, courses + extra):
        argv = ["book", "--db", url, "--course-id", f"course-{n:04d}", "--earliest", f"{start:%Y-%m-%d}", "--json"]
        with contextlib.redirect_stdout(io.StringIO()):
            began, used = clock.perf_counter(), clock.process_time()
            if profiler is not None:
                profiler.enable()
            status = cli_main(argv)
            if profiler is not None:
                profiler.disable()
            times.append((clock.perf_counter() - began) * 1000)
            processor.append((clock.process_time() - used) * 1000)
            if status != 0:
                raise SystemExit(f"book exited {status}")
            cli_main(["unbook", "--db", url, "--course-id", f"course-{n:04d}"])
    if profiler is not None:
        pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(45)
    return times, processor


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--profile", action="store_true", help="print a profile of the command path")
    parser.add_argument("--db", metavar="URL", help="an empty database to fill (default: a fresh SQLite file)")
    args = parser.parse_args(argv)
    today = datetime.now(TZ).date()
    start = today + timedelta(days=7 - today.weekday())  # next Monday
    url = args.db or f"sqlite:///{Path(tempfile.mkdtemp(prefix='planner-bench-booking-')) / 'department.db'}"
    os.environ.pop("IGRT_PLANNER_DB", None)
    began = clock.perf_counter()
    held = filled(url, args.courses, args.repeat, start)
    print(f"{held} courses booked from {start} on {LINACS} linacs in {clock.perf_counter() - began:.1f} s")
    engine = engine_path(url, args.courses, args.repeat, start)
    command, processor = command_path(url, args.courses, args.repeat, start, args.profile)
    window = window_path(url, args.courses, args.repeat, start)
    print("| figure | median (ms) | slowest (ms) |\n|---|---:|---:|")
    print(f"| engine: book one more course | {statistics.median(engine):.1f} | {max(engine):.1f} |")
    kind = url.split(":", 1)[0].split("+", 1)[0]
    print(f"| `book` command on {kind} (store, engine, write) | {statistics.median(command):.0f} | {max(command):.0f} |")
    print(f"| the same, this process's processor time | {statistics.median(processor):.0f} | {max(processor):.0f} |")
    print(f"| the same in a window, its store kept open (Book dialog: desk, proposals, write) | {statistics.median(window):.0f} | "
          f"{max(window):.0f} |")
    print(f"load average {os.getloadavg()[0]:.1f} after the run")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
