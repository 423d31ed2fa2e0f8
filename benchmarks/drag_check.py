"""Dragging a booking in the day view on the golden department (tests/store/booking_scenario.py, with a
twice-daily lung course added): how long the check of one mouse move takes (slot, machine and the
course's own rules, as DayView.check_drop does it), how long reading a course's rules takes (once
per course while a day is shown), and the desk's whole check of a move before it writes, for scale.

Run: .venv/bin/python benchmarks/drag_check.py [--repeat 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT)) if str(ROOT) not in sys.path else None
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

LONDON = ZoneInfo("Europe/London")
TWICE_DAILY = ("course-lung-bid", "Fay Okafor", "H0007", "lung", "30-twice-daily", None)


def median_ms(run: Callable[[], object], repeat: int) -> float:
    """The median of `repeat` runs, in milliseconds."""
    times = []
    for _ in range(repeat):
        begin = time.perf_counter()
        run()
        times.append((time.perf_counter() - begin) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    repeat = parser.parse_args(argv).repeat

    from PySide6.QtCore import QPointF
    from PySide6.QtWidgets import QApplication

    from planner.app.booking import BookingDesk, Relocation
    from planner.core.catalogue import load_catalogue
    from planner.core.kinds import AppointmentKind
    from planner.resources_path import default_catalogue_path
    from planner.store.db import Store
    from planner.ui.department_window import DepartmentWindow
    from tests.store.booking_scenario import COURSES, place_bookings, stock

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        url = stock(f"sqlite:///{Path(folder) / 'department.db'}", (*COURSES, TWICE_DAILY))
        place_bookings(url)
        with Store.open(url) as store:
            desk = BookingDesk(store, load_catalogue(default_catalogue_path()), today=date(2030, 3, 22))
            desk.commit(desk.propose("course-lung-bid", earliest=date(2030, 3, 25), prefer_time=clock(8, 0)).best)
            window = DepartmentWindow(desk, date(2030, 3, 26))
            window.resize(1300, 950)
            window.show()
            app.processEvents()
            view = window.day_view
            fay = next(e for m in view.machines for e in m.entries if e.patient == "Fay Okafor" and e.number == 4)
            rect = view.block_rect(fay)
            assert rect is not None
            view._drag = (fay, "Linac 1", QPointF(0, 0))  # as a press on the block starts it
            points = [QPointF(rect.left() + dx, y) for dx in (0, 300, 600) for y in range(60, 900, 7)]
            step = iter(range(10**9))

            def drag_move() -> None:
                view.drag_to(points[next(step) % len(points)])

            read = median_ms(lambda: desk.move_rules("course-lung-bid"), max(20, repeat // 10))
            view._rules = {}
            view.drag_to(points[0])  # the first move reads the course's rules
            per_move = median_ms(drag_move, repeat)
            nine = datetime(2030, 3, 26, 9, 0, tzinfo=LONDON)
            desk_check = median_ms(lambda: desk.check_move("course-lung-bid", [Relocation(AppointmentKind.FRACTION, 4, "Linac 1", nine)]),
                                   max(20, repeat // 10))
            refused = view.check_drop(fay, "Linac 1", nine).reason()
            view.cancel_drag()
            window.close()
            window.deleteLater()
    print(f"one drag move (outline placed, slot + machine + course rules checked): {per_move:.3f} ms (median of {repeat})")
    print(f"reading a course's rules (once per course and day shown): {read:.2f} ms")
    print(f"the desk's check of a move before it writes (store reads included): {desk_check:.2f} ms")
    print(f"refused at 09:00: {refused}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
