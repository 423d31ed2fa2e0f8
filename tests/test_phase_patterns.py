"""A later phase's pattern reads whole in its narrow row at 1024x700; the full words are its tooltip."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

from planner.core.kinds import Pattern
from planner.core.spec import CourseSpec
from tests.window_helpers import open_window


def test_each_phase_pattern_fits_its_combo_with_the_full_text_as_tooltip(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, CourseSpec(patient_name="Alex Example", site="prostate", fractions=20,
                                                        start=date(2026, 12, 7), tz="America/New_York"), size=(1024, 700))
    for _count, combo, _length in window.form.phase_rows:
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo)
        for index in range(combo.count()):
            assert combo.fontMetrics().horizontalAdvance(combo.itemText(index)) <= field.width(), combo.itemText(index)
        combo.setCurrentIndex(combo.findData(Pattern.ALTERNATE.value))
        assert combo.currentText() == "Alternate days" and combo.toolTip() == "Alternate days (≥ 2 days apart)"
    assert window.form.pattern.currentText() == "Daily (each treatment day)"  # the course's own row has room for the words
