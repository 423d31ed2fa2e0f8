"""Every discreet output, for every site and regimen preset of the shipped catalogue, names no diagnosis, site or
treatment: the .ics export (the app's `export_calendar` and `export --discreet`), the calendar updates a downtime or a
closure writes, the course sheet, the weekly view and the course at a glance (their text and the PDF's metadata), the
treatment rooms' discreet day list and day view, and the names proposed for the files.

What may stay, and why:
- "session", "appointment", "phase" and the neutral "when to call" list ("pain", "nausea"): words of any clinic;
  the patient needs the phases to understand a gap between them.
- The discreet preparation texts the catalogue words for the purpose ("drink 500 ml of water", "practise the
  breathing exercise"): the clinic's to edit, and the patient needs them to prepare; a reminder whose only wording
  names the treatment or the body ("Empty your bladder ...") is left out of discreet outputs instead.
- On the treatment rooms' day list and day view (a staff page, initials only), the department's name and the
  machines' names: each machine's page hangs in that machine's room, whose name the patient already sees on its door,
  and the staff need it to know whose list it is. The patient's own files and pages never name a machine. A
  downtime's reason ("HyperArc SRS beam fault") stays there too: it is about the machine, as its name is, not about
  a patient; a patient's calendar update and pages never give it.
- `agenda --json --discreet` keeps each booking's "kind" (the documented schema's value for the programs that read
  it, such as a board that shows scans apart), never a name.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from planner.app.calendar_export import export_calendar
from planner.app.file_names import names_hospital_number, proposed_export_name, proposed_pdf_name, update_file_name
from planner.app.planning import plan as plan_course
from planner.core.catalogue import Catalogue, TreatmentSite, load_catalogue
from planner.resources_path import default_catalogue_path
from planner.store.course_file import load_course
from planner.store.settings import Settings, save_settings

from .booking_scenario import COURSES, place_bookings, stock
from .command_line import run

CATALOGUE = load_catalogue(default_catalogue_path())
CLINIC = "Riverside Cancer Centre"
SETTINGS = Settings(clinic_name=CLINIC, clinic_address="1 River Road", clinic_phone="+44 20 7946 0000",
                    sheet_names_machine=True)
LOCATION = f"{CLINIC}, Radiation Oncology, Level -1"
# Words that tell a reader what the appointments are for, whatever the site (matched at the start of a word).
GENERIC = ("radiotherap", "radiation", "radio-oncolog", "oncolog", "fraction", "hyperfraction", "sbrt", "sabr", "srs",
           "dibh", "breath-hold", "breath hold", "bladder", "bowel", "prostat", "breast", "lung", "linac", "treatment",
           "treated", "tumour", "cancer", "metasta", "palliat", "chemo", "igrt", "imrt", "vmat", "mask", "planning scan",
           "simulation", "review", "follow-up", "two a day", "twice daily", "twice-daily", "urine", "swallow", "enema",
           "riverside", "hyperarc", "beam")
# Words of the catalogue's names that any page may say ("Other appointment", "daily activities", "left out").
HARMLESS = {"other", "upper", "daily", "days", "weeks", "week", "alternate", "once", "weekly", "twice", "single",
            "short", "course", "left", "fractions"}


def giveaways(site: TreatmentSite, preset_id: str | None = None) -> tuple[str, ...]:
    """What a discreet output of a course of `site` (and preset) must never say: the generic words, the site's and the
    preset's names and ids and their telling words, and the site's full preparation texts and "when to call" lines."""
    words = list(GENERIC) + [site.id, site.name]
    words += [line for line in site.call_team if line not in CATALOGUE.call_team_discreet]  # "Nausea ..." is in both
    presets = [p for p in site.presets if preset_id in (None, p.id)]
    for name in (site.name, *(p.name for p in presets)):
        words += [w for w in re.findall(r"[^\W\d_][\w-]{3,}", name) if w.casefold() not in HARMLESS]
    words += [p.name for p in presets] + [p.id for p in presets]
    words += [r.text for r in site.reminders if r.text != r.discreet_text]
    words += [r.text for r in CATALOGUE.common_reminders if r.text != r.discreet_text]
    words += [line for line in CATALOGUE.call_team if line not in CATALOGUE.call_team_discreet]  # "A fever ..." is both
    return tuple(dict.fromkeys(words))


def leaks(text: str, words: tuple[str, ...]) -> list[str]:
    flat = " ".join(text.replace("\r\n ", "").replace("\\n", " ").replace("\\,", ",").split())
    return [w for w in words if re.search(r"(?<![^\W_])" + re.escape(" ".join(w.split())), flat, re.IGNORECASE)]


def pdf_words(path: Path) -> str:
    """A PDF's text, its metadata (title, subject, keywords, creator) and its XMP packet, if any."""
    reader = PdfReader(path)
    text = " ".join(page.extract_text() for page in reader.pages)
    metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
    raw = path.read_bytes()
    xmp = raw[raw.find(b"<x:xmpmeta"):raw.find(b"</x:xmpmeta>")] if b"<x:xmpmeta" in raw else b""
    return f"{text} {metadata} {xmp.decode('utf-8', 'replace')}"


