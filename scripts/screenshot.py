"""Screenshots of the real window for docs/ (see README, Development).

Usage: python scripts/screenshot.py COURSE.json OUT_PREFIX
Writes OUT_PREFIX-list.png, -week.png and -month.png, grabbed from the screen. The script
starts its own X server (Debian's `xvfb` package) with a screen larger than the window, so
nothing is clipped at xvfb-run's default 1280 x 1024 screen.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from planner.store.settings import load_settings
from planner.ui.main_window import MainWindow, catalogue_at

WINDOW = (1360, 860)
SCREEN = "1600x1000x24"  # larger than WINDOW in both directions
_MARK = "IGRT_PLANNER_SCREENSHOT_SCREEN"


def in_own_screen() -> int | None:
    """Run this script again under an X server of SCREEN; None when already there."""
    if os.environ.get(_MARK) == SCREEN:
        return None
    xvfb_run = shutil.which("xvfb-run")
    if xvfb_run is None:
        sys.exit("screenshot: xvfb-run is missing (Debian: apt-get install xvfb xauth)")
    env = {**os.environ, _MARK: SCREEN}
    env.pop("QT_QPA_PLATFORM", None)
    command = [xvfb_run, "-a", "-s", f"-screen 0 {SCREEN}", sys.executable, *sys.argv]
    return subprocess.run(command, env=env, check=False).returncode


def main() -> int:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    status = in_own_screen()
    if status is not None:
        return status
    course, prefix = Path(sys.argv[1]), sys.argv[2]
    app = QApplication(sys.argv[:1])
    settings = load_settings()
    window = MainWindow(settings, catalogue_at(settings.catalogue_path), persist_settings=False)
    window.resize(*WINDOW)
    window.move(0, 0)
    window.open_path(course)
    window.show()
    shots = [("list", 0, None), ("week", 1, date(2026, 11, 23)), ("month", 2, None)]

    def take(index: int = 0) -> None:
        if index == len(shots):
            app.quit()
            return
        name, tab, week = shots[index]
        window.tabs.setCurrentIndex(tab)
        if week is not None:
            window.week.go(week)

        def grab() -> None:
            screen = window.screen()
            screen.grabWindow(0, 0, 0, window.frameGeometry().width(), window.frameGeometry().height()).save(f"{prefix}-{name}.png")
            take(index + 1)

        QTimer.singleShot(600, grab)

    QTimer.singleShot(800, take)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
