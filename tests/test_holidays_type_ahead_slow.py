"""Typing a country's first letters in the Holidays list picks it even when choosing a country is slow: on a
fresh start filling the first country's regions took about 0.6 s, longer than the keyboard's pause, so Qt's
search started over at each letter and "United" typed quickly landed on "Nicaragua". The letters are told
apart by when they were typed (the key events' times), not by when the list got to them."""

from __future__ import annotations

import time
from collections.abc import Mapping

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox

from planner.core.clinic import PackageHolidays
from planner.ui.course_form import CourseForm
from planner.ui.holiday_chooser import HolidayChooser
from planner.ui.pick_lists import SpaceOpensNothing


class SlowRegions(PackageHolidays):
    """The holidays package, each country's regions a little slower to come than the keyboard's pause."""

    def subdivision_names(self, country: str) -> Mapping[str, str]:
        time.sleep(QApplication.keyboardInputInterval() / 1000 + 0.1)
        return super().subdivision_names(country)


def typed_quickly(combo: QComboBox, text: str, start: int = 1_000_000) -> None:
    """`text` typed into `combo` a letter every 50 ms (by the events' times), as through the window system."""
    for n, letter in enumerate(text):
        key = Qt.Key.Key_Space if letter == " " else Qt.Key(ord(letter.upper()))
        modifiers = Qt.KeyboardModifier.ShiftModifier if letter.isupper() else Qt.KeyboardModifier.NoModifier
        event = QKeyEvent(QEvent.Type.KeyPress, key, modifiers, letter)
        event.setTimestamp(start + 50 * n)
        QApplication.sendEvent(combo, event)
        QApplication.sendEvent(combo, QKeyEvent(QEvent.Type.KeyRelease, key, modifiers, letter))


def test_the_settings_holidays_list_keeps_the_letters_typed_while_regions_load(qtbot):
    chooser = HolidayChooser(SlowRegions())
    qtbot.addWidget(chooser)
    space = SpaceOpensNothing(chooser)
    chooser.country.installEventFilter(space)  # as Settings has it: Space is one more letter
    typed_quickly(chooser.country, "United")
    assert chooser.country.currentText() == "United Arab Emirates (AE)"
    typed_quickly(chooser.country, "United K", start=2_000_000)
    assert chooser.code() == "GB"


@pytest.mark.parametrize("typed", ["United K", "unit"])
def test_the_course_form_holidays_list_too(qtbot, catalogue, typed):
    form = CourseForm(catalogue, SlowRegions())
    qtbot.addWidget(form)
    form.fill_lists()
    typed_quickly(form.country, typed)
    assert form.country.currentData() == ("GB" if typed == "United K" else "AE")


def test_a_letter_after_the_pause_starts_again_and_the_same_letter_goes_round(qtbot):
    chooser = HolidayChooser(PackageHolidays())
    qtbot.addWidget(chooser)
    typed_quickly(chooser.country, "Un")
    assert chooser.country.currentData() == "AE"
    typed_quickly(chooser.country, "N", start=5_000_000)  # long after: a new search
    first_n = chooser.country.currentText()
    assert first_n.startswith("N")
    typed_quickly(chooser.country, "n", start=6_000_000)
    assert chooser.country.currentText().startswith("N") and chooser.country.currentText() != first_n
