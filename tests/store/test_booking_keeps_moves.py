"""A fraction the coordinator moved before booking (transport: 14:00 that Wednesday) is booked
nearest its time, on time there; a move the booking cannot keep (another day) is said in the
answer's warnings. Before, the booking put every fraction at the daily time without a word, and the
patient's calendar, exported with the move, no longer matched the machine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.questions import discard_unsaved

from .booking_scenario import stock
from .command_line import run


def _book(capsys, tmp_path: Path, *move: str) -> dict[str, object]:
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    status, _, err = run(capsys, "course", "save", "--course-id", "course-prostate", *move, "--reason", "transport",
                         "--db", url)
    assert status == 0, err
    status, out, err = run(capsys, "book", "--course-id", "course-prostate", "--json", "--db", url)
    assert status == 0, err
    return json.loads(out)


def _starts(answer: dict[str, object]) -> dict[int, str]:
    return {a["number"]: a["start"] for a in answer["appointments"] if a["kind"] == "fraction"}  # type: ignore[index,union-attr]


def test_a_fraction_moved_to_another_time_is_booked_there_and_counts_as_on_time(capsys, tmp_path: Path):
    answer = _book(capsys, tmp_path, "--move", "3=2030-03-27T14:00")
    starts = _starts(answer)
    assert starts[3] == "2030-03-27T14:00+00:00"
    assert {start[11:16] for number, start in starts.items() if number != 3} == {answer["alternatives"][0]["time"]}
    assert answer["alternatives"][0]["off_time"] == 0
    assert answer["warnings"] == []


def test_a_move_the_booking_cannot_keep_is_said(capsys, tmp_path: Path):
    answer = _book(capsys, tmp_path, "--move", "20=2030-04-29T14:00")  # the last fraction a week later
    starts = _starts(answer)
    assert not starts[20].startswith("2030-04-29")
    assert answer["warnings"] == [
        "fraction 20 was moved to Mon 29 Apr 2030 14:00, but the booking has no session then: move it in the bookings "
        "(the Bookings window) if it must keep that time"]


def test_a_move_onto_another_fractions_day_is_said_though_it_renumbers_the_rest(capsys, tmp_path: Path):
    """Fraction 5 moved from Friday to the next Monday, where fraction 6 is: the plan has two on one day,
    which the booking cannot give on that Monday; said by the moved instant (the numbers shift after it)."""
    answer = _book(capsys, tmp_path, "--move", "5=2030-04-01T11:00")
    assert "2030-04-01T11:00+01:00" not in _starts(answer).values()
    assert answer["warnings"] == [
        "fraction 5 was moved to Mon 1 Apr 2030 11:00, but the booking has no session then: move it in the bookings "
        "(the Bookings window) if it must keep that time"]


def test_the_book_dialog_says_the_move_it_cannot_keep_as_a_sentence(capsys, tmp_path: Path, qtbot):
    from planner.app.booking import open_desk
    from planner.ui.booking_dialogs import BookDialog
    from planner.ui.main_window import catalogue_at

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    status, _, err = run(capsys, "course", "save", "--course-id", "course-prostate", "--move", "20=2030-04-29T14:00",
                         "--reason", "transport", "--db", url)
    assert status == 0, err
    with open_desk(url, catalogue_at("")) as desk:
        dialog = BookDialog(desk, "course-prostate")
        qtbot.addWidget(dialog)
        dialog.find_proposals()
        first = dialog.notes.text().split("\n")[0]
    assert first.startswith("Fraction 20 was moved to Mon 29 Apr 2030 14:00, but the booking has no session then")


def test_saving_a_booked_course_keeps_the_coordinators_move_the_booking_stood_in_for(capsys, tmp_path: Path):
    """Shown at its booked times, the course's move of fraction 20 (transport) is the booking's; saved again
    (a new location), the stored course keeps the coordinator's move, as typed, not the booked time or nothing."""
    from planner.app.course_booking import open_as_booked
    from planner.app.stored_courses import save_stored
    from planner.core.catalogue import load_catalogue
    from planner.resources_path import default_catalogue_path
    from planner.store.db import Store

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    status, _, err = run(capsys, "course", "save", "--course-id", "course-prostate", "--move", "20=2030-04-29T14:00",
                         "--reason", "transport", "--db", url)
    assert status == 0, err
    status, _, err = run(capsys, "book", "--course-id", "course-prostate", "--db", url)
    assert status == 0, err
    with Store.open(url) as store:
        shown = open_as_booked(store, "course-prostate", load_catalogue(default_catalogue_path()))
        assert {(str(m.key), m.reason) for m in shown.spec.adjustments.moves} >= {("fraction-20", "booked")}
        save_stored(store, shown.spec.updated(location="Level 2"), shown.version, None, shown.spec)
        moves = store.load_course("course-prostate").spec.adjustments.moves
    assert [(str(m.key), f"{m.start:%Y-%m-%d %H:%M}", m.reason) for m in moves] == [
        ("fraction-20", "2030-04-29 14:00", "transport")]


@pytest.mark.parametrize("answer", ["Cancel", "Save"])
def test_booking_a_course_with_unsaved_changes_saves_them_first_or_books_nothing(capsys, tmp_path: Path, qtbot,
                                                                               monkeypatch, answer: str):
    """The booking is made from the course as stored: a move typed but not saved was booked without it, then
    lost under the booked times. The window asks to save first."""
    from datetime import datetime

    from PySide6.QtWidgets import QMessageBox

    from planner.core.kinds import AppointmentKey
    from planner.store.db import Store
    from planner.store.settings import Settings
    from planner.ui import department_window
    from planner.ui.main_window import MainWindow, catalogue_at

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    asked: list[str] = []
    button = getattr(QMessageBox.StandardButton, answer)
    discard_unsaved(monkeypatch, button, asked)
    booked: list[str] = []
    monkeypatch.setattr(department_window, "book_open_course", lambda window, database, catalogue, course_id, *a:
                        booked.append(course_id) or None)
    with Store.open(url) as store:
        window = MainWindow(Settings(time_zone="Europe/London"), catalogue_at(""), persist_settings=False,
                            open_store=lambda: store)
        qtbot.addWidget(window)
        window.show()
        window.store_link.open_course("course-prostate")
        window.session.move(AppointmentKey.fraction(3), datetime(2030, 3, 27, 14, 0))
        assert window.session.dirty
        window.courses.book_this_course()
        stored = store.load_course("course-prostate").spec.adjustments.moves
    assert asked and asked[0].startswith("Save the changes first?")
    if answer == "Cancel":
        assert booked == [] and stored == ()
    else:
        assert booked == ["course-prostate"] and [str(m.key) for m in stored] == ["fraction-3"]
