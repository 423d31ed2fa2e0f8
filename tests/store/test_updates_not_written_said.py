"""Calendar updates that cannot be written are said in the system's words, next to the folder named as it is, and a
discreet window (a treatment room's screen) names no patient: each update's file is named by its patient, and the
message quoted the file the system met ('[Errno 2] No such file or directory: '/f/.Zoë-Ångström-H0001-….part'')."""

from __future__ import annotations

import pytest

from planner.app.booking import update_file_name
from planner.app.file_names import with_course_id

from .test_outdated_calendars import desk_on, exported_then_down

PATIENT = ("Zoë", "Ångström", "H0001", "Zo", "ngstr")


def pane_on(qtbot, url, discreet: bool):
    from planner.ui.department_window import DepartmentWindow

    exported_then_down(url)
    window = DepartmentWindow(desk_on(url))
    qtbot.addWidget(window)
    window.discreet.setChecked(discreet)
    return window.calendars


def foreign_files(pane, folder) -> str:
    """Files of the user's own under both names the update could take (its name, and that name with its course's tag):
    the longer name's, which the update cannot take either."""
    (update,) = pane.desk.calendar_updates([c.course_id for c in pane.calendars])
    name = update.file_name or update_file_name(update.patient, update.hospital_number, update.course_id)
    for taken in (name, with_course_id(name, update.course_id)):
        (folder / taken).write_text("the user's own notes", encoding="utf-8")
    return with_course_id(name, update.course_id)


@pytest.mark.parametrize("discreet", [True, False])
def test_a_folder_gone_is_said_in_the_systems_words_and_names_no_patient(qtbot, url, tmp_path, discreet):
    pane = pane_on(qtbot, url, discreet)
    pane.write_to(tmp_path / "gone")
    assert pane.status.text() == f"Could not write the updates into {tmp_path / 'gone'}: No such file or directory"
    assert pane.table.rowCount() == 1  # still owed


def test_a_foreign_file_of_an_updates_name_is_said_without_the_name_on_a_discreet_screen(qtbot, url, tmp_path):
    pane = pane_on(qtbot, url, discreet=True)
    name = foreign_files(pane, tmp_path)
    pane.write_to(tmp_path)
    said = pane.status.text()
    assert said.startswith(f"Could not write the updates into {tmp_path}: an update's file is already there and is not "
                           "this course's calendar")
    assert not any(word in said for word in PATIENT), said
    assert (tmp_path / name).read_text(encoding="utf-8") == "the user's own notes"


def test_a_foreign_file_is_named_on_a_screen_that_shows_names(qtbot, url, tmp_path):
    pane = pane_on(qtbot, url, discreet=False)
    name = foreign_files(pane, tmp_path)
    pane.write_to(tmp_path)
    assert pane.status.text().startswith(f"Could not write the updates into {tmp_path}: {name} is already there")


def test_a_folder_named_with_an_override_is_shown_as_it_is(qtbot, url, tmp_path):
    pane = pane_on(qtbot, url, discreet=True)
    folder = tmp_path / "up\u202edates"
    folder.mkdir()
    pane.write_to(folder)
    assert pane.status.text() == f"Wrote 1 calendar update to {tmp_path}/up\\u202edates."


def test_the_machine_down_report_says_a_folder_gone_the_same_way(qtbot, url, tmp_path):
    from planner.ui.booking_dialogs import DownReportDialog

    from .test_outdated_calendars import DOWN, machine_of

    machine = machine_of(url, "course-prostate")
    with desk_on(url) as desk:
        desk.export_calendar("course-prostate")
        report, updates = desk.machine_down(machine, *DOWN, "beam fault")
        dialog = DownReportDialog(desk, report, updates, discreet=True)
        qtbot.addWidget(dialog)
        dialog.write_to(tmp_path / "gone")
        assert dialog.status.text() == f"Could not write the updates into {tmp_path / 'gone'}: No such file or directory"
        assert [c.course_id for c in desk.outdated_calendars()] == ["course-prostate"]
