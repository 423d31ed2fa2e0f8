"""Screenshots of the Bookings window for docs/ (offscreen, no display), at 1366x768.

Run with `.venv/bin/python scripts/department_screenshots.py [folder]` from the project folder.
It builds a throw-away store with the test department (three linacs and a CT simulator), books
thirty courses into it through the `book` command (two exported as calendars first), takes
Linac 1 down one morning (its patients re-booked, two calendars then owed an update), leaves two
courses waiting to start (one urgent), and grabs the day view, the week's occupancy, the waiting
list and the calendars owed, in the default palette, and the day view in the dark palette in
discreet mode (initials only, for a screen in a treatment room).
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the test department lives under tests/

from PySide6.QtGui import QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication, QTabWidget  # noqa: E402
from window_screenshots import started  # noqa: E402 - the same set-up: offscreen, own settings, Fusion

from planner.app.booking import open_desk  # noqa: E402
from planner.cli import main as cli  # noqa: E402
from planner.ui.colours import dark_palette  # noqa: E402
from planner.ui.department_window import DepartmentWindow  # noqa: E402
from planner.ui.main_window import catalogue_at  # noqa: E402
from tests.store.booking_scenario import stock  # noqa: E402

LONDON = ZoneInfo("Europe/London")
SHOWN = date(2030, 4, 2)  # a Tuesday, the day Linac 1 is down in the morning
TODAY = date(2030, 3, 29)

# Made-up patients and regimens: (site, preset) in turn, each wanting a daily time in turn.
NAMES = ("Ada Okafor", "Björn Halvorsen", "Carmen Ruiz", "Dev Patel", "Elif Yılmaz", "Farid Nasser", "Grace Mensah",
         "Hiro Tanaka", "Ines Duarte", "Jonas Weber", "Kemi Adeyemi", "Luca Romano", "Maya Cohen", "Noor Hassan",
         "Olga Petrova", "Pedro Alves", "Qi Zhang", "Rosa Jiménez", "Sean Murphy", "Tala Haddad", "Uma Rao",
         "Viktor Novak", "Wen Li", "Ximena Torres", "Yusuf Demir", "Zara Khan", "Aoife Byrne", "Bongani Dube",
         "Chloé Martin", "Dmitri Ivanov", "Esi Owusu", "Finn Larsen")
REGIMENS = (("prostate", "20-daily"), ("breast", "15-daily"), ("rectum", "25-daily"), ("bladder", "20-daily"),
            ("head-neck", "30-daily"), ("breast", "left-15-daily-dibh"), ("lung", "30-daily"), ("pelvis-gyn", "25-daily"),
            ("lung", "sbrt-5-alternate"), ("oesophagus", "25-daily"))
TIMES = ("08:00", "08:40", "09:20", "10:00", "10:40", "11:20", "13:00", "13:40", "14:20", "15:00", "15:40", "16:20")


def department_store(folder: Path) -> str:
    """The store the shots show: thirty courses booked, Linac 1 down on the shown morning, two waiting."""
    courses = tuple((f"course-{k:02d}", name, f"H{k + 100:04d}", *REGIMENS[k % len(REGIMENS)], None)
                    for k, name in enumerate(NAMES))
    url = stock(f"sqlite:///{folder / 'department.db'}", courses)
    quiet = contextlib.redirect_stdout(io.StringIO())
    with quiet:
        for k, (course_id, *_rest) in enumerate(courses[:-2]):
            earliest = date(2030, 3, 25 + k % 5).isoformat()
            cli(["book", "--db", url, "--course-id", course_id, "--earliest", earliest, "--prefer-time", TIMES[k % len(TIMES)]])
        for course_id in ("course-00", "course-03"):  # given their calendars before the downtime
            cli(["export", "--db", url, "--course-id", course_id, "-o", str(folder / f"{course_id}.ics")])
    with open_desk(url, catalogue_at("")) as desk:
        desk.today = TODAY
        desk.machine_down("Linac 1", datetime(2030, 4, 2, 8, 0, tzinfo=LONDON), datetime(2030, 4, 2, 12, 0, tzinfo=LONDON),
                          "beam fault")
        stored = desk.store.load_course(courses[-1][0])
        desk.store.save_course(stored.spec.updated(urgent=True), stored.version)  # waits, urgent
    return url


def shoot(app: QApplication, url: str, folder: Path, name: str, tab: int, palette: QPalette, *, discreet: bool = False) -> Path:
    """One tab of the Bookings window at 1366x768 in `palette`, saved as `name`."""
    app.setPalette(palette)
    with open_desk(url, catalogue_at("")) as desk:
        desk.today = TODAY
        window = DepartmentWindow(desk, SHOWN)
        window.resize(1366, 768)
        window.show()
        if discreet:
            window.discreet.setChecked(True)
        window.findChild(QTabWidget).setCurrentIndex(tab)
        for _ in range(3):
            app.processEvents()
        path = folder / name
        window.grab().save(str(path))
        window.close()
    return path


def main() -> int:
    folder, app = started()
    default = app.palette()
    with tempfile.TemporaryDirectory() as scratch:
        url = department_store(Path(scratch))
        for name, tab in (("department-day.png", 0), ("department-occupancy.png", 1), ("department-waiting.png", 2),
                          ("department-calendars.png", 3)):
            print(shoot(app, url, folder, name, tab, default))
        print(shoot(app, url, folder, "department-day-dark-discreet.png", 0, dark_palette(), discreet=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
