"""Two closures reopened at once (`reopen --move-back` over both days): each session a closure added at the end of its
course goes back as one added at the end ("the course is a session shorter again"), the first of them too; before,
only the very last session of a course counted, so the first closure's session read "back to its old slot". And the
report's first line pairs each day with its own reason when the reasons differ; before, the reasons were listed
together in alphabetical order after all the days ("Thu 28 Mar 2030, Tue 2 Apr 2030 (power cut, snow)").

The golden department: six courses booked from Mon 25 Mar 2030; Thu 28 Mar (snow) and Tue 2 Apr (power cut) closed."""

from __future__ import annotations

import json
from datetime import date

from planner.app.reopening import move_back_after_reopening
from planner.ui.reopen_dialogs import reopened_head

from .booking_scenario import desk_on, place_bookings, stock
from .command_line import run


def _closed_twice(capsys, url: str) -> str:
    place_bookings(stock(url))
    for day, reason in (("2030-03-28", "snow"), ("2030-04-02", "power cut")):
        status, _, err = run(capsys, "closure", "--db", url, "--date", day, "--reason", reason)
        assert status == 0, err
    return url


def test_each_session_a_closure_added_at_the_end_goes_back_as_one(capsys, store_url: str):
    url = _closed_twice(capsys, store_url)
    status, out, err = run(capsys, "reopen", "--db", url, "--date", "2030-03-28", "--to", "2030-04-02", "--move-back", "--json")
    assert status == 0, err
    back = [b for b in json.loads(out)["moved_back"] if b["course_id"] == "course-prostate"]
    assert [(b["to"]["start"][:10], b["shortens_course"]) for b in back] == [("2030-03-28", True), ("2030-04-02", True)]
    status, out, err = run(capsys, "agenda", "--db", url, "--date", "2030-03-25", "--days", "31", "--machine", "Linac 1", "--json")
    assert status == 0, err
    zoe = [b for b in json.loads(out)["machines"][0]["bookings"] if b["course_id"] == "course-prostate"]
    assert len(zoe) == 20 and zoe[-1]["start"].startswith("2030-04-19")  # 20 weekdays again, none added at the end


def test_the_reports_first_line_gives_each_day_its_own_reason(capsys, tmp_path):
    url = _closed_twice(capsys, f"sqlite:///{tmp_path / 'department.db'}")
    for day in ("2030-03-28", "2030-04-02"):
        status, _, err = run(capsys, "reopen", "--db", url, "--date", day)
        assert status == 0, err
    with desk_on(url) as desk:
        report, _ = move_back_after_reopening(desk, [(date(2030, 3, 28), "snow"), (date(2030, 4, 2), "power cut")], dry_run=True)
    assert reopened_head(report) == "The department reopens Thu 28 Mar 2030 (snow), Tue 2 Apr 2030 (power cut)."
