"""A long preset name in a narrow form (1024 px beside the Patients list) was cut mid-letter: "Prostate
20 fractions daily (4 weel". It now ends in "…", its tooltip gives the whole name (and what a preset
is for), each name in the open list has its tooltip, and the open list is as wide as its longest name."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from planner.core.spec import CourseSpec
from tests.window_helpers import open_window

COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", preset="20-daily",
                    start=date(2026, 12, 7), tz="Europe/London")
NAME = "Prostate 20 fractions daily (4 weeks)"


def test_the_preset_name_is_whole_in_its_tooltip_and_open_list(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE, size=(1024, 700))
    combo = window.form.preset
    assert combo.currentText() == NAME
    assert combo.toolTip().split("\n")[0] == NAME
    assert "regimen preset" in combo.toolTip()
    widest = max(combo.view().fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))
    assert combo.view().minimumWidth() > widest  # the longest name whole, with the list's frame and scroll bar
    assert all(combo.itemData(i, Qt.ItemDataRole.ToolTipRole) == combo.itemText(i) for i in range(combo.count()))
    window.form.site.setCurrentIndex(window.form.site.findData("breast"))  # the presets filled again
    qtbot.waitUntil(lambda: combo.findText(NAME) < 0)
    assert combo.toolTip().split("\n")[0] == combo.currentText()
    widest = max(combo.view().fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))
    assert combo.view().minimumWidth() > widest
    combo.setCurrentIndex(combo.count() - 1)
    assert combo.toolTip().split("\n")[0] == combo.itemText(combo.count() - 1)


def test_a_preset_name_too_long_for_the_field_ends_in_an_ellipsis(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE, size=(1024, 700))
    combo = window.form.preset
    combo.setFixedWidth(combo.fontMetrics().horizontalAdvance(NAME) // 2)
    qtbot.waitUntil(lambda: combo.width() < combo.fontMetrics().horizontalAdvance(NAME))
    shown = combo.shown_text()
    assert shown.endswith("…") and NAME.startswith(shown[:-1]) and len(shown) > 5
    combo.setFixedWidth(combo.fontMetrics().horizontalAdvance(NAME) * 2)
    qtbot.waitUntil(lambda: combo.shown_text() == NAME)  # room enough: whole
