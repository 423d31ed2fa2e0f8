"""A missed session stays one cancelled event on the patient's phone when the course's time changes later:
its event's identity held its planned start ("x202610280830"), so after `--time 09:00` the update wrote a
second "Missed: Radiotherapy 3 of 20" at 09:00 beside the first at 08:30, and `diff` read it to the patient
as a session newly missed. The update keeps the identity the phone has and moves that event."""

from __future__ import annotations

from planner.ics import compare, parse_export

from .test_cli import EXPORT, run


def missed_events(path) -> dict[str, tuple[str, str, int]]:
    state = parse_export(path.read_bytes(), path.name)
    return {uid: (e.summary, e.start.strftime("%Y-%m-%d %H:%M"), e.sequence) for uid, e in state.events.items() if e.is_missed}


def test_a_missed_session_keeps_its_event_when_the_course_is_retimed(tmp_path, capsys):
    first, update = tmp_path / "first.ics", tmp_path / "update.ics"
    assert run(capsys, *EXPORT, "--missed", "3", "-o", str(first))[0] == 0
    ((uid, (summary, when, sequence)),) = missed_events(first).items()
    assert summary == "Missed: Radiotherapy 3 of 20" and when.endswith("08:30") and sequence == 0
    status, _, err = run(capsys, *EXPORT, "--missed", "3", "--time", "09:00", "--previous", str(first), "-o", str(update))
    assert status == 0, err
    assert missed_events(update) == {uid: (summary, when[:-5] + "09:00", 1)}  # the same event, moved, SEQUENCE raised
    said = [c.text for c in compare(parse_export(first.read_bytes(), "first"), parse_export(update.read_bytes(), "update"))]
    assert not [line for line in said if line.startswith("Missed")]


def test_two_sessions_missed_on_one_day_keep_their_own_events(tmp_path, capsys):
    """Twice daily: fractions 3 and 4 share a day; each keeps its own event when the second session's time changes."""
    first, update = tmp_path / "first.ics", tmp_path / "update.ics"
    twice = [*EXPORT, "--pattern", "twice-daily", "--fractions", "20", "--second-time", "14:30", "--missed", "3"]
    assert run(capsys, *twice, "-o", str(first))[0] == 0
    before = missed_events(first)
    assert sorted(s for s, _, _ in before.values()) == ["Missed: Radiotherapy 3 of 20", "Missed: Radiotherapy 4 of 20"]
    assert run(capsys, *twice, "--second-time", "15:00", "--previous", str(first), "-o", str(update))[0] == 0
    after = missed_events(update)
    assert set(after) == set(before)
    for uid, (summary, when, _) in after.items():
        assert summary == before[uid][0]
        assert when.endswith("08:30" if "3 of" in summary else "15:00")
