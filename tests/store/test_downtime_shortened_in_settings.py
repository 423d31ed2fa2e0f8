"""The engineer says Linac 2 is back at 14:00, not tomorrow noon: the coordinator shortens its downtime in Department
settings, and the window said only "Department settings saved." while the sessions the downtime had moved to Linac 1
(and to other times) stayed there, nothing offered or said. It now says from when the machine is bookable again and
that what the downtime moved stays moved, to be moved back in the Bookings window."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from planner.core.department import Downtime, shortened_downtime

from .booking_scenario import main_window_on, stock

LONDON = ZoneInfo("Europe/London")
QA = Downtime("Linac 2", datetime(2030, 3, 5, 8, 0, tzinfo=LONDON), datetime(2030, 3, 5, 10, 0, tzinfo=LONDON), "monthly QA")


def test_a_downtime_ended_sooner_is_found_and_only_that():
    sooner = replace(QA, end=datetime(2030, 3, 5, 9, 0, tzinfo=LONDON))
    later = replace(QA, end=datetime(2030, 3, 5, 11, 0, tzinfo=LONDON))
    assert shortened_downtime((QA,), (sooner,)) == [(QA, sooner)]
    assert shortened_downtime((QA,), (later,)) == []  # longer: not back sooner
    assert shortened_downtime((QA,), (QA,)) == []
    assert shortened_downtime((QA,), (replace(sooner, machine="Linac 1"),)) == []  # another machine's
    assert shortened_downtime((QA,), (QA, sooner)) == []  # the old one still held: the machine is down as long


def test_saving_a_shortened_downtime_says_when_the_machine_is_back_and_that_moves_stay(qtbot, monkeypatch, tmp_path):
    from planner.ui import department_settings

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with main_window_on(qtbot, monkeypatch, url) as window:
        def save_shorter(dialog) -> int:  # the coordinator types 09:00 as the end and saves
            department = window.store_link.store.department()
            assert QA in department.downtime
            shorter = replace(department, downtime=tuple(replace(d, end=datetime(2030, 3, 5, 9, 0, tzinfo=LONDON)) if d == QA else d
                                                         for d in department.downtime))
            dialog._save(shorter)
            dialog.result_department = shorter
            return 1

        monkeypatch.setattr(department_settings.DepartmentDialog, "exec", save_shorter)
        window.store_link.edit_department()
        said = window.statusBar().currentMessage()
        assert said == "Saved: Linac 2 back from Tue 5 Mar 2030 09:00; what its downtime moved stays moved (move it back in Bookings)."
