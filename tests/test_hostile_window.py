"""The window meets the same limits as the command line: a control character in a name or a date
outside the planner's calendar is explained next to its field, never a crash."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate

from planner.ui.main_window import catalogue_at
from tests.test_ui import SETTINGS, fill_course
from tests.test_ui import window as window  # noqa: F401 - the fixture: the window on a blank form, shown


@pytest.mark.parametrize("field,text", [("patient", "Zoë\x1b]0;x\x07"), ("patient", "tab\there"), ("location", "B1\x7f")])
def test_control_characters_in_the_form_are_shown_next_to_the_field(window, qtbot, field, text):
    fill_course(window, qtbot)
    widget = window.form.patient_name if field == "patient" else window.form.location
    widget.setText(text)
    widget.textEdited.emit(text)
    error = window.form.errors[field]
    assert error.isVisible() and "control character" in error.text()
    assert "\x1b" not in error.text() and "\x7f" not in error.text()
    assert window.summary.text().startswith("No schedule")


def test_date_fields_offer_only_the_planners_calendar(window, qtbot):
    fill_course(window, qtbot)
    form = window.form
    for edit in (form.start, form.closure_date, form.simulation):
        assert (edit.minimumDate(), edit.maximumDate()) == (QDate(1900, 1, 1), QDate(2200, 12, 31))
    form.start.setDate(QDate(9999, 12, 31))
    assert form.start.date() == QDate(2200, 12, 31)
    form.start_popup.setCurrentPage(2200, 12)  # the popup's last month: no overflow past the calendar
    form.start.setDate(QDate(1, 1, 1))
    assert form.start.date() == QDate(1900, 1, 1)


def test_settings_dialog_refuses_what_the_settings_file_would_refuse(window, qtbot, tmp_path):
    from PySide6.QtWidgets import QDialog

    from planner.store.settings import load_settings, save_settings
    from planner.ui import dialogs

    dialog = dialogs.SettingsDialog(SETTINGS, catalogue_at, window)
    qtbot.addWidget(dialog)
    for edit, key in ((dialog.clinic_name, "clinic_name"), (dialog.clinic_address, "clinic_address"), (dialog.clinic_phone, "clinic_phone")):
        edit.setText("Riverside\x1b[2J")
        dialog._accept()
        assert dialog.result() != QDialog.DialogCode.Accepted and dialog.result_settings is None
        assert "control character" in dialog.errors[key].text() and "\x1b" not in dialog.errors[key].text()
        edit.setText("+44 20 7946 0000" if key == "clinic_phone" else "Riverside")
    dialog._accept()
    assert dialog.result_settings is not None
    path = tmp_path / "settings.json"
    save_settings(dialog.result_settings, path)
    assert load_settings(path) == dialog.result_settings  # what the dialog accepts, the next start reads
