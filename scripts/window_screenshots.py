"""Screenshots of the window for docs/: 1600x1000, 1024x700, a dark and a high-contrast palette, and
the README's list and week (an invented patient's pelvis course across Thanksgiving and Christmas).

Run with `.venv/bin/python scripts/window_screenshots.py [folder]` (offscreen, no display needed).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime, time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
for name in ("CONFIG", "DATA", "CACHE"):  # keep the user's own settings and recent files out of it
    os.environ.setdefault(f"IGRT_PLANNER_{name}_DIR", tempfile.mkdtemp(prefix="planner-shots-"))

from PySide6.QtWidgets import QApplication  # noqa: E402

from planner.core.course import Adjustments, MakeUp, MissedSession  # noqa: E402
from planner.core.spec import CourseSpec, PhaseSpec  # noqa: E402
from planner.store.settings import Settings  # noqa: E402
from planner.ui.colours import dark_palette, high_contrast_palette  # noqa: E402
from planner.ui.contrast_style import use_contrast_style  # noqa: E402
from planner.ui.main_window import MainWindow, catalogue_at  # noqa: E402

SETTINGS = Settings(clinic_name="Riverside Cancer Centre", clinic_phone="+44 20 7946 0000", time_zone="Europe/London",
                    holidays="GB-ENG")
COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-104233", site="head-neck", fractions=30,
                    start=date(2026, 11, 23), tz="Europe/London", holidays="GB-ENG", review_day=1, follow_up_weeks=6,
                    closed=((date(2026, 12, 8), "Linac service"),), phases=(PhaseSpec(5),),
                    adjustments=Adjustments(missed=(MissedSession(date(2026, 11, 25), MakeUp.WEEKEND, datetime(2026, 11, 28, 9, 0),
                                                                  "transport"),)))

SHOT_DAY = date(2026, 11, 16)  # "today" in the pictures: the week before COURSE's first fraction

# The README's first pictures: the list and the week of Thanksgiving (an invented patient; US holidays, a closure),
# years ahead so that the form has no first fraction in the past to warn of
README_SETTINGS = Settings(clinic_name="Riverside Cancer Centre", clinic_phone="+1 212 555 0100", time_zone="America/New_York",
                           holidays="US-NY")
PELVIS = CourseSpec(patient_name="Zoë Ångström-Nguyễn", patient_id="MRN 004512", site="pelvis-gyn", preset="28-daily",
                    start=date(2030, 11, 18), time=time(8, 30), tz="America/New_York", holidays="US-NY",
                    closed=((date(2030, 12, 6), "linac service"),), simulation=datetime(2030, 11, 12, 10, 0), review_day=1,
                    follow_up_weeks=6, location="Radiation Oncology, Level B1")
README_SIZE = (1360, 860)
README_DAY = date(2030, 11, 4)  # "today" in the README's pictures: the week before PELVIS's planning scan
THANKSGIVING_WEEK = date(2030, 11, 25)


def shoot(app: QApplication, folder: Path, name: str, size: tuple[int, int], tab: int, course: CourseSpec | None = None,
          settings: Settings = SETTINGS, week: date | None = None, today: date = SHOT_DAY) -> Path:
    """The window at `size` showing `course` (default: the head-and-neck course without its planning scan) on
    `tab`, the week view at `week` when given; saved as window-NAME.png in `folder`."""
    window = MainWindow(settings, catalogue_at(""), persist_settings=False)
    window.form.today = lambda: today  # the pictures do not change with the day they are taken
    window.session.reset(course or COURSE.updated(simulation=None), None)
    window.resize(*size)
    window.show()
    window.tabs.setCurrentIndex(tab)
    for _ in range(3):
        app.processEvents()
    if week is not None and window.week is not None:
        window.week.go(week)
        for _ in range(3):
            app.processEvents()
    path = folder / f"window-{name}.png"
    window.grab().save(str(path))
    window.session.undo_stack.setClean()
    window.close()
    return path


def started() -> tuple[Path, QApplication]:
    """The folder asked for (default docs/) and the application styled as the app starts it (Fusion)."""
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs")
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    use_contrast_style(app)  # as the app starts
    return folder, app


def main() -> int:
    folder, app = started()
    default = app.palette()
    print(shoot(app, folder, "1600x1000", (1600, 1000), 1))
    print(shoot(app, folder, "1024x700", (1024, 700), 1))
    print(shoot(app, folder, "1024x700-month", (1024, 700), 2))
    app.setPalette(dark_palette())
    print(shoot(app, folder, "dark", (1366, 768), 1))
    print(shoot(app, folder, "dark-list", (1366, 768), 0))
    app.setPalette(high_contrast_palette())
    print(shoot(app, folder, "high-contrast", (1366, 768), 2))
    app.setPalette(default)
    print(shoot(app, folder, "list", README_SIZE, 0, PELVIS, README_SETTINGS, today=README_DAY))
    print(shoot(app, folder, "week", README_SIZE, 1, PELVIS, README_SETTINGS, THANKSGIVING_WEEK, README_DAY))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
