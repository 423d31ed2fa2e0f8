"""Screenshots of the real window for docs/: run under Xvfb (see README, Development).

Usage: python scripts/screenshot.py COURSE.json OUT_PREFIX
Writes OUT_PREFIX-list.png, -week.png and -month.png, grabbed from the screen.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from planner.store.settings import load_settings
from planner.ui.main_window import MainWindow, catalogue_at


def main() -> int:
    course, prefix = Path(sys.argv[1]), sys.argv[2]
    app = QApplication(sys.argv[:1])
    settings = load_settings()
    window = MainWindow(settings, catalogue_at(settings.catalogue_path), persist_settings=False)
    window.resize(1360, 860)
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
