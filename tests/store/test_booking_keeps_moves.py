"""A fraction the coordinator moved before booking (transport: 14:00 that Wednesday) is booked
nearest its time, on time there; a move the booking cannot keep (another day) is said in the
answer's warnings. Before, the booking put every fraction at the daily time without a word, and the
patient's calendar, exported with the move, no longer matched the machine."""

from __future__ import annotations

import json
from pathlib import Path

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
    day = starts[20][:10]
    assert answer["warnings"] == [
        f"fraction 20 was moved to Mon 29 Apr 2030 14:00 but is booked {_day_words(day)} {starts[20][11:16]} on "
        f"{answer['machine']}: move it in the bookings (the Bookings window) if it must keep that time"]


def _day_words(iso: str) -> str:
    from datetime import date

    from planner.core.dates import day_text

    return day_text(date.fromisoformat(iso))


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
    assert first.startswith("Fraction 20 was moved to Mon 29 Apr 2030 14:00 but is booked ")
