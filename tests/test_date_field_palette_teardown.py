"""A date field (the Bookings window's day, a course's start) redraws its calendar button's arrow in the palette's
text colour when the palette changes, and not while it is being taken down: a window with a palette of its own and a
date field in its toolbar, deleted, told the field of the palette change after its button had gone, and the program
crashed (a segmentation fault; in the tests, 'Internal C++ object (QAction) already deleted' in a later test)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QColor, QPalette

from planner.ui.date_field import DateField

ROOT = Path(__file__).resolve().parent.parent

TAKEN_DOWN = """
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow
from planner.ui.date_field import DateField
app = QApplication([])
window = QMainWindow()
window.addToolBar("Day").addWidget(DateField())
window.show()
app.processEvents()
palette = QPalette()
palette.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
window.setPalette(palette)
window.deleteLater()
QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
print("deleted")
"""


def arrow_colour(field: DateField) -> QColor:
    image = field.actions()[0].icon().pixmap(16, 16).toImage()
    return QColor(image.pixel(8, 8))


def test_the_arrow_follows_the_palette(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    palette = QPalette(field.palette())
    palette.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    field.setPalette(palette)
    assert arrow_colour(field).name() == "#e6e6e6"


def test_a_window_with_its_own_palette_is_deleted_without_a_crash():
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", TAKEN_DOWN], capture_output=True, text=True, timeout=120, cwd=ROOT,
                            env=environment)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "deleted"
    assert "already deleted" not in result.stderr
