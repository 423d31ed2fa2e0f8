"""The Book dialog says what the chosen proposal does (issue 13: "a daily course moves on to the next
day with room ... the coordinator sees it"; preference 1, the same beam-matched group): the days the
chosen proposal itself moved on, with their reasons, and its sessions outside the beam-matched group,
in the dialog and in `book`'s warnings; and it offers only machines that treat."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from planner.app.booking import answer_warnings, group_departure, open_desk
from planner.booking.model import NO_GROUP_ROOM
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.ui.booking_dialogs import BookDialog

from .booking_scenario import COURSES, stock
from .command_line import run

LONDON = ZoneInfo("Europe/London")
SERVICE_DAY = date(2030, 3, 27)  # both beam-matched linacs (versa) down all day
BLADDER = ("course-bladder", "Fenna Holt", "H0009", "bladder", "20-daily", None)  # gap-sensitive: it leaves the group that day


@pytest.fixture
def url(tmp_path) -> str:
    made = stock(f"sqlite:///{tmp_path / 'department.db'}", (*COURSES, BLADDER))
    with open_desk(made, load_catalogue(default_catalogue_path())) as desk:
        for machine in ("Linac 1", "Linac 2"):
            desk.machine_down(machine, datetime(2030, 3, 27, 7, 0, tzinfo=LONDON), datetime(2030, 3, 27, 19, 0, tzinfo=LONDON),
                              "service")
    return made


@pytest.fixture
def desk(url):
    with open_desk(url, load_catalogue(default_catalogue_path())) as opened:
        yield opened


def proposals_dialog(qtbot, desk, course_id: str, machine: str | None = None) -> BookDialog:
    dialog = BookDialog(desk, course_id)
    qtbot.addWidget(dialog)
    dialog.use_earliest.setChecked(False)
    dialog.earliest.setDate(date(2030, 3, 25))
    if machine is not None:
        dialog.machine.setCurrentIndex(dialog.machine.findData(machine))
    dialog.find_proposals()
    return dialog


def test_the_notes_follow_the_chosen_proposal(qtbot, desk):
    dialog = proposals_dialog(qtbot, desk, "course-prostate")
    answer = dialog.answer
    assert answer is not None and len(answer.proposals) == 3
    best, second = answer.proposals[0], answer.proposals[1]
    assert best.pushed == () and second.pushed, "the scenario: only the alternatives on the versa linacs move on a day"
    assert dialog.chosen() is best and "Pushed" not in dialog.notes.text()
    dialog.table.selectRow(1)
    assert dialog.chosen() is second
    assert dialog.notes.text() == f"Pushed Wed 27 Mar: {NO_GROUP_ROOM}"
    dialog.table.selectRow(0)
    assert "Pushed" not in dialog.notes.text(), "back on the best: none of the alternative's days"


def test_a_departure_from_the_beam_matched_group_is_said_in_the_dialog(qtbot, desk):
    dialog = proposals_dialog(qtbot, desk, "course-bladder")
    answer = dialog.answer
    assert answer is not None
    assert [(p.machine, p.off_group) for p in answer.proposals] == [("Linac 3", 0), ("Linac 1", 1), ("Linac 2", 1)]
    assert dialog.table.item(0, 4).text() == "0" and dialog.table.item(1, 4).text() == "1 (1 outside the group)"
    assert "beam-matched" not in dialog.notes.text()
    dialog.table.selectRow(1)
    assert dialog.notes.text().split("\n") == [
        "Outside the beam-matched group: 1 session would be on a machine not beam-matched to Linac 1 (group versa).",
        "1 session on another machine than Linac 1: Wed 27 Mar 08:30 on Linac 3."]
    header = dialog.table.horizontalHeaderItem(4)
    assert header is not None and "beam-matched group" in header.toolTip()


def test_book_warnings_name_the_departure_and_the_alternatives_keys_stay(capsys, url):
    status, out, err = run(capsys, "book", "--db", url, "--course-id", "course-bladder", "--earliest", "2030-03-25",
                           "--prefer-time", "08:30", "--dry-run", "--json")
    assert status == 0, err
    answer = json.loads(out)
    assert answer["machine"] == "Linac 3"
    assert answer["warnings"] == [
        "alternative 2 (2030-03-25 on Linac 1 at 08:30): 1 session would be on a machine not beam-matched to Linac 1 (group versa)",
        "alternative 3 (2030-03-25 on Linac 2 at 08:30): 1 session would be on a machine not beam-matched to Linac 2 (group versa)"]
    assert all(set(a) == {"first", "machine", "time", "off_time", "off_machine", "wait_days"} for a in answer["alternatives"])
    status, out, _ = run(capsys, "book", "--db", url, "--course-id", "course-bladder", "--earliest", "2030-03-25",
                         "--prefer-time", "08:30", "--dry-run")
    assert status == 0 and "! alternative 2 (2030-03-25 on Linac 1 at 08:30): 1 session would be on a machine not " in out


def test_the_best_proposals_departure_is_said_without_a_number(desk):
    answer = desk.propose("course-bladder", earliest=date(2030, 3, 25))
    chosen = answer.proposals[1]
    as_best = replace(answer, proposals=(chosen,))
    assert answer_warnings(as_best, desk.department) == [
        "1 session would be on a machine not beam-matched to Linac 1 (group versa)"]


def test_a_proposal_within_its_group_warns_of_nothing(desk):
    answer = desk.propose("course-prostate", earliest=date(2030, 3, 25))
    assert all(group_departure(p, desk.department) == "" for p in answer.proposals)
    assert answer_warnings(answer, desk.department) == list(answer.warnings) + list(answer.proposals[0].warnings)


def test_the_machine_list_offers_only_machines_that_treat(qtbot, desk):
    dialog = BookDialog(desk, "course-prostate")
    qtbot.addWidget(dialog)
    offered = [dialog.machine.itemData(i) for i in range(dialog.machine.count())]
    assert offered == [None, "Linac 1", "Linac 2", "Linac 3"]
    assert "CT simulator" in desk.machine_names() and "CT simulator" not in desk.treating_machine_names()


def test_finding_again_says_the_new_best_proposals_notes(qtbot, desk):
    """Ticking Urgent after the first proposals and finding again keeps the first row selected: its notes
    (here the urgent due day) still show, not only the answer's own warnings."""
    dialog = proposals_dialog(qtbot, desk, "course-spine")
    assert dialog.chosen() is not None and "urgent due day" not in dialog.notes.text()
    dialog.urgent.setChecked(True)
    dialog.find_proposals()
    answer = dialog.answer
    assert answer is not None and answer.urgent_due is not None
    assert dialog.chosen() is answer.proposals[0]
    assert "the urgent due day" in dialog.notes.text()


def test_the_earliest_start_box_names_the_courses_own_day_once_found(qtbot, desk):
    """'From the course' is ticked and the date under it, greyed, says today: the box names the day the course's
    own earliest start came to, so the coordinator does not read the greyed date as where the search began."""
    dialog = BookDialog(desk, "course-rectum")  # a planning scan on Wed 20 Mar 2030: ready some working days later
    qtbot.addWidget(dialog)
    dialog.find_proposals()
    answer = dialog.answer
    assert answer is not None and dialog.use_earliest.isChecked()
    from planner.ui.formats import day_text

    words = dialog.use_earliest.text().replace("&", "")
    assert f"From the course ({day_text(answer.earliest)})" in words and "planning scan" in words
