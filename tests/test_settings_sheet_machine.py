"""The Settings dialog shows the clinic's choice whether the patient's sheet names the machine, and saves it."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from planner.ui.dialogs import SettingsDialog
from planner.ui.main_window import catalogue_at
from tests.test_ui import SETTINGS


def test_the_sheet_names_machine_setting_shows_and_saves(qtbot):
    dialog = SettingsDialog(replace(SETTINGS, sheet_names_machine=False), catalogue_at)
    qtbot.addWidget(dialog)
    assert not dialog.sheet_machine.isChecked()
    qtbot.mouseClick(dialog.sheet_machine, Qt.MouseButton.LeftButton)
    dialog._accept()
    assert dialog.result_settings is not None and dialog.result_settings.sheet_names_machine is True
    # and back off, keeping what else the settings hold
    dialog = SettingsDialog(replace(SETTINGS, sheet_names_machine=True, clinic_phone="+44 20 7946 0000"), catalogue_at)
    qtbot.addWidget(dialog)
    assert dialog.sheet_machine.isChecked()
    dialog.sheet_machine.setChecked(False)
    dialog._accept()
    assert dialog.result_settings is not None
    assert dialog.result_settings.sheet_names_machine is False and dialog.result_settings.clinic_phone == "+44 20 7946 0000"


def test_the_settings_check_boxes_have_alt_letters_each_used_once(qtbot):
    from PySide6.QtWidgets import QAbstractButton, QLabel

    dialog = SettingsDialog(SETTINGS, catalogue_at)
    qtbot.addWidget(dialog)
    assert "&" in dialog.discreet_id.text() and "&" in dialog.sheet_machine.text(), "reached by Alt, not by Tab alone"
    texts = [w.text() for w in dialog.findChildren(QLabel) if w.buddy() is not None]
    texts += [w.text() for w in dialog.findChildren(QAbstractButton)]
    letters = [text[text.index("&") + 1].lower() for text in texts if "&" in text]
    assert len(letters) == len(set(letters)), texts


def test_the_setting_names_the_print_it_changes(qtbot):
    """'the patient's sheet' read as any print: the box names the Print dialog's Course sheet layout, and its tip says the
    weekly view and the calendar name the machine whatever it says, so an unticked box is not taken for 'never'."""
    from datetime import date

    from planner.ui.dialogs import PrintDialog

    printing = PrintDialog([date(2026, 11, 30)])
    qtbot.addWidget(printing)
    layout_name = printing.layout_choice.itemText(printing.layout_choice.findData("sheet")).split(" (")[0]
    dialog = SettingsDialog(SETTINGS, catalogue_at)
    qtbot.addWidget(dialog)
    assert layout_name.lower() in dialog.sheet_machine.text().replace("&", "").lower()
    assert "weekly view" in dialog.sheet_machine.toolTip() and "calendar" in dialog.sheet_machine.toolTip()
