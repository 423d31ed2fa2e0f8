"""A course marked urgent before it is booked: the mark is part of the course (file, store, audit
trail), the waiting list shows it due within the department's urgent limit from the day it was
marked, and booking it books it as urgent without being asked again."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from planner.app.booking import BookingDesk
from planner.core.catalogue import load_catalogue
from planner.core.spec import CourseSpec
from planner.resources_path import default_catalogue_path
from planner.store.course_file import spec_from_json, spec_to_json
from planner.store.db import Store
from planner.store.db import bookings as db

from .booking_scenario import stock
from .command_line import run

CATALOGUE = load_catalogue(default_catalogue_path())


def test_the_mark_travels_with_the_course_file_and_an_unmarked_file_is_unchanged():
    marked = CourseSpec(site="spine-bone", preset="5-daily", urgent=True)
    data = spec_to_json(marked)
    assert data["urgent"] is True and spec_from_json(data, "c.json") == marked
    plain = spec_to_json(CourseSpec(site="spine-bone", preset="5-daily"))
    assert "urgent" not in plain  # a course that is not urgent keeps the very file it had before the mark existed
    assert spec_from_json(plain, "c.json").urgent is False
    bad = dict(data, urgent="yes")
    try:
        spec_from_json(bad, "c.json")
    except ValueError as exc:
        assert str(exc) == "c.json: field 'urgent': must be true or false"
    else:
        raise AssertionError("a mark that is not true or false was read")


def _waiting(url: str, course_id: str, today: date = date(2030, 3, 22)):
    with Store.open(url) as store:
        desk = BookingDesk(store, CATALOGUE, today=today)
        (found,) = [w for w in desk.waiting() if w.course_id == course_id]
        return found


def test_save_marks_a_course_urgent_and_the_waiting_list_shows_it_due_soon(capsys, tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    routine = _waiting(url, "course-spine")
    assert not routine.urgent and (routine.due - routine.ready).days > 20
    status, _, err = run(capsys, "course", "save", "--course-id", "course-spine", "--urgent", "--db", url)
    assert status == 0, err
    marked = _waiting(url, "course-spine")
    assert marked.urgent and marked.ready == routine.ready
    assert marked.ready == date(2030, 3, 25) and marked.due == date(2030, 3, 27)  # two working days after ready (Monday)
    status, out, _ = run(capsys, "course", "show", "course-spine", "--db", url)
    assert "Urgent: to start within the department's urgent limit" in out and "urgent: (not set) -> true" in out
    status, out, _ = run(capsys, "course", "show", "course-spine", "--db", url, "--json")
    assert status == 0
    status, _, _ = run(capsys, "course", "save", "--course-id", "course-spine", "--not-urgent", "--db", url)
    assert status == 0 and not _waiting(url, "course-spine").urgent
    status, out, _ = run(capsys, "course", "show", "course-spine", "--db", url)
    assert "urgent: true -> (not set)" in out and "None" not in out  # no Python word in the audit trail


def test_a_marked_course_is_booked_urgent_without_being_asked(capsys, tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    run(capsys, "course", "save", "--course-id", "course-spine", "--urgent", "--db", url)
    status, out, err = run(capsys, "book", "--course-id", "course-spine", "--earliest", "2030-03-28", "--db", url, "--json")
    assert status == 0, err
    assert json.loads(out)["booked"]
    with Store.open(url) as store, store.engine.connect() as connection:
        assert db.course_bookings_of(connection, ["course-spine"])["course-spine"].urgent


def test_an_urgent_and_a_not_urgent_mark_together_are_refused_in_one_line(capsys, tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    status, out, err = run(capsys, "course", "save", "--course-id", "course-spine", "--urgent", "--not-urgent", "--db", url)
    assert status == 2 and out == "" and err.count("\n") == 1 and "--not-urgent" in err


def test_the_book_dialog_books_a_marked_course_urgent_and_says_why_its_box_is_fixed(qtbot, capsys, tmp_path: Path):
    from planner.app.booking import open_desk
    from planner.ui.booking_dialogs import BookDialog

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    run(capsys, "course", "save", "--course-id", "course-spine", "--urgent", "--db", url)
    with open_desk(url, CATALOGUE) as desk:
        plain = BookDialog(desk, "course-rectum")
        qtbot.addWidget(plain)
        assert plain.urgent.isEnabled() and not plain.urgent.isChecked()
        dialog = BookDialog(desk, "course-spine")
        qtbot.addWidget(dialog)
        assert dialog.urgent.isChecked() and not dialog.urgent.isEnabled() and "marked urgent" in dialog.urgent.toolTip()
        dialog.use_earliest.setChecked(False)
        dialog.earliest.setDate(date(2030, 3, 28))
        dialog.find_proposals()
        assert dialog.answer is not None and dialog.answer.urgent
        dialog.book_selected()
        with desk.store.engine.connect() as connection:
            assert db.course_bookings_of(connection, ["course-spine"])["course-spine"].urgent