def ok(capsys, *argv: str) -> str:
    status, out, err = run(capsys, *argv)
    assert status == 0, err
    return out + err


def preset_cases() -> list[pytest.param]:
    cases = [pytest.param(site.id, preset.id, (), id=f"{site.id}-{preset.id}") for site in CATALOGUE.sites
             for preset in site.presets]
    cases += [pytest.param("prostate", "20-daily", ("--phase", "5", "--phase-gap", "7"), id="two-phases"),
              pytest.param("head-neck", "30-daily", ("--missed", "3=second-session", "--missed", "5", "--move", "8=2030-04-03T14:00",
                                                     "--closed", "2030-04-10", "--reason", "Linac 2 HyperArc service"),
                           id="missed-moved-and-closed"),
              pytest.param("lung", "30-twice-daily", ("--second-time", "16:00", "--tz", "Australia/Sydney",
                                                       "--start", "2030-04-01"), id="twice-daily-another-clock"),
              pytest.param("head-neck", "30-daily", ("--tz", "America/New_York", "--start", "2030-02-25",
                                                     "--simulation", "2030-02-18T10:00"), id="another-clock-across-dst")]
    return cases


@pytest.mark.parametrize("site_id, preset_id, extra", preset_cases())
def test_a_discreet_export_print_and_file_name_of_every_preset_names_nothing(capsys, tmp_path, monkeypatch, site_id,
                                                                             preset_id, extra):
    save_settings(SETTINGS)
    monkeypatch.chdir(tmp_path)
    site = CATALOGUE.site(site_id)
    words = giveaways(site, preset_id)
    given = {"--site": site_id, "--preset": preset_id, "--start": "2030-03-25", "--time": "09:00", "--tz": "Europe/London",
             "--simulation": "2030-03-18T10:00", "--review-day": "tue", "--follow-up-weeks": "6", "--patient": "Jane Doe",
             "--patient-id": "H0001", "--location": LOCATION}
    pairs = list(zip(extra[::2], extra[1::2], strict=True))
    given.update((option, value) for option, value in pairs if option in given)
    course = [part for option in given.items() for part in option]
    course += [part for option in pairs if option[0] not in given for part in option]  # repeatable ones (--missed)
    ok(capsys, "plan", *course, "--save", "jane.igrt.json")
    said = ok(capsys, "export", "--course", "jane.igrt.json", "--discreet", "--prep-events", "-o", "jane.ics")
    assert "Jane Doe" not in said  # the note on stderr says what is left out, never who
    outputs = {"export --discreet": Path("jane.ics").read_text(encoding="utf-8")}
    for layout in ("sheet", "week", "glance"):
        ok(capsys, "print", "--course", "jane.igrt.json", "--layout", layout, "--discreet", "-o", f"{layout}.pdf")
        outputs[f"print {layout}"] = pdf_words(Path(f"{layout}.pdf"))
    spec = load_course(Path("jane.igrt.json"))
    schedule = plan_course(spec, CATALOGUE)
    raw = export_calendar(schedule, spec, SETTINGS, now=datetime(2030, 3, 1, tzinfo=UTC), discreet=True, prep_events=True)
    outputs["export_calendar"] = raw.decode("utf-8")
    first = schedule.appointments[0].start.date()
    outputs["file names"] = " ".join([
        proposed_export_name(spec, names_hospital_number(True, SETTINGS.discreet_print_shows_id)),
        update_file_name(spec.patient_name, spec.patient_id, spec.course_id),
        *(proposed_pdf_name(spec, first, layout=layout, discreet=True) for layout in ("week", "glance", "sheet"))])
    found = {what: leaks(text, words) for what, text in outputs.items()}
    assert not any(found.values()), {what: words for what, words in found.items() if words}
    sheet = " ".join(PdfReader("sheet.pdf").pages[0].extract_text().split())
    assert "Your appointments" in sheet and "Jane Doe" in sheet  # the check reads the real pages
    assert "Clinic appointment" in outputs["export --discreet"]
    if "--missed" in extra:  # the marks the test means to cover are there
        assert "Missed" in outputs["export --discreet"] and "Clinic closed" in " ".join(outputs["print week"].split())


