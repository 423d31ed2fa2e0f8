"""Screenshots of the window showing a booked course from the department store (offscreen, no display).

Run with `.venv/bin/python scripts/booked_window_screenshots.py [folder]` from the project folder.
It builds a throw-away store with the test department, books a prostate course on Linac 1 at 09:00,
takes Linac 1 down one morning (one fraction goes to Linac 2), and grabs the list, week and month
at 1600x1000 and 1024x700 in the default, dark and high-contrast palettes.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the test department lives under tests/

from PySide6.QtWidgets import QApplication  # noqa: E402
from window_screenshots import started  # noqa: E402 - the same set-up: offscreen, own settings, Fusion

from planner.app.booking import open_desk  # noqa: E402
from planner.cli import main as cli  # noqa: E402
from planner.store.db import Store  # noqa: E402
from planner.store.settings import Settings  # noqa: E402
from planner.ui.colours import dark_palette, high_contrast_palette  # noqa: E402
from planner.ui.main_window import MainWindow, catalogue_at  # noqa: E402
from tests.store.booking_scenario import stock  # noqa: E402

LONDON = ZoneInfo("Europe/London")


def booked_store(folder: Path) -> str:
    url = stock(f"sqlite:///{folder / 'department.db'}")
    with contextlib.redirect_stdout(io.StringIO()):
        cli(["book", "--db", url, "--course-id", "course-prostate", "--earliest", "2030-03-25", "--prefer-time", "09:00",
             "--machine", "Linac 1"])
    with open_desk(url, catalogue_at("")) as desk:
        desk.machine_down("Linac 1", datetime(2030, 3, 27, 8, 0, tzinfo=LONDON), datetime(2030, 3, 27, 13, 0, tzinfo=LONDON),
                          "beam fault")
    return url


def shoot(app: QApplication, url: str, path: Path, size: tuple[int, int], tab: int) -> Path:
    store = Store.open(url)
    settings = replace(Settings(clinic_name="Riverside Cancer Centre", clinic_phone="+44 20 7946 0000", time_zone="Europe/London"),
                       database=url)
    window = MainWindow(settings, catalogue_at(""), persist_settings=False, open_store=lambda: store)
    window.resize(*size)
    window.show()
    assert window.store_link is not None
    window.store_link.open_course("course-prostate")
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
