"""The booking dialog in the window's words: it names the patient it books, says at once (not after
Find proposals, not with a command-line option and a raw id) that a booked course must be released
first and where, and its proposal columns say what they count. The command line's text says the
same counts in words; its JSON keys stay."""

from __future__ import annotations

import contextlib
import io
import json

import pytest
from PySide6.QtWidgets import QHeaderView

from planner.app.booking import open_desk
from planner.cli import main
from planner.ui.booking_dialogs import PROPOSAL_COLUMNS, BookDialog
from planner.ui.main_window import catalogue_at

from .booking_scenario import place_bookings, stock


@pytest.fixture
def url(tmp_path) -> str:
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url, skip=("course-spine",))
    return url


@pytest.fixture
def desk(url):
    with open_desk(url, catalogue_at("")) as opened:
        yield opened


def test_a_booked_course_is_said_at_once_with_the_patient_and_where_to_unbook(qtbot, desk):
    dialog = BookDialog(desk, "course-lung")  # no patient given: the dialog finds it
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Book Bea Lindqvist" and dialog.patient_label.text() == "Bea Lindqvist"
    assert dialog.booked_note is not None
    said = dialog.booked_note.text()
    assert not dialog.booked_note.isHidden()
    assert said.startswith("Bea Lindqvist is already booked: from ") and "Department → Unbook this course…" in said
    assert "course-id" not in said and "course-lung" not in said
    assert not dialog.find.isEnabled() and not dialog.book_button.isEnabled() and not dialog.prefer_time.isEnabled()


def test_an_unbooked_course_names_its_patient_and_offers_proposals(qtbot, desk):
    dialog = BookDialog(desk, "course-spine")
    qtbot.addWidget(dialog)
    assert dialog.patient_label.text() == "Dora Mbeki" and dialog.booked_note is None and dialog.find.isEnabled()
    dialog.find_proposals()
    assert dialog.table.rowCount() >= 1 and dialog.book_button.isEnabled()


def test_the_proposal_columns_say_what_they_count_and_the_wait_does_not_take_the_room(qtbot, desk):
    dialog = BookDialog(desk, "course-spine")
    qtbot.addWidget(dialog)
    dialog.resize(760, 420)
    dialog.show()
    dialog.find_proposals()
    headers = [dialog.table.horizontalHeaderItem(c) for c in range(dialog.table.columnCount())]
    assert [h.text() for h in headers] == list(PROPOSAL_COLUMNS)
    assert "Sessions off time" in PROPOSAL_COLUMNS and "Sessions on other machine" in PROPOSAL_COLUMNS
    assert "more than 15 minutes off the daily time" in headers[3].toolTip() and "another machine" in headers[4].toolTip()
    header = dialog.table.horizontalHeader()
    assert not header.stretchLastSection() and header.sectionResizeMode(1) == QHeaderView.ResizeMode.Stretch
    assert header.sectionSize(5) < dialog.table.viewport().width() // 3


def test_the_command_lines_proposals_say_sessions_and_working_days_in_words(url):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["book", "--db", url, "--course-id", "course-spine", "--dry-run"]) == 0
    text = out.getvalue()
    assert " off the daily time, " in text and " on another machine, wait " in text
    assert "working day(s)" not in text and "off machine" not in text
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["book", "--db", url, "--course-id", "course-spine", "--dry-run", "--json"]) == 0
    first = json.loads(out.getvalue())["alternatives"][0]
    assert {"off_time", "off_machine", "wait_days"} <= set(first)  # the contract's keys unchanged


def test_a_course_booked_meanwhile_is_refused_without_option_names(qtbot, desk, url):
    dialog = BookDialog(desk, "course-spine", "Dora Mbeki")
    qtbot.addWidget(dialog)
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["book", "--db", url, "--course-id", "course-spine"]) == 0  # another coordinator, meanwhile
    dialog.find_proposals()
    assert "already booked" in dialog.error.text() and "course-id" not in dialog.error.text()
