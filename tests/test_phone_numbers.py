"""The clinic's phone number is printed on every sheet and written into every calendar: what cannot be called
("call reception", "518-555-0142x", found by a fresh-eyes coordinator) is refused where it is typed, in
Settings beside the field and in the department's settings or file naming the key."""

from __future__ import annotations

import pytest

from planner.app.department_tables import DETAIL_KEYS, NEW_DEPARTMENT
from planner.core.department import DepartmentFileError, parse_department
from planner.core.text import phone_problem
from planner.store.settings import Settings
from planner.ui import dialogs
from planner.ui.department_settings import DepartmentDialog
from planner.ui.main_window import catalogue_at


@pytest.mark.parametrize("number", ["+44 20 7946 0000", "(518) 555-0142", "518-555-0142 x12", "518.555.0142 ext. 4",
                                    "020 7946 0000/1", "4412", ""])
def test_a_number_a_patient_can_call_is_taken(number):
    assert phone_problem(number) is None


@pytest.mark.parametrize("number", ["call reception", "518-555-0142x", "abc", "12", "+44 ２０ 7946", "0800-FLOWERS"])
def test_what_cannot_be_called_is_refused_saying_what_a_number_holds(number):
    assert phone_problem(number) == (f"'{number}' is not a phone number: digits, spaces and + ( ) - . / only, an "
                                     "extension as 'ext 12' or 'x12'")


def test_the_department_file_and_dialog_refuse_it_naming_the_key(qtbot):
    with pytest.raises(DepartmentFileError, match=r"riverside.toml: \[department\]: 'phone': 'call reception' is not"):
        parse_department('[department]\nname = "Riverside"\nphone = "call reception"\n', "riverside.toml")
    saved = []
    dialog = DepartmentDialog(NEW_DEPARTMENT, saved.append)
    qtbot.addWidget(dialog)
    dialog.details.setData(dialog.details.index(DETAIL_KEYS.index("phone"), 0), "518-555-0142x")
    dialog.accept()
    # the dialog names the field in words, beside it and under the pages (once the file's key, 'phone')
    assert not saved and dialog.error.text().startswith("Phone: '518-555-0142x' is not a phone number")
    assert dialog.clinic.errors["phone"].text().startswith("'518-555-0142x' is not a phone number")


def test_settings_refuse_it_beside_the_field(qtbot):
    dialog = dialogs.SettingsDialog(Settings(time_zone="UTC"), catalogue_at)
    qtbot.addWidget(dialog)
    dialog.clinic_phone.setText("call reception")
    dialog._accept()
    assert dialog.result_settings is None and "is not a phone number" in dialog.errors["clinic_phone"].text()
    dialog.clinic_phone.setText("+1 212 555 0100")
    dialog._accept()
    assert dialog.result_settings is not None and dialog.result_settings.clinic_phone == "+1 212 555 0100"
