"""The print dialog's "Export PDF" proposes a file name per patient and course, built as the calendar
export's is (patient, hospital number, first day), so one patient's PDF never overwrites another's; it
names no site, diagnosis or treatment, and leaves the hospital number off when the pages do."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from planner.app.file_names import proposed_export_name, proposed_pdf_name
from planner.core.spec import CourseSpec
from planner.ui import dialogs

from .store.booking_scenario import main_window_on, stock


def test_the_pdf_is_named_like_the_calendar_export():
    spec = CourseSpec(patient_name="Zoë O'Brien/../x\n", patient_id="H 0001", site="prostate")
    assert proposed_pdf_name(spec, date(2030, 3, 25)) == "Zoë-O-Brien-x-H-0001-schedule-2030-03-25.pdf"
    assert proposed_export_name(spec).startswith("Zoë-O-Brien-x-H-0001-appointments-")
    assert proposed_pdf_name(spec, date(2030, 3, 25), hospital_number=False) == "Zoë-O-Brien-x-schedule-2030-03-25.pdf"
    assert proposed_pdf_name(CourseSpec(), None) == "schedule.pdf"


def test_each_print_and_its_discreet_version_has_a_name_of_its_own():
    """Saving the discreet version after the full one (or the sheet after the weekly view) never replaces it."""
    spec = CourseSpec(patient_name="Zoë Ng", patient_id="H1", site="prostate")
    names = {proposed_pdf_name(spec, date(2030, 3, 25), layout=layout, discreet=discreet)
             for layout in ("week", "glance", "sheet") for discreet in (False, True)}
    assert len(names) == 6
    assert proposed_pdf_name(spec, date(2030, 3, 25), discreet=True) == "Zoë-Ng-H1-appointments-2030-03-25.pdf"
    assert proposed_pdf_name(spec, date(2030, 3, 25), layout="sheet", discreet=True) == "Zoë-Ng-H1-appointments-sheet-2030-03-25.pdf"
    assert proposed_pdf_name(spec, date(2030, 3, 25), layout="glance") == "Zoë-Ng-H1-at-a-glance-2030-03-25.pdf"


@pytest.fixture
def url(tmp_path) -> str:
    return stock(f"sqlite:///{tmp_path / 'department.db'}")


@pytest.mark.parametrize(("discreet", "number_on_discreet_prints"), [(False, False), (True, True), (True, False)])
def test_the_windows_pdf_export_proposes_a_name_per_course(url, tmp_path, qtbot, monkeypatch, discreet, number_on_discreet_prints):
    proposed: list[str] = []

    def save_as(*args, **kwargs):
        proposed.append(Path(args[2]).name)
        return str(tmp_path / proposed[-1]), ""

    monkeypatch.setattr(dialogs.PrintDialog, "exec", lambda self: (setattr(self, "action", "pdf"), True)[1])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    sites = []
    with main_window_on(qtbot, monkeypatch, url, clinic_phone="+44 20 7946 0000",
                        discreet_print_shows_id=number_on_discreet_prints) as window:
        for course_id in ("course-prostate", "course-breast"):
            window.store_link.open_course(course_id)
            window.form.discreet.setChecked(discreet)
            spec, schedule = window.session.spec, window.session.schedule
            assert spec.discreet is discreet
            sites += [spec.site, schedule.site.name]
            window.courses.print_course()
            first = schedule.appointments[0].start.date()
            number_printed = not discreet or number_on_discreet_prints
            assert proposed[-1] == proposed_pdf_name(spec, first, hospital_number=number_printed, discreet=discreet,
                                                  layout=window.courses.print_choice.layout)
            assert proposed[-1].startswith("-".join(spec.patient_name.split()))  # the name, plain or discreet, as the .ics
            assert (spec.patient_id in proposed[-1]) is number_printed
            assert ("appointments" in proposed[-1]) is discreet and proposed[-1].endswith(f"-{first.isoformat()}.pdf")
            assert (tmp_path / proposed[-1]).is_file()
    assert len(set(proposed)) == 2 and "schedule.pdf" not in proposed and "appointments.pdf" not in proposed
    for name in proposed:
        for word in (*sites, "radiotherapy", "treatment", "linac"):
            assert word.lower() not in name.lower()
