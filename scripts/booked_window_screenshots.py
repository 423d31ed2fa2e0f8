"""Screenshots of the window showing a booked course from the department store (offscreen, no display).

Run with `.venv/bin/python scripts/booked_window_screenshots.py [folder]` from the project folder.
It builds a throw-away store with the test department, books a prostate course on Linac 1 at 09:00,
takes Linac 1 down one morning (one fraction goes to Linac 2), and grabs the list, week and month
at 1600x1000 and 1024x700 in the default, dark and high-contrast palettes. It also grabs the README's
Patients list (window-patients.png): a throw-away store of invented patients, seen on a fixed day.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the test department lives under tests/

from PySide6.QtWidgets import QApplication  # noqa: E402
from window_screenshots import started  # noqa: E402 - the same set-up: offscreen, own settings, Fusion

from planner.app.booking import open_desk  # noqa: E402
from planner.app.stored_courses import course_span  # noqa: E402
from planner.cli import main as cli  # noqa: E402
from planner.core.spec import CourseSpec  # noqa: E402
from planner.store.db import Store  # noqa: E402
from planner.store.settings import Settings  # noqa: E402
from planner.ui import main_window  # noqa: E402
from planner.ui.colours import dark_palette, high_contrast_palette  # noqa: E402
from planner.ui.main_window import MainWindow, catalogue_at  # noqa: E402
from tests.store.booking_scenario import stock  # noqa: E402

LONDON = ZoneInfo("Europe/London")
# The Patients list's picture: invented patients, (name, hospital number, site, preset, first fraction), seen on PATIENTS_DAY
PATIENTS = (
    ("Abernathy, Ruth", "MRN-204110", "prostate", "20-daily", date(2030, 7, 23)),
    ("Ahmed, Farid", "MRN-204147", "breast", "15-daily", date(2030, 8, 5)),
    ("Baptiste, Claude", "MRN-204221", "head-neck", "30-daily", date(2030, 8, 19)),
    ("Chen, Wei", "MRN-204258", "pelvis-gyn", "25-daily", date(2030, 8, 28)),
    ("Delgado, Marisol", "MRN-204295", "rectum", "5-daily", date(2030, 9, 9)),
    ("Eriksen, Lars", "MRN-204332", "prostate", "39-daily", date(2030, 9, 16)),
    ("Fitzgerald, Siobhan", "MRN-204369", "breast", "left-15-daily-dibh", date(2030, 9, 24)),
    ("García López, Ana", "MRN-204406", "lung", "sbrt-5-alternate", date(2030, 10, 7)),
    ("Hoffmann, Dieter", "MRN-204443", "head-neck", "35-daily", date(2030, 10, 14)),
    ("Ivanova, Olga", "MRN-204480", "pelvis-gyn", "28-daily", date(2030, 10, 21)),
    ("Jones, Gareth", "MRN-204517", "rectum", "25-daily", date(2030, 10, 30)),
    ("Kowalski, Piotr", "MRN-204554", "prostate", "20-daily", date(2030, 11, 11)),
    ("Lindqvist, Maja", "MRN-204591", "breast", "5-daily", date(2030, 11, 19)),
    ("Mbeki, Thandiwe", "MRN-204628", "lung", "30-daily", date(2030, 11, 26)),
    ("Nakamura, Hiroshi", "MRN-204665", "brain", "srs-5-alternate", date(2030, 12, 9)),
    ("O'Brien, Patrick", "MRN-204702", "spine-bone", "5-daily", date(2030, 12, 16)),
    ("Patel, Priya", "MRN-204739", "oesophagus", "25-daily", date(2030, 12, 23)),
    ("Quinn, Eamon", "MRN-204776", "bladder", "20-daily", date(2031, 1, 6)),
    ("Rossi, Giulia", "MRN-204813", "breast", "15-daily", date(2031, 1, 13)),
    ("Ångström-Nguyễn, Zoë", "MRN-204184", "upper-abdomen", "sbrt-5-alternate", date(2030, 8, 12)),
)
PATIENTS_DAY = date(2030, 11, 25)  # the statuses are worked out for this day, not the clock's; years ahead, so
# that the form has no first fraction in the past to warn of
OPENED_PATIENT = "MRN-204443"  # the course shown beside the list: on treatment that day


def booked_store(folder: Path) -> str:
    url = stock(f"sqlite:///{folder / 'department.db'}")
    with contextlib.redirect_stdout(io.StringIO()):
        cli(["book", "--db", url, "--course-id", "course-prostate", "--earliest", "2030-03-25", "--prefer-time", "09:00",
             "--machine", "Linac 1"])
    with open_desk(url, catalogue_at("")) as desk:
        desk.machine_down("Linac 1", datetime(2030, 3, 27, 8, 0, tzinfo=LONDON), datetime(2030, 3, 27, 13, 0, tzinfo=LONDON),
                          "beam fault")
    return url


def patients_store(folder: Path) -> tuple[str, str]:
    """A store of the invented patients' courses (no department: their planned days decide their statuses);
    returns its address and the id of the course to open."""
    url = f"sqlite:///{folder / 'patients.db'}"
    catalogue = catalogue_at("")
    opened = ""
    with Store.open(url) as store:
        for name, number, site, preset, start in PATIENTS:
            spec = CourseSpec(patient_name=name, patient_id=number, site=site, preset=preset, start=start, time=time(9, 0),
                              tz="Europe/London", holidays="GB-ENG")
            store.save_course(spec, span=course_span(spec, catalogue))
            opened = spec.course_id if number == OPENED_PATIENT else opened
    return url, opened


def shoot(app: QApplication, url: str, path: Path, size: tuple[int, int], tab: int, course_id: str = "course-prostate",
          today: date | None = None) -> Path:
    """The window on the store at `url` showing `course_id` on `tab`. `today`: the day the Patients list's statuses
    are for, the window started as on a first start on a screen of `size` (its docks placed for it)."""
    store = Store.open(url)
    first_size = main_window.first_size
    if today is not None:
        store.today = lambda: today  # type: ignore[method-assign]  # the picture must not follow the clock
        main_window.first_size = lambda: size
    settings = replace(Settings(clinic_name="Riverside Cancer Centre", clinic_phone="+44 20 7946 0000", time_zone="Europe/London"),
                       database=url)
    try:
        window = MainWindow(settings, catalogue_at(""), persist_settings=False, open_store=lambda: store)
    finally:
        main_window.first_size = first_size
    window.resize(*size)
    window.show()
    assert window.store_link is not None
    window.store_link.open_course(course_id)
    window.tabs.setCurrentIndex(tab)
    for _ in range(3):
        app.processEvents()
    window.grab().save(str(path))
    window.close()
    store.close()
    return path


def main() -> int:
    folder, app = started()
    default = app.palette()
    with tempfile.TemporaryDirectory(prefix="planner-store-") as work:
        url = booked_store(Path(work))
        for palette_name, palette in (("", default), ("-dark", dark_palette()), ("-high-contrast", high_contrast_palette())):
            app.setPalette(palette)
            for size in ((1600, 1000), (1024, 700)):
                suffix = "" if size == (1600, 1000) else f"-{size[0]}x{size[1]}"
                for tab, view in ((0, "list"), (1, "week"), (2, "month")):
                    print(shoot(app, url, folder / f"window-booked-{view}{palette_name}{suffix}.png", size, tab))
        app.setPalette(default)
        url, opened = patients_store(Path(work))
        print(shoot(app, url, folder / "window-patients.png", (1600, 1000), 0, opened, PATIENTS_DAY))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