@pytest.mark.parametrize("discreet_text, expected", [
    (None, ["Arrive about 15 minutes early."]),  # its only wording names the bladder: left out
    ('"Drink a glass of water."', ["Drink a glass of water.", "Arrive about 15 minutes early."]),
    ('""', ["Arrive about 15 minutes early."]),  # the clinic leaves it out on purpose
])
def test_a_reminder_without_a_neutral_wording_is_left_out_of_discreet_outputs(capsys, tmp_path, monkeypatch,
                                                                              discreet_text, expected):
    """A clinic's own catalogue with a reminder and no `discreet_text` ("Empty your bladder ...") put that text word for
    word into the discreet calendar's alarms, its preparation events' titles and the discreet sheet."""
    text = default_catalogue_path().read_text(encoding="utf-8")
    plain = ('text = "Empty your bladder, then drink 500 ml of water (about two cups) over the next 15 minutes, and do not '
             'empty your bladder again before your session."\n')
    neutral = 'discreet_text = "Use the toilet, then drink 500 ml of water over the next 15 minutes."\n'
    assert plain + neutral in text
    catalogue_file = tmp_path / "clinic.toml"
    catalogue_file.write_text(text.replace(plain + neutral, plain + (f"discreet_text = {discreet_text}\n" if discreet_text
                                                                     else "")), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    course = ["--catalogue", str(catalogue_file), "--site", "prostate", "--preset", "20-daily", "--start", "2030-03-25",
              "--tz", "Europe/London", "--patient", "Jane Doe"]
    ok(capsys, "plan", *course, "--save", "jane.igrt.json")
    ok(capsys, "export", "--course", "jane.igrt.json", "--catalogue", str(catalogue_file), "--discreet", "--prep-events",
       "-o", "jane.ics")
    ok(capsys, "print", "--course", "jane.igrt.json", "--catalogue", str(catalogue_file), "--layout", "sheet", "--discreet",
       "-o", "sheet.pdf")
    calendar = Path("jane.ics").read_text(encoding="utf-8")
    words = giveaways(CATALOGUE.site("prostate"), "20-daily")
    assert leaks(calendar, words) == [] and leaks(pdf_words(Path("sheet.pdf")), words) == []
    from planner.ics import parse_export

    first = [e for e in parse_export(calendar.encode(), "jane.ics").events.values() if e.role.startswith("t1-p")]
    assert [e.summary for e in sorted(first, key=lambda e: e.start)] == expected
    ok(capsys, "export", "--course", "jane.igrt.json", "--catalogue", str(catalogue_file), "--prep-events", "-o", "plain.ics")
    assert "Empty your bladder" in Path("plain.ics").read_text(encoding="utf-8").replace("\r\n ", "")  # the full one keeps it
    ok(capsys, "export", "--course", "jane.igrt.json", "--catalogue", str(catalogue_file), "--discreet", "--prep-events",
       "--previous", "plain.ics", "-o", "update.ics")  # the phone holds the plain step: the update cancels it, neutrally
    update = Path("update.ics").read_text(encoding="utf-8")
    assert leaks(update, words) == []
    steps = {e.uid: e for e in parse_export(update.encode(), "update.ics").events.values() if e.role.startswith("t1-p")}
    assert sorted((e.summary, e.status) for e in steps.values()) == sorted(
        [(summary, "CONFIRMED") for summary in expected] + [("Before Clinic appointment 1 of 20", "CANCELLED")] * (len(expected) == 1))


def test_a_discreet_sheet_of_a_twice_daily_course_does_not_say_two_a_day(capsys, tmp_path, monkeypatch):
    """'30 appointments, ... on 15 days (two a day)' told a hyperfractionated course; the full sheet still says it."""
    monkeypatch.chdir(tmp_path)
    ok(capsys, "plan", "--site", "lung", "--preset", "30-twice-daily", "--start", "2030-03-25", "--tz", "Europe/London",
       "--save", "c.igrt.json")
    texts = {}
    for discreet in (True, False):
        ok(capsys, "print", "--course", "c.igrt.json", "--layout", "sheet", *(["--discreet"] if discreet else []),
           "-o", f"{discreet}.pdf")
        texts[discreet] = " ".join(PdfReader(f"{discreet}.pdf").pages[0].extract_text().split())
    assert "two a day" not in texts[True] and "30 appointments, from Mon 25 Mar 2030 to" in texts[True]
    assert "on 15 days (two a day)" in texts[False]


def stored_giveaways(course_id: str) -> tuple[str, ...]:
    entry = next(c for c in COURSES if c[0] == course_id)
    return giveaways(CATALOGUE.site(entry[3]), entry[4]) + ("Linac", "CT simulator", "Riverside", "HyperArc")


def test_every_discreet_output_of_a_booked_department_names_nothing(capsys, tmp_path, monkeypatch):
    """The golden department's booked courses (prostate, left breast breath-hold, lung SBRT, rectum, spine, with machines
    that bear names), their discreet calendars and prints, the updates a downtime and a closure write (reasons that
    name a technique), the discreet day list's PDF and text, and the day view's discreet labels."""
    from planner.app.booking import open_desk
    from planner.ui.department_views import block_label, booking_words, down_tip

    save_settings(SETTINGS)
    monkeypatch.chdir(tmp_path)
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    outputs: dict[str, tuple[str, tuple[str, ...]]] = {}
    for course_id, *_ in COURSES:
        words = stored_giveaways(course_id)
        ok(capsys, "export", "--db", url, "--course-id", course_id, "--discreet", "--prep-events", "-o", f"{course_id}.ics")
        outputs[f"{course_id}.ics"] = (Path(f"{course_id}.ics").read_text(encoding="utf-8"), words)
        for layout in ("sheet", "week"):
            ok(capsys, "print", "--db", url, "--course-id", course_id, "--layout", layout, "--discreet", "-o", f"{course_id}-{layout}.pdf")
            outputs[f"{course_id} {layout}"] = (pdf_words(Path(f"{course_id}-{layout}.pdf")), words)
    for folder, command in (("down", ["machine-down", "--db", url, "Linac 1", "--from", "2030-03-27T08:00",
                                      "--to", "2030-03-27T18:00", "--reason", "HyperArc SRS beam fault"]),
                            ("closed", ["closure", "--db", url, "--date", "2030-03-28", "--reason", "Linac bunker flood"])):
        (tmp_path / folder).mkdir()
        ok(capsys, *command, "--write-updates", folder)
        for update in (tmp_path / folder).iterdir():
            owner = next(c[0] for c in COURSES if c[2] in update.name)  # named by the hospital number
            outputs[f"{folder}: {update.name}"] = (update.read_text(encoding="utf-8") + update.name,
                                                   stored_giveaways(owner))
    assert sum(1 for what in outputs if what.startswith(("down", "closed"))) >= 3
    every_site = tuple(dict.fromkeys(w for c in COURSES for w in stored_giveaways(c[0])))
    department = ("Riverside Cancer Centre", "Cancer Centre", "HyperArc SRS beam fault", "Linac 1", "Linac 2", "Linac 3", "CT simulator")
    staff = tuple(w for w in every_site if w.casefold() not in {"linac", "riverside", "cancer"})  # a staff page's names
    for day in ("2030-03-27", "2030-03-28"):
        out = ok(capsys, "agenda", "--db", url, "--date", day, "--discreet", "--pdf", f"day-{day}.pdf")
        outputs[f"day list {day}"] = (_without(pdf_words(Path(f"day-{day}.pdf")), department), staff)
        text = ok(capsys, "agenda", "--db", url, "--date", day, "--days", "2", "--discreet")
        answer = json.loads(ok(capsys, "agenda", "--db", url, "--date", day, "--discreet", "--json"))
        for machine in answer["machines"]:  # a program's fields: its "kind" is the documented schema's, its id the store's
            for booking in machine["bookings"]:
                del booking["kind"], booking["course_id"]
        text += json.dumps(answer, ensure_ascii=False)
        outputs[f"agenda {day}"] = (_without(out + text, department), staff)
    with open_desk(url, CATALOGUE) as desk:
        agenda = desk.agenda(date(2030, 3, 25), 5)
        labels = [" ".join((*block_label(entry, True), booking_words(entry, machine.name, agenda.tz, True)))
                  for machine in agenda.machines for entry in machine.entries]
        labels += [down_tip(machine.name, period, agenda.tz) for machine in agenda.machines for period in machine.downtime]
    assert len(labels) >= 10
    outputs["day view"] = (_without(" | ".join(labels), department), staff)
    found = {what: leaks(text, words) for what, (text, words) in outputs.items()}
    assert not any(found.values()), {what: words for what, words in found.items() if words}


def _without(text: str, names: tuple[str, ...]) -> str:
    text = " ".join(text.split())
    for name in names:
        text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)
    return text


