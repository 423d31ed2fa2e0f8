"""`agenda` tells the day's staff two things they asked for: the days the whole department is closed (a public
holiday of its region, a clinic closure) and, for a patient on another machine's list than their course's (a
downtime's re-booking moved them), where they usually come from. Text and JSON; discreet keeps its word."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from planner.app.booking import BookingDesk, Relocation
from planner.core.catalogue import load_catalogue
from planner.core.kinds import AppointmentKind
from planner.resources_path import default_catalogue_path
from planner.store.db import Store

from .booking_scenario import place_bookings, stock
from .command_line import run


def with_holidays(url: str, region: str = "GB-ENG") -> str:
    with Store.open(url) as store:
        department = store.department()
        assert department is not None
        store.set_department(replace(department, holidays=region))
    return url


def test_closed_days_are_listed_with_their_reason(capsys, tmp_path):
    url = with_holidays(stock(f"sqlite:///{tmp_path / 'department.db'}"))
    status, out, err = run(capsys, "agenda", "--db", url, "--date", "2030-04-18", "--days", "5", "--json")
    assert status == 0, err
    data = json.loads(out)
    assert data["closures"] == [{"date": "2030-04-19", "reason": "Good Friday (public holiday, England)"},
                                {"date": "2030-04-22", "reason": "Easter Monday (public holiday, England)"}]
    assert [m["name"] for m in data["machines"]] == ["Linac 1", "Linac 2", "Linac 3", "CT simulator"]  # unchanged beside it
    status, out, _ = run(capsys, "agenda", "--db", url, "--date", "2030-04-18", "--days", "5")
    assert "Closed Fri 2030-04-19: Good Friday (public holiday, England)" in out, out
    assert "Closed Mon 2030-04-22: Easter Monday (public holiday, England)" in out
    assert "Sat 2030-04-20" not in out, "a weekend is no closure"


def test_a_clinic_closure_says_its_note_except_when_discreet(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")  # the golden file closes 8 March 2030 for staff training
    status, out, _ = run(capsys, "agenda", "--db", url, "--date", "2030-03-07", "--days", "2", "--json")
    assert status == 0 and json.loads(out)["closures"] == [{"date": "2030-03-08", "reason": "clinic closure (Staff training day)"}]
    status, out, _ = run(capsys, "agenda", "--db", url, "--date", "2030-03-08")
    assert out.splitlines()[0] == "Closed Fri 2030-03-08: clinic closure (Staff training day)"
    status, out, _ = run(capsys, "agenda", "--db", url, "--date", "2030-03-08", "--discreet", "--json")
    assert json.loads(out)["closures"] == [{"date": "2030-03-08", "reason": "clinic closure"}]
    status, out, _ = run(capsys, "agenda", "--db", url, "--date", "2030-03-08", "--discreet")
    assert "Closed Fri 2030-03-08: clinic closure" in out and "training" not in out
    status, out, _ = run(capsys, "agenda", "--db", url, "--date", "2030-03-07", "--json")
    assert json.loads(out)["closures"] == [], "an open day: none"


def test_a_patient_moved_by_downtime_says_from_which_machine(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    status, _, err = run(capsys, "machine-down", "Linac 1", "--db", url, "--from", "2030-03-28T08:00", "--to", "2030-03-28T18:00",
                         "--reason", "beam fault")
    assert status == 0, err
    status, out, err = run(capsys, "agenda", "--db", url, "--date", "2030-03-28", "--json")
    assert status == 0, err
    machines = {m["name"]: m["bookings"] for m in json.loads(out)["machines"]}
    assert machines["Linac 1"] == []
    moved = [b for b in machines["Linac 2"] + machines["Linac 3"] if b["course_id"] in ("course-prostate", "course-spine")]
    assert moved and all(b["moved_from"] == "Linac 1" for b in moved), moved
    own = [b for b in machines["Linac 2"] if b["course_id"] not in ("course-prostate", "course-spine")]
    assert own and all("moved_from" not in b for b in own), "a patient on their own machine: nothing said"
    status, out, _ = run(capsys, "agenda", "--db", url, "--date", "2030-03-28")
    assert "Zoë Ångström (H0001)  fraction 4/20  (from Linac 1, its usual machine)" in out, out
    status, out, _ = run(capsys, "agenda", "--db", url, "--date", "2030-03-28", "--discreet")
    assert "Z. Å.  4/20  (from Linac 1, its usual machine)" in out, out
    status, out, _ = run(capsys, "agenda", "--db", url, "--date", "2030-03-28", "--discreet", "--json")
    assert any(b.get("moved_from") == "Linac 1" and b["patient"] == "Z. Å." for m in json.loads(out)["machines"] for b in m["bookings"])


def test_a_session_moved_by_hand_to_another_machine_says_from_which(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    day = date(2030, 4, 2)
    with Store.open(url) as store:
        desk = BookingDesk(store, load_catalogue(default_catalogue_path()), today=date(2030, 3, 29))
        zoe = next(e for e in desk.agenda(day, 1, "Linac 1").machines[0].entries if e.course_id == "course-prostate")
        start = datetime(2030, 4, 2, 17, 0, tzinfo=ZoneInfo("Europe/London"))
        desk.move("course-prostate", [Relocation(AppointmentKind.FRACTION, zoe.number, "Linac 2", start)])
        moved = next(e for e in desk.agenda(day, 1, "Linac 2").machines[0].entries if e.course_id == "course-prostate")
        assert moved.moved_from == "Linac 1"
        later = desk.agenda(date(2030, 4, 3), 1, "Linac 1").machines[0].entries
        assert all(e.moved_from == "" for e in later if e.course_id == "course-prostate"), "the rest stays on its own machine"
