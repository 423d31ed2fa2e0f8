"""Values that stay in step in the form, messages in the form's words, files that carry the patient."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog

from planner.app.file_names import proposed_file_name
from planner.core.kinds import AppointmentKey
from planner.core.spec import CourseSpec
from planner.store.course_file import save_course
from planner.ui.files import CourseOpenDialog, course_preview
from planner.ui.fonts import uncovered_characters
from planner.ui.main_window import catalogue_at
from tests.test_ui import SETTINGS, choose
from tests.window_helpers import open_window

COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", preset="20-daily", fractions=20,
                    start=date(2026, 12, 7), tz="America/New_York", holidays="US-NY")


@pytest.fixture
def window(qtbot, monkeypatch):
    return open_window(qtbot, monkeypatch, COURSE)


def test_the_planning_scan_follows_the_first_fraction_until_edited(window):
    form = window.form
    form.has_simulation.setChecked(True)
    form.start.setDate(QDate(2027, 1, 11))
    assert form.simulation.date() == QDate(2027, 1, 4)
    assert window.session.spec.simulation.date() == date(2027, 1, 4)
    form.simulation.setDate(QDate(2026, 12, 30))  # the coordinator's own date
    form.start.setDate(QDate(2027, 1, 18))
    assert window.session.spec.simulation.date() == date(2026, 12, 30)


def test_the_preset_shows_custom_once_the_regimen_differs(window, catalogue):
    form = window.form
    assert form.preset.currentData() == "20-daily"
    preset = catalogue.site("prostate").preset("20-daily")
    assert form.duration.value() == (preset.session_minutes or catalogue.site("prostate").session_minutes)
    form.count.setValue(21)
    assert form.preset.currentText() == "Custom" and window.session.spec.preset is None
    choose(form.preset, "20-daily")
    assert form.count.value() == 20
    choose(form.pattern, "alternate")
    assert form.preset.currentText() == "Custom"
    choose(form.preset, "20-daily")
    form.duration.setValue(form.duration.value() + 5)
    assert form.preset.currentText() == "Custom"


def test_a_site_change_selects_that_sites_first_preset(window, catalogue):
    choose(window.form.site, "head-neck")
    first = catalogue.site("head-neck").presets[0]
    assert window.form.preset.currentData() == first.id
    assert window.form.count.value() == first.fractions
    assert len(window.session.schedule.fractions) == first.fractions


def test_a_first_fraction_in_the_past_is_a_visible_warning_not_a_refusal(window):
    past = date.today() - timedelta(days=14)
    past -= timedelta(days=past.weekday())  # a Monday
    window.form.start.setDate(QDate(past.year, past.month, past.day))
    assert window.form.start_note.isVisible() and "in the past" in window.form.start_note.text()
    assert window.session.schedule is not None and window.session.schedule.first_fraction.start.date() == past


def test_a_first_fraction_years_ahead_is_a_visible_warning_not_a_refusal(window):
    """A mistyped year (2199 for 2026) gave a course with no word about it: a holiday-free plan years out."""
    far = date.today() + timedelta(days=3 * 365)
    far -= timedelta(days=far.weekday())  # a Monday
    window.form.start.setDate(QDate(far.year, far.month, far.day))
    assert window.form.start_note.isVisible() and "check the year" in window.form.start_note.text()
    assert window.session.schedule is not None and window.session.schedule.first_fraction.start.date() == far
    soon = date.today() + timedelta(days=21)
    soon -= timedelta(days=soon.weekday())
    window.form.start.setDate(QDate(soon.year, soon.month, soon.day))
    assert not window.form.start_note.isVisible()


def test_the_first_fraction_s_note_reads_the_form_s_day_so_a_picture_does_not_change_with_the_day_it_is_taken(window):
    """The README's screenshots give the form their day: a course of November 2026 pictured after it started used
    to show 'in the past' beside its first fraction."""
    window.form.today = lambda: date(2026, 11, 16)
    window.form.start.setDate(QDate(2026, 11, 23))
    assert not window.form.start_note.isVisible()
    window.form.today = lambda: date(2026, 12, 1)
    window.form.start.setDate(QDate(2026, 11, 30))
    assert window.form.start_note.isVisible() and "in the past" in window.form.start_note.text()


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # the completer's popup, offscreen
def test_the_time_zone_is_checked_when_complete_not_at_every_keystroke(window):
    form = window.form
    line = form.tz.lineEdit()
    line.setFocus()
    line.selectAll()
    QTest.keyClicks(line, "Europe/Lo")
    assert not form.errors["tz"].isVisible()
    assert window.session.spec.tz == "America/New_York"
    QTest.keyClicks(line, "ndon")
    QTest.keyClick(line, Qt.Key.Key_Return)
    assert window.session.spec.tz == "Europe/London"
    assert window.undo_stack.undoText() == "Change time zone"
    line.selectAll()
    QTest.keyClicks(line, "Atlantis/Lost")
    QTest.keyClick(line, Qt.Key.Key_Return)
    message = form.errors["tz"].text()
    assert form.errors["tz"].isVisible() and "Atlantis/Lost" in message and message.lstrip("'")[0].isupper()


def test_undo_entries_use_the_forms_words(window):
    window.form.duration.setValue(25)
    assert window.undo_stack.undoText() == "Change session length"
    window.form.start.setDate(QDate(2026, 12, 14))
    assert window.undo_stack.undoText() == "Change first fraction"


def test_one_date_format_in_the_list_closures_and_fields(window, qtbot):
    window.resize(1280, 860)  # the list with a column each (narrower, its When column says "Mon 7 Dec 2026" and the time)
    qtbot.waitUntil(lambda: not window.results.columns.compact)
    window.form.closure_date.setDate(QDate(2026, 12, 8))
    window.form.closure_note.setText("Linac service")
    window.form.add_closure.click()
    assert window.form.closures.item(0).text() == "Tue 8 Dec 2026 — Linac service"
    assert window.session.spec.closed == ((date(2026, 12, 8), "Linac service"),)
    assert window.form.start.text() == "Mon 7 Dec 2026"
    row = next(r for r in range(window.model.rowCount()) if window.model.appointment(r).key == AppointmentKey.fraction(1))
    assert window.model.index(row, 2).data() == "7 Dec 2026"
    assert "Mon 7 Dec 2026" in window.summary.text()


def test_closures_keep_date_order_and_delete_removes_the_selected_one(window):
    form = window.form
    for day in (QDate(2026, 12, 21), QDate(2026, 12, 9)):
        form.closure_date.setDate(day)
        form.add_closure.click()
    assert [form.closures.item(i).text() for i in range(2)] == ["Wed 9 Dec 2026", "Mon 21 Dec 2026"]
    form.closures.setFocus()
    form.closures.setCurrentRow(0)
    QTest.keyClick(form.closures, Qt.Key.Key_Delete)
    assert [day for day, _ in window.session.spec.closed] == [date(2026, 12, 21)]


def test_every_date_popup_shades_holidays_and_closures(window):
    form = window.form
    form.closure_date.setDate(QDate(2026, 12, 9))
    form.closure_note.setText("Linac service")
    form.add_closure.click()
    for popup in (form.start_popup, form.closure_popup, form.simulation_popup):
        popup.setCurrentPage(2026, 12)
        assert "Linac service" in popup.dateTextFormat(QDate(2026, 12, 9)).toolTip()
        assert "Christmas" in popup.dateTextFormat(QDate(2026, 12, 25)).toolTip()


def test_the_title_and_the_proposed_file_name_carry_the_patient(window, monkeypatch, tmp_path):
    assert window.windowTitle().startswith("Alex Example (RX-1) — Untitled course")
    offered = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda parent, caption, suggestion, *a: (offered.append(suggestion), ("", ""))[1])
    window.save_course_as()
    assert Path(offered[0]).name == "Alex-Example-RX-1.igrt.json"
    assert proposed_file_name(COURSE.updated(patient_name="Zoë O'Brien/../x\n", patient_id="")) == "Zoë-O-Brien-x.igrt.json"
    assert proposed_file_name(CourseSpec()) == "course.igrt.json"


def test_open_shows_the_patient_and_course_of_a_file(qtbot, tmp_path):
    path = tmp_path / "a.igrt.json"
    save_course(COURSE, path)
    assert course_preview(path).splitlines() == ["Alex Example (RX-1)", "prostate, 20 fractions, first Mon 7 Dec 2026"]
    broken = tmp_path / "b.igrt.json"
    broken.write_text("{", encoding="utf-8")
    assert course_preview(broken).startswith("Not a course the planner can open")
    dialog = CourseOpenDialog(None, str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show_preview(str(path))
    assert "Alex Example (RX-1)" in dialog.preview.text()


def test_a_name_no_installed_font_can_show_is_warned_about(window):
    window.form.patient_name.setText("Alex \U000f0000")  # a private-use character no font draws
    assert window.form.font_note.isVisible() and "\U000f0000" in window.form.font_note.text()
    window.form.patient_name.setText("Zoë Ångström")
    assert not window.form.font_note.isVisible()
    assert uncovered_characters("Alex", window.form.font()) == []


def test_settings_keep_what_the_dialog_does_not_show(window, qtbot):
    from dataclasses import replace

    from planner.ui.dialogs import SettingsDialog

    settings = replace(SETTINGS, database="sqlite:////srv/department.db", recent_files=("a.igrt.json",))
    dialog = SettingsDialog(settings, catalogue_at, window)
    qtbot.addWidget(dialog)
    dialog._accept()
    assert dialog.result_settings is not None
    assert dialog.result_settings.database == settings.database and dialog.result_settings.recent_files == ("a.igrt.json",)


@pytest.mark.parametrize("field, typed, expected", [
    ("count", "400", "1 to 40 fractions (got 400)"),
    ("duration", "300", "5 to 240 minutes (got 300)"),
    ("follow_up", "500", "1 to 104 weeks (got 500)"),
])
def test_an_absurd_number_typed_is_explained_not_cut_to_one_that_fits(window, field, typed, expected):
    """'400' typed in Fractions planned 40 fractions without a word (the field refused the last digit unseen),
    and '300' in Session length gave 30-minute sessions."""
    box = getattr(window.form, field)
    box.setFocus()
    box.lineEdit().selectAll()
    QTest.keyClicks(box, typed)
    QTest.keyClick(box, Qt.Key.Key_Tab)
    assert box.value() == int(typed)
    shown = [e.text() for e in window.form.errors.values() if e.isVisible()]
    assert any(expected in text for text in shown), shown