def test_the_shipped_catalogue_words_every_site_reminder_for_discreet_outputs(catalogue: Catalogue):
    """Each site's preparation has a discreet wording (none is left out of a discreet calendar for want of one), and
    it names nothing of the site."""
    for site in catalogue.sites:
        for reminder in site.reminders:
            assert reminder.discreet_text, (site.id, reminder.text)
            assert leaks(reminder.discreet_text, giveaways(site)) == [], (site.id, reminder.discreet_text)


def test_a_course_id_that_names_the_site_stays_out_of_its_calendars(capsys, tmp_path, monkeypatch):
    """A course id typed in another system ('prostate-sbrt-2030') was each UID and the X-PLANNER-COURSE-ID of the
    discreet calendar; its calendars now name the course by a digest, plain and discreet alike, so one updates the
    other in place, and a calendar exported before (named by the id itself) is still taken as the course's."""
    from planner.ics import parse_export
    from planner.ics.state import calendar_identity

    monkeypatch.chdir(tmp_path)
    ok(capsys, "plan", "--site", "prostate", "--preset", "sbrt-5-alternate", "--start", "2030-03-25", "--tz", "Europe/London",
       "--patient", "Jane Doe", "--save", "jane.igrt.json")
    data = json.loads(Path("jane.igrt.json").read_text(encoding="utf-8"))
    data["course_id"] = "prostate-sbrt-2030"
    Path("jane.igrt.json").write_text(json.dumps(data), encoding="utf-8")
    ok(capsys, "export", "--course", "jane.igrt.json", "-o", "plain.ics")
    ok(capsys, "export", "--course", "jane.igrt.json", "--discreet", "--previous", "plain.ics", "-o", "discreet.ics")
    discreet = Path("discreet.ics").read_text(encoding="utf-8")
    assert leaks(discreet, giveaways(CATALOGUE.site("prostate"), "sbrt-5-alternate")) == []
    plain, update = parse_export(Path("plain.ics").read_bytes(), "p"), parse_export(discreet.encode(), "d")
    assert set(update.events) == set(plain.events) and all(e.status == "CONFIRMED" for e in update.events.values())
    assert update.course_id == calendar_identity("prostate-sbrt-2030") != "prostate-sbrt-2030"
    assert calendar_identity("c8373558-b4f6-4709-8022-09d4ee64c53a") == "c8373558-b4f6-4709-8022-09d4ee64c53a"  # the app's own ids
    earlier = Path("plain.ics").read_text(encoding="utf-8").replace(calendar_identity("prostate-sbrt-2030"), "prostate-sbrt-2030")
    Path("earlier.ics").write_text(earlier, encoding="utf-8")  # as written before: the id itself
    ok(capsys, "export", "--course", "jane.igrt.json", "--discreet", "--previous", "earlier.ics", "-o", "again.ics")
    status, _, err = run(capsys, "diff", "earlier.ics", "plain.ics")  # the same course, named either way: compared, not refused
    assert status in (0, 1) and "another course" not in err, err
