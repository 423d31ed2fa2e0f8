"""Another coordinator saves Department settings while this coordinator is typing into the course form: the course on
screen is planned again on the department's new calendar, and the form shown again. What was typed and not confirmed
yet (a first fraction's date without Enter, then Ctrl+E) was put back to the course's old value by that redraw: the
date the coordinator had typed was gone, and the export that found the change went on later with the old date. What is
typed is now taken first, as leaving the field takes it; text the course cannot take (not a date yet, a closure being
written) stays in its field through the redraw, and the cursor stays where it was."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from planner.ui import dialogs

from .booking_scenario import main_window_on
from .test_main_window_follows_department import COURSE, POWER_CUT, back_to_the_window, changed_elsewhere, last_day, url

__all__ = ["url"]  # the fixture, used by name


def typed_into(qtbot, field, text: str) -> None:
    """The coordinator's keys into `field`, over what it held, with no Enter and the field not left."""
    field.setFocus(Qt.FocusReason.TabFocusReason)
    field.selectAll()
    qtbot.keyClicks(field, text)


@pytest.mark.parametrize("edited", [False, True], ids=["as stored", "with unsaved edits"])
def test_a_first_fraction_typed_and_not_confirmed_stays_when_an_export_finds_the_department_changed(qtbot, monkeypatch, url, edited):
    opened: list[bool] = []
    monkeypatch.setattr(dialogs.ExportDialog, "exec", lambda self: opened.append(True) or False)
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(COURSE)
        form, session = window.form, window.session
        if edited:
            typed_into(qtbot, form.patient_name, "Ann Other")
        typed_into(qtbot, form.start, "1 Apr 2030")  # a Monday, a week later than stored
        assert session.spec.start == date(2030, 3, 25)  # not taken yet: no Enter, the field not left
        changed_elsewhere(url, closures=(POWER_CUT,))
        window.export_action.trigger()  # Ctrl+E: the keys stay in the field
        assert opened == []  # the course moved: the coordinator looks at it first
        assert form.start.text() == "Mon 1 Apr 2030" and window.focusWidget() is form.start  # what was typed, still there
        assert session.spec.start == date(2030, 4, 1) and POWER_CUT in session.spec.closed and session.dirty
        assert session.schedule.fractions[0].start.date() == date(2030, 4, 1)
        assert (session.spec.patient_name == "Ann Other") == edited
        assert window.statusBar().currentMessage().endswith("your edits kept; check it, then export again.")
        window.export_action.trigger()
        assert opened == [True]


def test_text_that_is_not_a_date_yet_stays_with_its_reason_when_the_window_follows_the_department(qtbot, monkeypatch, url):
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(COURSE)
        form, session = window.form, window.session
        before = last_day(window)
        typed_into(qtbot, form.start, "1 Ap")  # half a date
        changed_elsewhere(url, closures=(POWER_CUT,))
        back_to_the_window(window)
        assert POWER_CUT in session.spec.closed and last_day(window) > before  # the course followed the closure
        assert form.start.text() == "1 Ap" and form.start.cursorPosition() == 4  # the keys go on where they were
        assert "is not a date" in form.errors["start"].text()  # said beside it, as leaving the field says it
        assert session.spec.start == date(2030, 3, 25)


def test_an_export_stops_at_a_first_fraction_that_is_not_a_date(qtbot, monkeypatch, url):
    opened: list[bool] = []
    monkeypatch.setattr(dialogs.ExportDialog, "exec", lambda self: opened.append(True) or False)
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(COURSE)
        form = window.form
        typed_into(qtbot, form.start, "1 Ap")
        window.export_action.trigger()
        assert opened == []  # not a calendar with the old date while the field shows another
        assert form.start.text() == "1 Ap" and "is not a date" in form.errors["start"].text()
        said = window.statusBar().currentMessage()
        assert said.startswith(form.field_label("start")) and said.endswith("Correct it, then export again.")


def test_a_closure_being_written_stays_when_the_new_course_follows_the_department(qtbot, monkeypatch, url):
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started and window.store_link.store is not None, timeout=10_000)
        form = window.form
        assert window.courses.blank_course_shown()
        typed_into(qtbot, form.closure_date, "12 Aug 2030")
        typed_into(qtbot, form.closure_note, "Linc serv")
        form.closure_note.setCursorPosition(3)  # mending a word
        changed_elsewhere(url, treatment_days=frozenset(range(6)))
        back_to_the_window(window)
        assert window.session.spec.days == frozenset(range(6))  # the new course made again on the department's days
        assert form.closure_note.text() == "Linc serv" and form.closure_note.cursorPosition() == 3
        assert form.closure_date.text() == "12 Aug 2030"
        qtbot.keyClicks(form.closure_note, "a")
        form.add_closure.click()
        assert (date(2030, 8, 12), "Linac serv") in window.session.spec.closed


def test_the_cursor_stays_in_the_patients_name_when_the_window_follows_the_department(qtbot, monkeypatch, url):
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(COURSE)
        name = window.form.patient_name
        typed_into(qtbot, name, "Ann Othr")
        name.setCursorPosition(7)
        qtbot.keyClicks(name, "e")  # mending the name in its middle: "Ann Other"
        changed_elsewhere(url, closures=(POWER_CUT,))
        back_to_the_window(window)
        assert POWER_CUT in window.session.spec.closed
        assert name.text() == "Ann Other" and name.cursorPosition() == 8  # the next key lands where the last one did
