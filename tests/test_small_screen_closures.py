"""At 1024x700 with the Patients list open, the course form's closures box is readable: a long
closure line wraps in the list (never cut at its edge behind a sideways scroll bar), and the note's
hint shows whole; the note field says what it is to a screen reader."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QStyle, QStyleOptionFrame

from .store.test_small_screen_fit import form_scroll
from .test_ui_small_screen import dock_of, make_window, press_patients_key  # noqa: F401 - the fixture

LONG_NOTE = "Linac 1 annual service and dosimetry quality assurance with the physics team"


def test_a_long_closure_line_wraps_whole_in_the_list(qtbot, make_window):  # noqa: F811
    window = make_window(1024, 700)
    press_patients_key(qtbot, window)
    dock = dock_of(window)
    qtbot.waitUntil(lambda: dock.isVisible() and dock.width() >= window.store_link.widths.narrowest_dock() - 20)  # settled at its narrowest
    spec = window.session.spec
    window.session.reset(spec.updated(closed=((date(2030, 4, 2), LONG_NOTE), (date(2030, 4, 9), "Staff training"))), None)
    closures = window.form.closures
    qtbot.waitUntil(lambda: closures.count() == 2)
    qtbot.wait(20)
    assert not form_scroll(window).horizontalScrollBar().isVisible()  # the form needs no sideways scroll either
    assert not closures.horizontalScrollBar().isVisible()
    inner = closures.viewport().width()
    metrics = closures.fontMetrics()
    for row in range(closures.count()):
        item = closures.item(row)
        rect = closures.visualItemRect(item)
        assert rect.right() < inner, (row, rect, inner)  # nothing of it beyond the list's edge
        text = item.text()
        wrapped = metrics.boundingRect(QRect(0, 0, rect.width(), 100000), int(Qt.TextFlag.TextWordWrap.value), text)
        assert rect.height() >= wrapped.height(), (row, rect.height(), wrapped.height())
    long_line = closures.item(0)
    assert LONG_NOTE in long_line.text()
    assert closures.visualItemRect(long_line).height() > metrics.height() * 1.5  # on more than one line


def test_the_closure_notes_hint_shows_whole(qtbot, make_window):  # noqa: F811
    window = make_window(1024, 700)
    press_patients_key(qtbot, window)
    dock = dock_of(window)
    qtbot.waitUntil(lambda: dock.isVisible() and dock.width() >= window.store_link.widths.narrowest_dock() - 20)  # settled at its narrowest
    qtbot.wait(20)
    note = window.form.closure_note
    option = QStyleOptionFrame()
    note.initStyleOption(option)
    inner = note.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, note)
    margins = note.textMargins()
    room = inner.width() - margins.left() - margins.right() - 4  # QLineEdit's own 2 px each side
    assert note.fontMetrics().horizontalAdvance(note.placeholderText()) <= room, (note.placeholderText(), room)
    assert note.accessibleName()
    assert not form_scroll(window).horizontalScrollBar().isVisible()
