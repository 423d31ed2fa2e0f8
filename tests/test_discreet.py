"""A discreet export or print names no diagnosis, site or treatment anywhere: in cancelled
events carried over from a plain export, in headings, in the "when to call" list and in the
files' metadata; and updates keep working between plain and discreet exports."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest

from planner.core.kinds import AppointmentKey, AppointmentKind
from planner.ics import ExportOptions, appointment_uid, export_ics, parse_export
from planner.ics.state import PRODUCT_MARK
from planner.ics.writer import DISCREET_PRODID, PRODID

from .helpers import plan

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
COURSE_ID = "5f0c7d4e-0000-4000-8000-000000000002"
# Words that tell a reader what the appointments are for.
REVEALING = ("radio", "radiation", "oncolog", "treatment", "treated", "fraction", "igrt", "sbrt", "tumour", "cancer",
             "planning scan", "mask", "breast", "prostate", "lung", "abdomen", "head and neck", "bladder", "bowel",
             "urine", "swallow", "review", "follow-up", "simulation")


def unfolded(raw: bytes) -> str:
    return raw.decode("utf-8").replace("\r\n ", "").lower()


def assert_discreet(text: str) -> None:
    for word in REVEALING:
        assert word not in text.lower(), word


def course(catalogue, fractions: int):
    return plan(catalogue, site="prostate", fractions=fractions, start=date(2026, 11, 2),
                simulation=datetime(2026, 10, 26, 9, 0), review_weekday=2, follow_up_weeks=4)


def export(catalogue, fractions: int, *, discreet: bool, previous=None, **extra) -> bytes:
    options = ExportOptions(course_id=COURSE_ID, discreet=discreet, prep_events=True, **extra)
    return export_ics(course(catalogue, fractions), options, now=NOW, patient_name="Jane Doe", previous=previous)


def test_discreet_update_of_a_plain_export_rewords_every_event_cancelled_ones_included(catalogue):
    plain = parse_export(export(catalogue, 20, discreet=False), "plain.ics")
    assert any("bladder" in e.summary.lower() for e in plain.events.values())  # the plain file did say it
    assert plain.events[appointment_uid(COURSE_ID, AppointmentKey.fraction(16))].summary == "Radiotherapy 16 of 20"
    raw = export(catalogue, 15, discreet=True, previous=plain)
    assert_discreet(unfolded(raw))
    update = parse_export(raw, "discreet.ics")
    assert set(update.events) == set(plain.events)  # the same events, updated in place
    cancelled = update.events[appointment_uid(COURSE_ID, AppointmentKey.fraction(16))]
    assert (cancelled.status, cancelled.summary) == ("CANCELLED", "Clinic appointment 16 of 20")
    assert cancelled.sequence == plain.events[cancelled.uid].sequence + 1
    prep = update.events[appointment_uid(COURSE_ID, AppointmentKey.fraction(16), 1)]
    assert (prep.status, prep.summary) == ("CANCELLED", "Before Clinic appointment 16 of 20")
    kept = update.events[appointment_uid(COURSE_ID, AppointmentKey.fraction(3))]
    assert (kept.status, kept.summary, kept.sequence) == ("CONFIRMED", "Clinic appointment 3 of 15", 1)


def test_plain_update_of_a_discreet_export_uses_the_plain_wording(catalogue):
    discreet = parse_export(export(catalogue, 20, discreet=True), "discreet.ics")
    update = parse_export(export(catalogue, 15, discreet=False, previous=discreet), "plain.ics")
    assert set(update.events) == set(discreet.events)
    cancelled = update.events[appointment_uid(COURSE_ID, AppointmentKey.fraction(20))]
    assert (cancelled.status, cancelled.summary) == ("CANCELLED", "Radiotherapy 20 of 20")
    prep = update.events[appointment_uid(COURSE_ID, AppointmentKey.fraction(20), 2)]
    assert prep.summary == "Before Radiotherapy 20 of 20"
    kept = update.events[appointment_uid(COURSE_ID, AppointmentKey(AppointmentKind.SIMULATION))]
    assert (kept.summary, kept.sequence) == ("Radiotherapy planning scan", 1)


@pytest.mark.parametrize("role, discreet, summary", [
    ("s1", True, "Clinic appointment"), ("s1", False, "Radiotherapy planning scan"),
    ("r3", True, "Clinic appointment"), ("r3", False, "On-treatment review (week 3)"),
    ("f1", True, "Clinic appointment"), ("f1", False, "Radiotherapy follow-up visit"),
    ("t7-p2", True, "Before Clinic appointment 7 of 9"), ("t7", False, "Radiotherapy 7 of 9"),
    ("", True, "Clinic appointment"), ("x9", True, "Clinic appointment"), ("", False, "Old words"),
])
def test_a_cancelled_event_is_titled_from_its_role(role, discreet, summary):
    from planner.ics.state import EventState
    from planner.ics.writer import cancelled_summary

    old = EventState(uid="u", role=role, sequence=0, start=NOW, end=NOW, summary="Old words 7 of 9" if role else "Old words",
                     location="", description="", status="CONFIRMED")
    assert cancelled_summary(old, discreet) == summary


def test_a_fraction_whose_total_is_unknown_is_titled_without_it():
    from planner.ics.state import EventState
    from planner.ics.writer import cancelled_summary

    old = EventState(uid="u", role="t4", sequence=0, start=NOW, end=NOW, summary="Something", location="",
                     description="", status="CONFIRMED")
    assert cancelled_summary(old, True) == "Clinic appointment 4"


def test_discreet_metadata_names_no_treatment_and_plain_may(catalogue):
    discreet = export(catalogue, 5, discreet=True)
    text = unfolded(discreet)
    assert_discreet(text)
    assert f"prodid:{DISCREET_PRODID.lower()}" in text
    assert "x-igrt" not in text and "@igrt" not in text
    assert "x-planner-role:t1" in text and f"x-planner-course-id:{COURSE_ID}" in text
    plain = unfolded(export(catalogue, 5, discreet=False))
    assert f"prodid:{PRODID.lower()}" in plain
    assert "igrt course planner" in plain
    for prodid in (PRODID, DISCREET_PRODID):
        assert PRODUCT_MARK in prodid
    assert_discreet(PRODUCT_MARK)


def test_earlier_exports_are_still_read_and_updated_in_place(catalogue):
    """An export written before the neutral names (X-IGRT-*, @igrt-planner UIDs) is still ours,
    and a re-export updates its events under the UIDs the phone already holds."""
    current = export(catalogue, 5, discreet=False)
    legacy = (current.replace(b"X-PLANNER-", b"X-IGRT-").replace(b"@course-planner", b"@igrt-planner"))
    old = parse_export(legacy, "legacy.ics")
    assert old.course_id == COURSE_ID
    assert old.events[f"t1.{COURSE_ID}@igrt-planner"].role == "t1"
    update = parse_export(export(catalogue, 4, discreet=True, previous=old), "new.ics")
    assert set(update.events) == set(old.events)
    assert update.events[f"t5.{COURSE_ID}@igrt-planner"].summary == "Clinic appointment 5 of 5"
    assert update.events[f"t5.{COURSE_ID}@igrt-planner"].status == "CANCELLED"
    assert update.events[f"t2.{COURSE_ID}@igrt-planner"].summary == "Clinic appointment 2 of 4"


def test_foreign_calendar_with_a_similar_name_is_still_refused():
    from planner.ics import ExportFileError

    with pytest.raises(ExportFileError, match="not a calendar exported by this planner"):
        parse_export(b"BEGIN:VCALENDAR\r\nPRODID:-//Course Scheduler//x//EN\r\nEND:VCALENDAR\r\n", "x.ics")


def _pdf_text_and_metadata(data: bytes) -> tuple[str, dict[str, str]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    metadata = {key: str(value) for key, value in (reader.metadata or {}).items()}
    return text, metadata


@pytest.mark.parametrize("layout", ["sheet", "week"])
@pytest.mark.parametrize("site, preset", [("prostate", "20-daily"), ("head-neck", None), ("upper-abdomen", None)])
def test_discreet_print_names_no_treatment_in_text_or_metadata(tmp_path, capsys, qapp, layout, site, preset):
    from planner.cli import main

    out = tmp_path / "course.pdf"
    args = ["print", "--site", site, "--start", "2026-11-23", "--tz", "UTC", "--layout", layout, "--discreet",
            "--patient", "Jane Doe", "-o", str(out)]
    args += ["--preset", preset] if preset else ["--fractions", "5"]
    assert main(args) == 0, capsys.readouterr().err
    text, metadata = _pdf_text_and_metadata(out.read_bytes())
    assert_discreet(text)
    for word in ("open skin", "blood", "diarrhoea", "before each treatment"):
        assert word not in text.lower(), word
    assert "When to call your care team" in text and "A fever or signs of infection" in text
    assert metadata["/Creator"] == "Course Planner" and metadata["/Title"] == "Appointments"
    assert_discreet(" ".join(metadata.values()))


def test_plain_print_keeps_the_full_words_and_the_site_lists(tmp_path, capsys, qapp):
    from planner.cli import main

    out = tmp_path / "course.pdf"
    assert main(["print", "--site", "prostate", "--preset", "20-daily", "--start", "2026-11-23", "--tz", "UTC",
                 "--layout", "sheet", "-o", str(out)]) == 0, capsys.readouterr().err
    text, metadata = _pdf_text_and_metadata(out.read_bytes())
    assert "Before each treatment session" in text and "Blood in your urine" in text
    assert metadata["/Creator"] == "IGRT Course Planner" and metadata["/Title"] == "Radiotherapy appointments"


def test_the_catalogue_keeps_a_neutral_list_apart(catalogue):
    from planner.core.catalogue import parse_catalogue

    site = catalogue.site("prostate")
    assert catalogue.when_to_call(site, False) == catalogue.call_team_for(site)
    assert "Not being able to pass urine" in catalogue.when_to_call(site, False)
    neutral = catalogue.when_to_call(site, True)
    assert neutral and set(neutral).isdisjoint(site.call_team)
    assert_discreet(" ".join(neutral))
    bare = parse_catalogue('schema = 1\n[[call_team]]\ntext = "Blood in your urine"\n[[site]]\nid = "x"\nname = "X"\n'
                           'session_minutes = 10\n[[site.preset]]\nid = "p"\nname = "P"\nfractions = 5\npattern = "daily"\n', "c.toml")
    assert bare.when_to_call(bare.sites[0], True) == ()  # no neutral list: the discreet print lists nothing rather than the site's
    assert bare.when_to_call(bare.sites[0], False) == ("Blood in your urine",)


@pytest.fixture
def tokyo_machine(monkeypatch):
    """The machine's own zone far from UTC and from the course's: nothing may depend on it."""
    import time

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def test_a_cancelled_event_is_written_whole_in_the_course_zone(catalogue, tokyo_machine):
    plain = parse_export(export(catalogue, 3, discreet=False), "plain.ics")
    raw = export(catalogue, 2, discreet=True, previous=plain)
    text = raw.decode().replace("\r\n ", "")
    block = next(b for b in text.split("BEGIN:VEVENT\r\n")[1:] if f"UID:{appointment_uid(COURSE_ID, AppointmentKey.fraction(3))}\r\n" in b)
    lines = block.split("END:VEVENT")[0].split("\r\n")
    assert sorted(lines[:-1]) == sorted([
        f"UID:{appointment_uid(COURSE_ID, AppointmentKey.fraction(3))}", "DTSTAMP:20261121T120000Z", "SEQUENCE:1",
        "DTSTART;TZID=America/New_York:20261104T090000", "DTEND;TZID=America/New_York:20261104T092000",
        "SUMMARY:Clinic appointment 3 of 3", "STATUS:CANCELLED", "TRANSP:TRANSPARENT", "X-PLANNER-ROLE:t3"])
    again = parse_export(export(catalogue, 2, discreet=True, previous=parse_export(raw, "d.ics")), "again.ics")
    assert again.events[appointment_uid(COURSE_ID, AppointmentKey.fraction(3))].sequence == 1  # cancelled stays as it was


def test_the_fingerprint_does_not_depend_on_the_machines_zone(tokyo_machine):
    from planner.ics.state import fingerprint

    moment = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    assert fingerprint(moment, moment, "s", "", "", "CONFIRMED")[:2] == ("2026-11-02T09:00:00+00:00",) * 2


def test_prep_events_keep_the_course_zone_on_any_machine(catalogue, tokyo_machine):
    raw = export(catalogue, 1, discreet=True)
    events = raw.decode().split("BEGIN:VEVENT")[1:]
    starts = [line for event in events for line in event.split("\r\n") if line.startswith("DTSTART")]
    assert starts and all(line.startswith("DTSTART;TZID=America/New_York:") for line in starts), starts



def test_a_discreet_print_shows_a_closure_without_its_note(tmp_path, capsys, qapp):
    """A closure's note is the coordinator's ('Linac 2' down for service): it names the treatment, so a discreet page
    labels the day 'Clinic closure' alone, as the discreet .ics leaves the note out; a plain page keeps it."""
    import json

    from planner.cli import main

    course = tmp_path / "course.json"
    assert main(["plan", "--site", "prostate", "--preset", "20-daily", "--start", "2026-11-23", "--tz", "UTC",
                 "--closed", "2026-11-25", "--patient", "Jane Doe", "--save", str(course)]) == 0, capsys.readouterr().err
    data = json.loads(course.read_text(encoding="utf-8"))
    data["closed"] = [{"date": "2026-11-25", "note": "Linac 2"}]
    course.write_text(json.dumps(data), encoding="utf-8")
    texts = {}
    for discreet in (True, False):
        out = tmp_path / f"{discreet}.pdf"
        args = ["print", "--course", str(course), "--layout", "week", "-o", str(out)]
        assert main(args + (["--discreet"] if discreet else [])) == 0, capsys.readouterr().err
        texts[discreet] = _pdf_text_and_metadata(out.read_bytes())[0]
    assert "Clinic closure" in texts[True] and "Linac" not in texts[True]
    assert "Linac 2" in texts[False]
