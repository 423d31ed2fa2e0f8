"""At 1024x700 the Patients list opens at its narrowest; its search box's hint shows whole there
(it was cut to "Search name or hospital nu…"), and the box says in full what it searches."""

from __future__ import annotations

from PySide6.QtWidgets import QStyle, QStyleOptionFrame

from .test_ui_small_screen import dock_of, make_window, press_patients_key  # noqa: F401 - the fixture

CLEAR_BUTTON = 24  # the room the clear button may take at the right, its icon and margins


def test_the_search_hint_shows_whole_in_the_narrowest_dock(qtbot, make_window):  # noqa: F811
    window = make_window(1024, 700)
    press_patients_key(qtbot, window)
    dock = dock_of(window)
    qtbot.waitUntil(lambda: dock.isVisible() and dock.width() >= window.store_link.widths.narrowest_dock() - 20)  # at its narrowest
    search = window.store_link.patients.search
    option = QStyleOptionFrame()
    search.initStyleOption(option)
    inner = search.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, search)
    room = inner.width() - 4 - CLEAR_BUTTON
    assert search.fontMetrics().horizontalAdvance(search.placeholderText()) <= room, (search.placeholderText(), room)
    assert "hospital number" in search.toolTip() and "name" in search.toolTip()
    assert search.accessibleName() and "hospital number" in search.accessibleDescription()
