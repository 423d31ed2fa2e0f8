"""A course that takes its fractions, pattern and session length from its preset (as `plan --save` and
`course save --preset` write it: null) is not changed by a field merely left: Tab through the time zone
records no "Change time zone", leaves the course saved, and a real change keeps them "from the preset"."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from planner.core.spec import CourseSpec
from planner.store.course_file import save_course

from .test_ui import window  # noqa: F401 - the fixture


def test_leaving_the_time_zone_changes_nothing_in_a_course_from_its_preset(window, qtbot, tmp_path):  # noqa: F811
    path = tmp_path / "ann.igrt.json"
    save_course(CourseSpec(site="breast", preset="15-daily", start=date(2027, 1, 11), time=time(10, 0),
                           tz="Europe/London", patient_name="Ann Smith", patient_id="H100"), path)
    window.session.open(path)
    assert window.session.spec.fractions is None and window.session.spec.duration is None
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    zone = window.form.tz.lineEdit()
    zone.setFocus()
    qtbot.waitUntil(zone.hasFocus)
    QTest.keyClick(zone, Qt.Key.Key_Tab)  # leaves the field: the zone is checked
    qtbot.waitUntil(lambda: not zone.hasFocus())
    assert window.session.undo_stack.count() == 0
    assert not window.session.dirty
    assert not window.isWindowModified()
    window.form.location.setText("Level 2")
    window.form.location.textEdited.emit("Level 2")  # a real change
    spec = window.session.spec
    assert spec.location == "Level 2"
    assert (spec.fractions, spec.pattern, spec.duration) == (None, None, None)  # still from the preset
    assert window.session.schedule is not None and len([a for a in window.session.schedule.appointments if a.number]) >= 15
