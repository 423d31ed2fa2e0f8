"""The desktop start paints its frame before it builds the Qt namespace's Python enums.

PySide6 turns every enum of `Qt` (Key, AlignmentFlag, FocusReason, ... about a hundred of them) into a Python enum the
first time any module takes `Qt` from PySide6.QtCore: about 40 ms, a third of a bare window's start. The window's frame
needs none of them, and the modules it imports take `Qt` only when a key, a focus or a dialog needs it. A module
imported on the way to the first paint that took `Qt` at import (three did) made the cold start about 2.3x a bare
window's against its 1.5x target (docs/PERFORMANCE.md), with two more costs of the same weight: the Alt-letter guard, a
Python filter of every event, whose first event of each kind of widget builds that class's Python enums, and the
course's rules, imported by the settings for their time-zone check alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = """
import json, sys
from PySide6 import QtCore
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import planner.ui.main_window as main_window
from planner.ui.app import main

seen = {}
paint = main_window.MainWindow.paintEvent

def first_paint(self, event):
    if not seen:
        seen["qt_enums_with_the_frame"] = "Qt" in QtCore.__dict__
        seen["form_built"] = self.started
        seen["filters_with_the_frame"] = sum(type(o).__name__ == "AltLettersKeptOut" for o in QApplication.instance().children())
        seen["modules_with_the_frame"] = sorted(m for m in ("planner.core.course", "planner.ui.alt_keys", "zoneinfo", "html")
                                                if m in sys.modules)
        QTimer.singleShot(0, self.finish_start)
        QTimer.singleShot(0, lambda: look_at_the_form(self))
    paint(self, event)

def look_at_the_form(window):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from planner.ui.alt_keys import AltLettersKeptOut

    seen["form_shown"] = window.started and window.session.schedule is not None
    seen["filters_with_the_form"] = len(QApplication.instance().findChildren(AltLettersKeptOut))
    name = window.form.patient_name
    before = name.text()
    name.setFocus()
    QTest.keyClick(name, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # a label's Alt letter no shortcut uses
    seen["alt_letter_typed"] = name.text() != before
    window.session.mark_saved()
    QApplication.instance().exit(0)

main_window.MainWindow.paintEvent = first_paint
main(["main.py", sys.argv[1]])
print(json.dumps(seen))
"""

COURSE = {"schema": 1, "app": "igrt-course-planner", "course_id": "start", "patient": {"name": "Start Probe", "id": "H00001"},
          "site": "prostate", "preset": None, "fractions": 20, "weeks": None, "pattern": "daily", "start": "2026-12-07",
          "time": "08:30", "duration": 20, "tz": "Europe/London", "holidays": "", "closed": [], "days": "mon,tue,wed,thu,fri",
          "simulation": None, "follow_up_weeks": 6, "review_day": "tue", "location": "", "discreet": False,
          "adjustments": {"moves": [], "missed": []}}


def test_the_first_paint_comes_before_the_qt_namespace_is_built(tmp_path):
    course = tmp_path / "start.igrt.json"
    course.write_text(json.dumps(COURSE), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", IGRT_PLANNER_CONFIG_DIR=str(tmp_path / "config"),
               IGRT_PLANNER_DATA_DIR=str(tmp_path / "data"), IGRT_PLANNER_CACHE_DIR=str(tmp_path / "cache"),
               IGRT_PLANNER_NO_DIALOGS="1")
    run = subprocess.run([sys.executable, "-c", PROBE, str(course)], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["form_built"] is False  # the first paint is the frame's, as main.py starts it
    assert seen["qt_enums_with_the_frame"] is False
    assert seen["modules_with_the_frame"] == []  # the course's rules (about 20 ms to import), the Alt-letter guard,
    # zoneinfo and html (about 4 ms each, for a clinic's chosen zone and a tip holding a tag) wait
    assert seen["form_shown"] is True  # and the form, which needs them, comes right after
    # The Alt-letter guard (a Python filter of every event) joins once the form is there to type into, and works
    assert seen["filters_with_the_frame"] == 0 and seen["filters_with_the_form"] == 1
    assert seen["alt_letter_typed"] is False
