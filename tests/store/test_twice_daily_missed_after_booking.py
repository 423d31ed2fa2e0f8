"""A twice-daily course whose booked day is marked missed loses both of that day's sessions: both are made up
(at the end, or on the weekend day chosen, the second as far after the first as the course's second session,
at least 6 hours), both are shown as make-ups, and `book --make-ups` books both. Before, only one make-up was
marked and bookable: the other session was left with neither booking nor mark, and booking the one put it at
the other's time."""

from __future__ import annotations

import json
from datetime import date, timedelta

from planner.core.department import MakeUpCause

from .booking_scenario import desk_on, stock
from .command_line import run

COURSE = ("course-lung-bid", "Fay Okafor", "H0007", "lung", "30-twice-daily", None)
MISSED = date(2030, 3, 26)  # the Tuesday: fractions 3 (08:00) and 4 (14:00)


def booked_then_missed(capsys, tmp_path, how: str) -> tuple[str, str]:
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", (COURSE,))
    status, _, err = run(capsys, "book", "--course-id", COURSE[0], "--earliest", "2030-03-25", "--prefer-time", "08:00",
                         "--db", url)
    assert status == 0, err
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE[0], "--missed", f"3={how}",
                         "--reason", "patient unwell", "--db", url)
    assert status == 0, err
    return url, err


def plan_fractions(capsys, url):
    status, out, err = run(capsys, "plan", "--course-id", COURSE[0], "--json", "--db", url)
    assert status == 0, err
    return [a for a in json.loads(out)["appointments"] if a["kind"] == "fraction"], err


def test_both_sessions_of_the_missed_day_are_make_ups_and_both_are_booked(capsys, tmp_path):
    url, saved = booked_then_missed(capsys, tmp_path, "end")
    assert "the 2 make-ups for the sessions missed on Tue 26 Mar 2030 have no booking yet" in saved
    fractions, err = plan_fractions(capsys, url)
    assert err.count("have no booking yet") == 1  # said once for the day, not once for each session
    assert [a["number"] for a in fractions] == list(range(1, 31))  # the numbering stays whole
    made_up = [a for a in fractions if a["make_up"]]
    assert [a["number"] for a in made_up] == [29, 30]
    assert [a["start"][11:16] for a in made_up] == ["08:00", "14:00"] and made_up[0]["start"][:10] == made_up[1]["start"][:10]

    with desk_on(url) as desk:
        waiting = desk.make_ups_waiting(COURSE[0])
        assert [(mark.day, mark.cause) for mark, _, _ in waiting] == [(MISSED, MakeUpCause.MISSED)] * 2
    status, out, err = run(capsys, "book", "--course-id", COURSE[0], "--make-ups", "--json", "--db", url)
    assert status == 0, err
    made = json.loads(out)["make_ups"]
    assert [m["makes_up"] for m in made] == [MISSED.isoformat()] * 2
    first, second = (m["start"] for m in made)
    assert first[:10] == second[:10] and first[11:16] == "08:00" and second[11:16] == "14:00"

    with desk_on(url) as desk:
        assert desk.make_ups_waiting(COURSE[0]) == []
        entries = [e for m in desk.agenda(date(2030, 3, 25), 30).machines for e in m.entries if e.course_id == COURSE[0]]
    assert len(entries) == 32  # thirty given, and the two bookings of the day missed kept as its record
    assert {e.total for e in entries} == {30}  # "29 of 30" in the day view and the day list, not "of 32"
    assert sum(e.missed for e in entries) == 2
    assert sorted(e.start.strftime("%H:%M") for e in entries if e.make_up is not None and e.make_up.day == MISSED) == ["08:00", "14:00"]
    fractions, err = plan_fractions(capsys, url)
    assert "no booking yet" not in err and "same time" not in err
    assert [a["start"][11:16] for a in fractions if a["make_up"]] == ["08:00", "14:00"]


def test_a_weekend_make_up_of_a_twice_daily_day_gives_both_sessions_that_day(capsys, tmp_path):
    url, saved = booked_then_missed(capsys, tmp_path, "weekend")
    assert "the 2 make-ups for the sessions missed on Tue 26 Mar 2030 have no booking yet" in saved
    fractions, _ = plan_fractions(capsys, url)
    made_up = [a["start"][:16] for a in fractions if a["make_up"]]
    assert made_up == ["2030-03-30T08:00", "2030-03-30T14:00"]  # the Saturday, the course's six hours kept
    assert fractions[-1]["start"][:10] == "2030-04-12"  # the overall time kept: no session pushed to the end
    status, out, err = run(capsys, "plan", "--course-id", COURSE[0], "--json", "--db", url)
    assert status == 0, err
    assert {"date": MISSED.isoformat(), "reason": "missed session (both made up by two weekend sessions on Sat 30 Mar 2030 "
            "08:00 and 14:00)"} in json.loads(out)["pushed"]  # the course says both, not 'a weekend session'


def test_the_make_ups_of_a_twice_daily_day_stay_six_hours_apart_when_moved_for_room(capsys, tmp_path):
    url, _ = booked_then_missed(capsys, tmp_path, "end")
    with desk_on(url) as desk:
        (_, first, _), (_, second, _) = desk.make_ups_waiting(COURSE[0])
        # every machine down in the afternoon session's slot: its make-up must move, but not nearer the morning's
        for machine in ("Linac 1", "Linac 2", "Linac 3"):
            status, _, err = run(capsys, "machine-down", machine, "--from", f"{second:%Y-%m-%dT%H:%M}",
                                 "--to", f"{second + timedelta(minutes=30):%Y-%m-%dT%H:%M}", "--reason", "service", "--db", url)
            assert status == 0, err
        made = desk.make_up_bookings(COURSE[0])
    assert len(made) == 2 and made[1].start - made[0].start >= timedelta(hours=6)


def test_the_book_dialog_offers_and_books_both_make_ups(qtbot, capsys, tmp_path):
    from planner.ui.booking_dialogs import BookDialog

    url, _ = booked_then_missed(capsys, tmp_path, "end")
    with desk_on(url) as desk:
        dialog = BookDialog(desk, COURSE[0], "Fay Okafor")
        qtbot.addWidget(dialog)
        assert dialog.booked_note is not None
        note = dialog.booked_note.text()
        assert note.startswith("Fay Okafor is booked, but the 2 make-ups for the sessions missed on Tue 26 Mar 2030 have "
                               "no booking yet. Book the make-ups to book them on Linac 1, Mon 15 Apr 2030 08:00; Linac 1, "
                               "Mon 15 Apr 2030 14:00."), note
        assert dialog.make_up_button.text() == "Book the &make-ups"
        dialog.make_up_button.click()
        assert [b.make_up.day for b in dialog.made_up if b.make_up] == [MISSED, MISSED]
        assert desk.make_ups_waiting(COURSE[0]) == []
