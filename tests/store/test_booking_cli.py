"""The booking commands' contract on a stored department: book, agenda, machine-down, unbook,
their JSON, the golden agenda, and one-line refusals with exit status 2."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from planner.ics import parse_export

from .booking_scenario import BOOKINGS, GOLDEN, place_bookings, stock
from .command_line import run


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return stock(f"sqlite:///{tmp_path / 'department.db'}")


def book_all(capsys, url: str) -> list[dict]:
    answers = []
    for course_id, extra in BOOKINGS:
        status, out, err = run(capsys, "book", "--db", url, "--course-id", course_id, *extra, "--json")
        assert status == 0, err
        answers.append(json.loads(out))
    return answers


def test_book_json_contract(capsys, sqlite_url):
    status, out, err = run(capsys, "book", "--db", sqlite_url, "--course-id", "course-prostate", "--earliest", "2030-03-25",
                           "--prefer-time", "08:30", "--json")
    assert status == 0 and err == ""
    data = json.loads(out)
    assert set(data) == {"course_id", "booked", "machine", "appointments", "alternatives", "pushed", "warnings", "calendars",
                         "left_out"}
    assert data["course_id"] == "course-prostate" and data["booked"] is True
    assert data["calendars"] == []  # never exported: no patient's calendar changed
    assert data["machine"] in ("Linac 1", "Linac 2", "Linac 3")
    fractions = [a for a in data["appointments"] if a["kind"] == "fraction"]
    assert [f["number"] for f in fractions] == list(range(1, 21))
    assert all(set(a) == {"kind", "number", "start", "end", "machine"} for a in data["appointments"])
    # 08:30 stays 08:30 across the clocks going forward on 31 March, on real instants an hour apart
    def minutes(a: dict) -> float:
        return (datetime.fromisoformat(a["end"]) - datetime.fromisoformat(a["start"])).total_seconds() / 60

    assert fractions[0]["start"].startswith("2030-03-25T08:") and fractions[0]["start"].endswith("+00:00")
    assert minutes(fractions[0]) == minutes(fractions[1]) + 10  # the first fraction is 10 minutes longer
    assert fractions[5]["start"] == "2030-04-01T08:30+01:00" and fractions[5]["end"] == "2030-04-01T08:50+01:00"
    for alternative in data["alternatives"]:
        assert set(alternative) == {"first", "machine", "time", "off_time", "off_machine", "wait_days"}
    assert data["pushed"] == [] and data["warnings"] == []


def test_dry_run_proposes_and_books_nothing(capsys, sqlite_url):
    status, out, _ = run(capsys, "book", "--db", sqlite_url, "--course-id", "course-prostate", "--earliest", "2030-03-25", "--dry-run", "--json")
    assert status == 0
    data = json.loads(out)
    assert data["booked"] is False and len(data["appointments"]) == 20
    assert 1 <= len(data["alternatives"]) + 1 <= 3
    status, out, _ = run(capsys, "agenda", "--db", sqlite_url, "--date", "2030-03-25", "--json")
    assert all(m["bookings"] == [] for m in json.loads(out)["machines"])


def test_eligibility_breath_hold_goes_to_the_machine_with_surface_guidance(capsys, sqlite_url):
    status, out, _ = run(capsys, "book", "--db", sqlite_url, "--course-id", "course-breast", "--earliest", "2030-03-25", "--json")
    assert status == 0
    data = json.loads(out)
    assert {a["machine"] for a in data["appointments"]} == {"Linac 3"}


def test_the_same_slot_is_never_booked_twice(capsys, sqlite_url):
    first = json.loads(run(capsys, "book", "--db", sqlite_url, "--course-id", "course-prostate", "--earliest", "2030-03-25",
                           "--prefer-time", "08:30", "--machine", "Linac 1", "--json")[1])
    second = json.loads(run(capsys, "book", "--db", sqlite_url, "--course-id", "course-prostate-2", "--earliest", "2030-03-25",
                            "--prefer-time", "08:30", "--machine", "Linac 1", "--json")[1])
    taken = {(a["machine"], a["start"]) for a in first["appointments"]}
    spans = [(a["machine"], datetime.fromisoformat(a["start"]), datetime.fromisoformat(a["end"])) for a in first["appointments"]]
    for a in second["appointments"]:
        assert (a["machine"], a["start"]) not in taken
        start, end = datetime.fromisoformat(a["start"]), datetime.fromisoformat(a["end"])
        assert not any(m == a["machine"] and s < end and start < e for m, s, e in spans)


def test_golden_agenda_on_both_databases(capsys, store_url):
    """The golden department's bookings (as data, so the engine's choices cannot move them) read
    back the same from SQLite and PostgreSQL: local wall-clock times on both sides of the clocks
    going forward (31 March), every machine listed, a planning scan on the CT simulator."""
    url = stock(store_url)
    place_bookings(url)
    status, out, _ = run(capsys, "agenda", "--db", url, "--date", "2030-03-20", "--machine", "CT simulator", "--json")
    assert json.loads(out)["machines"][0]["bookings"] == [
        {"course_id": "course-rectum", "patient": "Chen Wei", "kind": "simulation", "number": 1,
         "start": "2030-03-20T10:00+00:00", "end": "2030-03-20T10:45+00:00"}]
    status, out, err = run(capsys, "agenda", "--db", url, "--date", "2030-03-28", "--days", "5", "--json")
    assert status == 0, err
    expected = json.loads((GOLDEN / "agenda-2030-03-28-5-days.json").read_text(encoding="utf-8"))
    assert json.loads(out) == expected


def test_every_booking_the_engine_makes_keeps_machines_free_of_overlaps(capsys, sqlite_url):
    answers = book_all(capsys, sqlite_url)
    held = sorted((a["machine"], datetime.fromisoformat(a["start"]), datetime.fromisoformat(a["end"]))
                  for answer in answers for a in answer["appointments"])
    for (m1, s1, e1), (m2, s2, _) in zip(held, held[1:], strict=False):
        assert m1 != m2 or e1 <= s2, (m1, s1, s2)
    listed = 0
    for first in ("2030-03-01", "2030-04-01", "2030-05-02"):
        status, out, _ = run(capsys, "agenda", "--db", sqlite_url, "--date", first, "--days", "31", "--json")
        listed += sum(len(m["bookings"]) for m in json.loads(out)["machines"])
    assert listed == len(held)


def test_agenda_of_one_machine_and_as_text(capsys, sqlite_url):
    book_all(capsys, sqlite_url)
    status, out, _ = run(capsys, "agenda", "--db", sqlite_url, "--date", "2030-04-01", "--machine", "Linac 3", "--json")
    assert status == 0
    machines = json.loads(out)["machines"]
    assert [m["name"] for m in machines] == ["Linac 3"]
    assert machines[0]["bookings"][0]["patient"] == "Amir Haddad"
    status, out, _ = run(capsys, "agenda", "--db", sqlite_url, "--date", "2030-04-01")
    assert status == 0 and "Linac 3" in out and "Amir Haddad (H0002)" in out and "fraction 6/15" in out


def test_machine_down_rebooks_and_reports(capsys, sqlite_url):
    book_all(capsys, sqlite_url)
    before = json.loads(run(capsys, "agenda", "--db", sqlite_url, "--date", "2030-04-02", "--json")[1])
    hit = {(b["course_id"], b["number"]) for m in before["machines"] if m["name"] == "Linac 1" for b in m["bookings"]
           if b["start"] < "2030-04-02T13:00"}
    assert hit
    status, out, err = run(capsys, "machine-down", "Linac 1", "--db", sqlite_url, "--from", "2030-04-02T08:00", "--to", "2030-04-02T13:00",
                           "--reason", "beam fault", "--json")
    assert status == 0, err
    report = json.loads(out)
    assert {"moved", "appended", "unplaced"} <= set(report)
    moved = {(m["course_id"], m["number"]) for m in report["moved"] + report["appended"]}
    moved |= {(u["course_id"], u["number"]) for u in report["unplaced"]}
    assert {c for c, _ in moved} == {c for c, _ in hit}
    for move in report["moved"]:
        assert move["from"]["machine"] == "Linac 1"
        assert set(move["from"]) == {"machine", "start"} and set(move["to"]) == {"machine", "start"}
        if move["to"]["start"].startswith("2030-04-02"):
            assert move["to"]["machine"] == "Linac 2"  # the beam-matched twin, the same day
    after = json.loads(run(capsys, "agenda", "--db", sqlite_url, "--date", "2030-04-02", "--json")[1])
    linac1 = next(m for m in after["machines"] if m["name"] == "Linac 1")
    assert all(b["start"] >= "2030-04-02T13:00" for b in linac1["bookings"])


def test_machine_down_writes_calendar_updates_with_raised_sequence(capsys, sqlite_url, tmp_path):
    from planner.app.booking import open_desk
    from planner.core.catalogue import load_catalogue
    from planner.resources_path import default_catalogue_path

    book_all(capsys, sqlite_url)
    catalogue = load_catalogue(default_catalogue_path())
    with open_desk(sqlite_url, catalogue) as desk:
        ics = desk.export_calendar("course-prostate", now=datetime(2030, 3, 1, tzinfo=UTC))
    first = parse_export(ics, "first")
    assert any("Linac" in e.location for e in first.events.values())
    machine = next(e.location for e in first.events.values() if e.role == "t8")
    folder = tmp_path / "updates"
    folder.mkdir()
    status, out, err = run(capsys, "machine-down", machine, "--db", sqlite_url, "--from", "2030-04-03T07:00", "--to", "2030-04-03T18:00",
                           "--write-updates", str(folder), "--json")
    assert status == 0, err
    report = json.loads(out)
    written = [c for c in report["calendars"] if c["course_id"] == "course-prostate"]
    assert written and written[0]["changed"] >= 1
    path = Path(written[0]["written"])
    assert path.parent == folder and stat.S_IMODE(path.stat().st_mode) == 0o600
    update = parse_export(path.read_bytes(), "update")
    raised = [uid for uid, event in update.events.items() if event.sequence > first.events[uid].sequence]
    assert raised, "a moved appointment keeps its UID and raises SEQUENCE"
    for uid in raised:
        old, new = first.events[uid], update.events[uid]
        assert (old.start, old.location) != (new.start, new.location)
    assert len(raised) < len(first.events), "what did not move keeps its SEQUENCE"


def test_unbook_releases_the_slots(capsys, sqlite_url):
    first = json.loads(run(capsys, "book", "--db", sqlite_url, "--course-id", "course-prostate", "--earliest", "2030-03-25",
                           "--machine", "Linac 1", "--prefer-time", "08:30", "--json")[1])
    status, out, _ = run(capsys, "unbook", "--db", sqlite_url, "--course-id", "course-prostate")
    assert status == 0 and "Released 20 bookings" in out
    status, out, _ = run(capsys, "unbook", "--db", sqlite_url, "--course-id", "course-prostate")
    assert status == 0 and out == "Course course-prostate was not booked: nothing to release\n"  # again: nothing to do, and it says so
    data = json.loads(run(capsys, "agenda", "--db", sqlite_url, "--date", "2030-03-25", "--json")[1])
    assert all(m["bookings"] == [] for m in data["machines"])
    status, out, _ = run(capsys, "book", "--db", sqlite_url, "--course-id", "course-prostate", "--earliest", "2030-03-25", "--machine", "Linac 1",
                         "--prefer-time", "08:30", "--json")
    assert status == 0 and json.loads(out)["appointments"] == first["appointments"], "the released slots are free again"


@pytest.mark.parametrize(("argv", "field"), [
    (["book", "--course-id", "nope"], "--course-id: no course nope"),
    (["book", "--course-id", "course-prostate", "--earliest", "2030-02-30"], "--earliest: '2030-02-30' is not a date"),
    (["book", "--course-id", "course-prostate", "--prefer-time", "25:00"], "--prefer-time: '25:00' is not a time"),
    (["book", "--course-id", "course-prostate", "--machine", "Linac 9"], "--machine: 'Linac 9' is not a machine of the department"),
    (["book", "--course-id", ""], "--course-id: '' is not a course id"),
    (["book", "--course-id", "course-prostate", "--machine", "CT simulator"],
     "--machine: CT simulator takes planning scans, not treatment sessions"),  # was "lacks what this course needs ()"
    (["book", "--course-id", "course-breast", "--machine", "Linac 1"], "--machine: Linac 1 lacks what this course needs (dibh)"),
    (["agenda", "--date", "tomorrow"], "--date: 'tomorrow' is not a date"),
    (["agenda", "--date", "2030-03-25", "--days", "0"], "--days: must be from 1 to 31"),
    (["agenda", "--date", "2030-03-25", "--days", "9" * 30], "--days: '999"),
    (["agenda", "--date", "2030-03-25", "--machine", "Gamma Knife"], "--machine: 'Gamma Knife' is not a machine"),
    (["book", "--course-id", "course-prostate", "--machine", "linac  1"], "Linac 3, CT simulator); did you mean 'Linac 1'?\n"),
    (["machine-down", "L\u0456nac 1", "--from", "2030-03-26T08:00", "--to", "2030-03-26T09:00"],  # a Cyrillic i: looks the same
     "MACHINE: 'L\u0456nac 1' is not a machine of the department (known: Linac 1, Linac 2, Linac 3, CT simulator); it holds "
     "U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I, which no machine's name holds\n"),
    (["agenda", "--date", "2030-03-25", "--machine", "L" * 10_000],  # quoted cut short, not 2000 characters of it
     "--machine: '" + "L" * 80 + "...' is not a machine of the department (known: Linac 1, Linac 2, Linac 3, CT simulator)\n"),
    (["machine-down", "Linac 1", "--from", "2030-03-31T01:30", "--to", "2030-03-31T03:00"], "--from: '2030-03-31T01:30' does not exist"),
    (["machine-down", "Linac 1", "--from", "2030-03-26T10:00", "--to", "2030-03-26T09:00"], "--to: the downtime must end after it starts"),
    (["machine-down", "Linac 9", "--from", "2030-03-26T08:00", "--to", "2030-03-26T09:00"], "MACHINE: 'Linac 9' is not a machine"),
    (["machine-down", "Linac 1", "--from", "2030-03-26", "--to", "2030-03-26T09:00"], "--from: '2030-03-26' is not a date and time"),
    (["machine-down", "Linac 1", "--from", "2030-03-26T08:00", "--to", "2030-03-26T09:00:30"],  # was kept, and shown as 09:00
     "--to: '2030-03-26T09:00:30' gives seconds: give the minute, in the form YYYY-MM-DDTHH:MM\n"),
    (["machine-down", "Linac 1", "--from", "2030-03-26T08:00:00.5+00:00", "--to", "2030-03-26T09:00"], "--from: '2030-03-26T08:00:00.5"),
    (["machine-down", "Linac 1", "--from", "2030-03-26T08:00", "--to", "2030-03-26T09:00", "--write-updates", "/nonexistent-folder"],
     "--write-updates: /nonexistent-folder is not a folder"),
    (["unbook", "--course-id", "ghost"], "--course-id: no course ghost"),
    (["book"], "the following arguments are required: --course-id"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, sqlite_url, argv, field):
    status, out, err = run(capsys, *argv[:1], "--db", sqlite_url, *argv[1:])
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("planner: error: ")
    assert field in err
    assert "Traceback" not in err


def test_a_database_that_is_not_there_or_not_a_database_is_one_line(capsys, tmp_path):
    folder = tmp_path / "a-folder.db"
    folder.mkdir()
    for url in (f"sqlite:///{folder}", "mysql://x@y/z", "not a url"):
        status, _, err = run(capsys, "agenda", "--db", url, "--date", "2030-03-25")
        assert status == 2 and err.startswith("planner: error: --db: ") and err.count("\n") == 1


def test_a_store_without_a_department_says_so(capsys, tmp_path):
    assert run(capsys, "db", "upgrade", "--db", f"sqlite:///{tmp_path / 'empty.db'}")[0] == 0  # a store, still empty
    status, _, err = run(capsys, "agenda", "--db", f"sqlite:///{tmp_path / 'empty.db'}", "--date", "2030-03-25")
    assert status == 2 and "has no department yet" in err


def test_booking_an_already_booked_course_is_refused(capsys, sqlite_url):
    run(capsys, "book", "--db", sqlite_url, "--course-id", "course-lung", "--earliest", "2030-03-26")
    status, _, err = run(capsys, "book", "--db", sqlite_url, "--course-id", "course-lung", "--earliest", "2030-03-26")
    assert status == 2 and "already booked; unbook it first" in err


def test_booking_and_unbooking_an_exported_course_say_its_calendar_changed(capsys, sqlite_url, tmp_path):
    status, out, err = run(capsys, "export", "--db", sqlite_url, "--course-id", "course-lung", "-o", str(tmp_path / "planned.ics"))
    assert status == 0, err
    status, out, _ = run(capsys, "book", "--db", sqlite_url, "--course-id", "course-lung", "--earliest", "2030-03-26",
                         "--prefer-time", "11:00", "--dry-run", "--json")
    assert status == 0 and json.loads(out)["calendars"] == []  # a dry run makes no update due
    status, out, _ = run(capsys, "book", "--db", sqlite_url, "--course-id", "course-lung", "--earliest", "2030-03-26",
                         "--prefer-time", "11:00", "--json")
    # --json says what the text says: the update the booking made due, as machine-down's and the others' do
    assert status == 0 and [(c["course_id"], c["written"]) for c in json.loads(out)["calendars"]] == [("course-lung", None)]
    status, out, _ = run(capsys, "calendar-updates", "--db", sqlite_url, "--json")
    assert [c["course_id"] for c in json.loads(out)["calendars"]] == ["course-lung"]
    run(capsys, "unbook", "--db", sqlite_url, "--course-id", "course-lung")
    status, out, _ = run(capsys, "book", "--db", sqlite_url, "--course-id", "course-lung", "--earliest", "2030-03-26", "--prefer-time", "11:00")
    assert status == 0 and "The patient's calendar changed" in out
    status, out, err = run(capsys, "export", "--db", sqlite_url, "--course-id", "course-lung", "-o", str(tmp_path / "booked.ics"))
    assert status == 0, err
    status, out, _ = run(capsys, "unbook", "--db", sqlite_url, "--course-id", "course-lung", "--json")
    assert status == 0 and json.loads(out) == {"course_id": "course-lung", "released": 5, "calendar_changed": True,
                                                 "left_out": []}


def test_agenda_writes_the_treatment_rooms_day_list_discreet_on_request(capsys, sqlite_url, tmp_path):
    import io as _io

    from pypdf import PdfReader

    book_all(capsys, sqlite_url)
    target = tmp_path / "day.pdf"
    status, _, err = run(capsys, "agenda", "--db", sqlite_url, "--date", "2030-04-02", "--pdf", str(target), "--discreet")
    assert status == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(_io.BytesIO(target.read_bytes())).pages)
    assert "Linac 1" in text and "Z. Å." in text and "Zoë" not in text and "Treatment" not in text and "H0001" not in text
    status, _, err = run(capsys, "agenda", "--db", sqlite_url, "--date", "2030-04-02", "--pdf", str(target))
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(_io.BytesIO(target.read_bytes())).pages)
    assert status == 0 and "Zoë Ångström H0001" in text  # the name and the hospital number, checked at the door
    status, _, err = run(capsys, "agenda", "--db", sqlite_url, "--date", "2030-04-02", "--days", "2", "--pdf", str(target))
    assert status == 2 and "--pdf: the day list prints one day" in err


def test_agenda_pdf_gives_each_machine_its_own_page_as_the_window_does_unless_run_on(capsys, sqlite_url, tmp_path):
    import io as _io

    from pypdf import PdfReader

    book_all(capsys, sqlite_url)
    target = tmp_path / "day.pdf"
    status, out, err = run(capsys, "agenda", "--db", sqlite_url, "--date", "2030-04-02", "--json")
    machines = [m["name"] for m in json.loads(out)["machines"]]
    status, _, err = run(capsys, "agenda", "--db", sqlite_url, "--date", "2030-04-02", "--pdf", str(target))
    assert status == 0, err
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(_io.BytesIO(target.read_bytes())).pages]
    assert len(pages) == len(machines) > 1
    assert [next(m for m in machines if m in page) for page in pages] == machines  # one machine a page, in order
    status, _, err = run(capsys, "agenda", "--db", sqlite_url, "--date", "2030-04-02", "--pdf", str(target), "--run-on")
    assert status == 0, err
    assert len(PdfReader(_io.BytesIO(target.read_bytes())).pages) < len(machines)
    status, _, err = run(capsys, "agenda", "--db", sqlite_url, "--date", "2030-04-02", "--run-on")
    assert status == 2 and err.strip().splitlines() == ["planner: error: --run-on: it is how the day list's pages run; give it with --pdf FILE.pdf"]


def test_book_text_says_when_the_longer_first_session_starts_before_the_daily_time():
    from datetime import date, time, timedelta
    from zoneinfo import ZoneInfo

    from planner.booking.model import BookingAnswer, Proposal
    from planner.cli_booking import book_text
    from planner.core.department import Booking
    from planner.core.kinds import AppointmentKind

    london = ZoneInfo("Europe/London")
    day = date(2030, 4, 1)

    def session(number: int, start: datetime, minutes: int) -> Booking:
        return Booking("c1", AppointmentKind.FRACTION, number, "Linac 1", start, start + timedelta(minutes=minutes))

    first = session(1, datetime(2030, 4, 1, 8, 30, tzinfo=london), 30)
    second = session(2, datetime(2030, 4, 2, 8, 40, tzinfo=london), 20)
    proposal = Proposal(day, "Linac 1", time(8, 40), 0, 0, 0, 0, (first, second), ())
    text = book_text(BookingAnswer("c1", day, (proposal,)), False, london)
    assert text.splitlines()[0] == ("Best proposal: course c1 from Mon 2030-04-01 on Linac 1 at 08:40, the first session at "
                                    "08:30 (wait 0 working days)")
    on_time = Proposal(day, "Linac 1", time(8, 30), 0, 0, 0, 0, (first,), ())
    assert book_text(BookingAnswer("c1", day, (on_time,)), True, london).splitlines()[0] == (
        "Booked: course c1 from Mon 2030-04-01 on Linac 1 at 08:30 (wait 0 working days)")


def test_machine_down_dry_run_reports_the_same_re_booking_and_records_nothing(capsys, sqlite_url, tmp_path):
    """`machine-down --dry-run` (as closure, machine-up and reopen have): who would move where and whose calendar would
    change, the downtime not recorded, no booking moved, no update written or owed. Before, --dry-run was refused."""
    book_all(capsys, sqlite_url)
    with open_desk_on(sqlite_url) as desk:
        desk.export_calendar("course-prostate", now=datetime(2030, 3, 1, tzinfo=UTC))
    agenda = run(capsys, "agenda", "--db", sqlite_url, "--date", "2030-04-02", "--json")[1]
    folder = tmp_path / "updates"
    folder.mkdir()
    down = ["machine-down", "Linac 1", "--db", sqlite_url, "--from", "2030-04-02T08:00", "--to", "2030-04-02T13:00",
            "--reason", "beam fault"]
    status, out, err = run(capsys, *down, "--dry-run", "--write-updates", str(folder), "--json")
    assert status == 0, err
    trial = json.loads(out)
    assert trial["dry_run"] is True and trial["moved"] + trial["appended"]
    assert [c["course_id"] for c in trial["calendars"]] == ["course-prostate"] and trial["calendars"][0]["written"] is None
    assert run(capsys, "agenda", "--db", sqlite_url, "--date", "2030-04-02", "--json")[1] == agenda  # no downtime, nothing moved
    assert list(folder.iterdir()) == []
    assert json.loads(run(capsys, "calendar-updates", "--db", sqlite_url, "--json")[1]) == {"calendars": [], "left_out": []}  # none owed
    status, text, err = run(capsys, *down, "--dry-run")
    assert status == 0, err
    assert text.startswith("Linac 1 would be down Tue 2030-04-02 08:00 to Tue 2030-04-02 13:00; nothing was changed\n")
    status, out, err = run(capsys, *down, "--json")
    assert status == 0, err
    done = json.loads(out)
    assert done["dry_run"] is False
    assert (done["moved"], done["appended"], done["unplaced"]) == (trial["moved"], trial["appended"], trial["unplaced"])


def open_desk_on(url: str):
    from planner.app.booking import open_desk
    from planner.core.catalogue import load_catalogue
    from planner.resources_path import default_catalogue_path

    return open_desk(url, load_catalogue(default_catalogue_path()))


def test_a_twice_daily_course_preferred_too_late_in_the_day_is_refused_naming_the_time(capsys, tmp_path):
    """Each day's first session is sought near --prefer-time and its second 6 hours on: at 12:00 the second session
    would end after every machine closes (18:00), so no day has room. That was refused naming --course-id and 'no room
    within 400 days', as if the department were full; it names --prefer-time and the second session's 6 hours."""
    url = stock(f"sqlite:///{tmp_path / 'twice.db'}", (("course-lung-bd", "Ida Berg", "H0009", "lung", "30-twice-daily", None),))
    status, out, err = run(capsys, "book", "--db", url, "--course-id", "course-lung-bd", "--earliest", "2030-03-25",
                           "--prefer-time", "12:00", "--dry-run")
    assert status == 2 and out == "" and err.count("\n") == 1, err
    assert err.startswith("planner: error: --prefer-time: no eligible machine has room within 400 days for this "
                          "twice-daily course with its first session near 12:00"), err
    assert err.endswith("second session, 6 hours later, must fit in a machine's hours too; give an earlier time\n"), err
    status, out, err = run(capsys, "book", "--db", url, "--course-id", "course-lung-bd", "--earliest", "2030-03-25",
                           "--prefer-time", "10:00", "--json")  # early enough: booked, 6 hours apart
    assert status == 0, err
    first, second = json.loads(out)["appointments"][:2]
    assert first["start"] == "2030-03-25T10:00+00:00" and second["start"] == "2030-03-25T16:00+00:00"


def test_book_keeps_a_twice_daily_course_s_second_time_and_its_calendar_shows_the_booked_times(capsys, tmp_path):
    """The course's second session is at 16:30 (`--second-time`): booked then, eight and a half hours after the first,
    not six (14:00, as before), and the exported calendar holds the times booked."""
    url = stock(f"sqlite:///{tmp_path / 'twice.db'}", courses=())
    status, out, err = run(capsys, "course", "save", "--site", "lung", "--preset", "30-twice-daily", "--start", "2030-03-25",
                           "--time", "08:00", "--second-time", "16:30", "--tz", "Europe/London", "--patient", "Ida Berg",
                           "--patient-id", "H0009", "--db", url)
    assert status == 0, err
    course_id = out.strip()
    status, out, err = run(capsys, "book", "--db", url, "--course-id", course_id, "--earliest", "2030-03-25", "--json")
    assert status == 0, err
    fractions = [a for a in json.loads(out)["appointments"] if a["kind"] == "fraction"]
    assert {a["start"][11:16] for a in fractions[::2]} == {"08:00"}
    assert {a["start"][11:16] for a in fractions[1::2]} == {"16:30"}
    assert [a["start"][:10] for a in fractions[::2]] == [a["start"][:10] for a in fractions[1::2]]
    target = tmp_path / "twice.ics"
    status, _, err = run(capsys, "export", "--db", url, "--course-id", course_id, "--output", str(target))
    assert status == 0, err
    import icalendar

    starts = {e.decoded("DTSTART").astimezone(UTC) for e in icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")}
    assert {datetime.fromisoformat(a["start"]).astimezone(UTC) for a in fractions} <= starts
    assert datetime(2030, 3, 25, 14, 0, tzinfo=UTC) not in starts  # 14:00 in London (GMT until the 31st): not 6 h on
