"""The window's calendar export proposes a file name that tells patients and courses apart (the
patient, the hospital number and a tag of the course, as its calendar updates are named) and names no
site, diagnosis or treatment, plain or discreet."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from planner.app.file_names import course_tag, proposed_export_name
from planner.core.spec import CourseSpec
from planner.ui import dialogs

from .store.booking_scenario import main_window_on, stock


def test_the_name_is_the_patient_the_number_and_the_course():
    spec = CourseSpec(patient_name="Zoë O'Brien/../x\n", patient_id="H 0001", site="prostate")
    assert proposed_export_name(spec) == f"Zoë-O-Brien-x-H-0001-appointments-{course_tag(spec.course_id)}.ics"
    assert proposed_export_name(spec, hospital_number=False) == f"Zoë-O-Brien-x-appointments-{course_tag(spec.course_id)}.ics"
    blank = CourseSpec()
    assert proposed_export_name(blank) == f"appointments-{course_tag(blank.course_id)}.ics"


@pytest.fixture
def url(tmp_path) -> str:
    return stock(f"sqlite:///{tmp_path / 'department.db'}")


def names_proposed(monkeypatch, tmp_path, discreet: bool) -> list[str]:
    """The file names the window's export proposes, noted as it exports (discreet or not) into `tmp_path`."""
    proposed: list[str] = []

    def save_as(*args, **kwargs):
        proposed.append(Path(args[2]).name)
        return str(tmp_path / proposed[-1]), ""

    monkeypatch.setattr(dialogs.ExportDialog, "exec", lambda self: (self.discreet.setChecked(discreet), True)[1])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    return proposed


@pytest.mark.parametrize("discreet", [False, True])
def test_the_windows_export_proposes_a_name_per_course_naming_no_treatment(url, tmp_path, qtbot, monkeypatch, discreet):
    proposed = names_proposed(monkeypatch, tmp_path, discreet)
    sites = []
    with main_window_on(qtbot, monkeypatch, url, clinic_phone="+44 20 7946 0000") as window:
        for course_id in ("course-prostate", "course-breast"):
            window.store_link.open_course(course_id)
            spec, schedule = window.session.spec, window.session.schedule
            sites += [spec.site, schedule.site.name]
            window.courses.export_calendar()
            assert proposed[-1].startswith("-".join(spec.patient_name.split()))
            assert spec.patient_id in proposed[-1] and proposed[-1].endswith(f"-{course_tag(course_id)}.ics")
            assert (tmp_path / proposed[-1]).is_file()
    assert len(set(proposed)) == 2 and "appointments.ics" not in proposed
    for name in proposed:
        for word in (*sites, "radiotherapy", "treatment", "linac"):
            assert word.lower() not in name.lower()


@pytest.mark.parametrize("discreet, named", [(True, False), (False, True)])
def test_a_discreet_export_leaves_the_hospital_number_out_of_its_name_where_the_clinic_prints_it_off(
        url, tmp_path, qtbot, monkeypatch, discreet, named):
    """Settings → 'discreet print shows the hospital number' unticked: the discreet calendar's proposed name
    leaves it off too, as the discreet print's PDF name does (found by a privacy pass)."""
    proposed = names_proposed(monkeypatch, tmp_path, discreet)
    with main_window_on(qtbot, monkeypatch, url, discreet_print_shows_id=False) as window:
        window.store_link.open_course("course-prostate")
        window.courses.export_calendar()
        number = window.session.spec.patient_id
    assert (number in proposed[-1]) is named and proposed[-1].startswith("Zoë-Ångström")


@pytest.mark.parametrize("shows_id", [True, False])
def test_a_discreet_calendar_s_update_replaces_the_windows_export_of_it(tmp_path, qtbot, monkeypatch, shows_id):
    """The window exports a discreet calendar into a folder, a move re-books one of its sessions and the Bookings
    window writes the update into the same folder: it takes the export's name and replaces it, whether the clinic's
    discreet print shows the hospital number or not. It used to leave the number off the update's name only, so the
    patient's folder held two calendars of the course, the stale one named with the hospital number."""
    from planner.app.booking import Relocation
    from planner.ui.department_window import DepartmentWindow

    from .store.booking_scenario import place_bookings

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    folder = tmp_path / "calendars"
    folder.mkdir()
    proposed = names_proposed(monkeypatch, folder, discreet=True)
    with main_window_on(qtbot, monkeypatch, url, discreet_print_shows_id=shows_id) as window:
        window.store_link.open_course("course-prostate")
        number = window.session.spec.patient_id
        window.courses.export_calendar()
        window.courses.open_department()
        (opened,) = window.findChildren(DepartmentWindow)
        desk = opened.desk
        held = desk.first_booked("course-prostate")
        later = held.start.astimezone(desk.zone).replace(hour=16, minute=0)
        updates = desk.move("course-prostate", [Relocation(held.kind, held.number, held.machine, later)])
        (written,) = desk.write_updates(updates, folder)
        opened.close()
    assert [path.name for path in folder.iterdir()] == [proposed[-1]]  # one calendar: the update, over the export
    assert written.written == folder / proposed[-1] and written.written.read_bytes() == written.ics
    assert (number in proposed[-1]) is shows_id
