"""Two words a re-booked session got wrong in the patient's calendar, the printed sheet, the agenda and the day view.

A course not yet begun whose first session a closure (or a downtime) pushes to the end of the course is not made up
for anything: none of it was given before, the course simply starts later. Its first session says so ("Starts later:
the course could not begin on Thu 28 Mar 2030 as planned (the department was closed).") and the session added at the
end is a session like the others. Before, that one was a "make-up" (a single-fraction course's only session too), and
read "Added at the end of the course: the session of Thu 28 Mar 2030 could not go ahead".

A twice-daily course whose whole day was closed has both its sessions added at the end: each says "the 2 sessions of
Tue 2 Apr 2030", where it named one session.

The golden department: Dora Mbeki's spine course (5 fractions) starts Thu 28 Mar 2030 on Linac 1; Zoë Ångström's
prostate course started on Mon 25 Mar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from planner.core.department import MakeUpCause, MakeUpMark
from planner.core.kinds import AppointmentKind
from planner.wording import booking_note, mark_word

from ..test_ics import read_vobject
from ..test_printing import pages_text
from .booking_scenario import desk_on, stock
from .command_line import run

THURSDAY = date(2030, 3, 28)
STARTS_LATER = "Starts later: the course could not begin on Thu 28 Mar 2030 as planned (the department was closed)."
SINGLE = ("course-single", "Gus Achterberg", "H0008", "spine-bone", "1-single", None)
TWICE_DAILY = ("course-lung-bid", "Fay Okafor", "H0007", "lung", "30-twice-daily", None)



def descriptions(capsys, url: str, course_id: str, tmp_path: Path, *options: str) -> dict[str, str]:
    """Each treatment event's description in the course's calendar, by its role code ('t1')."""
    out = tmp_path / f"{course_id}{''.join(options)}.ics"
    status, _, err = run(capsys, "export", "--db", url, "--course-id", course_id, *options, "-o", str(out))
    assert status == 0, err
    found = {}
    for event in read_vobject(out.read_bytes()).vevent_list:
        role = event.contents["x-planner-role"][0].value if "x-planner-role" in event.contents else ""
        if role.startswith("t"):
            found[role] = event.description.value
    return found


def entries_of(url: str, course_id: str, first: date, days: int):
    with desk_on(url) as desk:
        agenda = desk.agenda(first, days)
    return sorted((e for m in agenda.machines for e in m.entries if e.course_id == course_id and e.kind is AppointmentKind.FRACTION),
                  key=lambda e: e.start)


def close_thursday(url: str):
    with desk_on(url) as desk:
        desk.today = date(2030, 3, 25)
        report, _ = desk.close_department(THURSDAY, THURSDAY, "snow")
    return report


def test_a_course_not_begun_that_a_closure_puts_off_starts_later_and_makes_nothing_up(url, capsys, tmp_path):
    report = close_thursday(url)
    assert any(m.course_id == "course-spine" and m.how == "end of course" for m in report.appended)
    events = descriptions(capsys, url, "course-spine", tmp_path)
    assert events["t1"].splitlines()[0] == STARTS_LATER
    assert not any(line.startswith(("Added at the end", "Make-up")) for text in events.values() for line in text.splitlines())
    discreet = descriptions(capsys, url, "course-spine", tmp_path, "--discreet")
    assert discreet["t1"].splitlines()[0] == "Starts later: the appointments could not begin on Thu 28 Mar 2030 as planned."

    entries = entries_of(url, "course-spine", THURSDAY, 10)
    assert [e.number for e in entries] == [1, 2, 3, 4, 5]
    assert all(e.make_up is None for e in entries), "the session added at the end makes up nothing"
    assert entries[0].starts_later == MakeUpMark(THURSDAY, MakeUpCause.CLOSURE)
    assert booking_note(entries[0]) == "starts later: was to begin on Thu 28 Mar 2030 (department closed)"
    assert booking_note(entries[-1]) == "" and mark_word(entries[-1]) == ""
    status, out, _ = run(capsys, "agenda", "--db", url, "--date", "2030-03-29", "--machine", "Linac 1")
    assert status == 0 and "fraction 1/5  (starts later: was to begin on Thu 28 Mar 2030 (department closed))" in out

    # a course that had begun still has its session of Thursday made up at the end, as before
    prostate = descriptions(capsys, url, "course-prostate", tmp_path)
    assert any(text.startswith("Added at the end of the course: the session of Thu 28 Mar 2030 could not go ahead")
               for text in prostate.values())
    assert not any(text.startswith("Starts later") for text in prostate.values())
    assert any(e.make_up is not None for e in entries_of(url, "course-prostate", THURSDAY, 30))


def test_a_single_fraction_course_s_only_session_is_no_make_up(tmp_path, capsys):
    made = stock(f"sqlite:///{tmp_path / 'department.db'}", (SINGLE,))
    status, _, err = run(capsys, "book", "--db", made, "--course-id", SINGLE[0], "--earliest", "2030-03-28", "--prefer-time", "10:00")
    assert status == 0, err
    close_thursday(made)
    [entry] = entries_of(made, SINGLE[0], THURSDAY, 7)
    assert entry.start.date() > THURSDAY and entry.make_up is None and mark_word(entry) == ""
    assert entry.starts_later == MakeUpMark(THURSDAY, MakeUpCause.CLOSURE)
    events = descriptions(capsys, made, SINGLE[0], tmp_path)
    assert events["t1"].splitlines()[0] == STARTS_LATER
    sheet = tmp_path / "sheet.pdf"
    status, _, err = run(capsys, "print", "--db", made, "--course-id", SINGLE[0], "--layout", "sheet", "-o", str(sheet))
    assert status == 0, err
    text = " ".join(pages_text(sheet.read_bytes()))
    assert STARTS_LATER in text and "make-up" not in text.lower()


def test_both_sessions_of_a_twice_daily_day_closed_say_both(tmp_path, capsys):
    made = stock(f"sqlite:///{tmp_path / 'department.db'}", (TWICE_DAILY,))
    status, _, err = run(capsys, "book", "--db", made, "--course-id", TWICE_DAILY[0], "--earliest", "2030-03-25",
                         "--prefer-time", "08:00")
    assert status == 0, err
    status, _, err = run(capsys, "closure", "--db", made, "--date", "2030-04-02", "--reason", "snow")
    assert status == 0, err
    events = descriptions(capsys, made, TWICE_DAILY[0], tmp_path)
    added = [text.splitlines()[0] for text in events.values() if text.startswith("Added at the end")]
    assert added == ["Added at the end of the course: the 2 sessions of Tue 2 Apr 2030 could not go ahead "
                     "(the department was closed)."] * 2
    discreet = descriptions(capsys, made, TWICE_DAILY[0], tmp_path, "--discreet")
    assert [text.splitlines()[0] for text in discreet.values() if text.startswith("Added at the end")] == [
        "Added at the end: the 2 appointments of Tue 2 Apr 2030 could not go ahead."] * 2
