"""A booked session that its course marks missed (the patient did not come) stays booked, the record of the day,
but is no longer shown as an ordinary session: the agenda (text and JSON), the day view's block, its words for a
screen reader and tooltip, and the printed day list say "missed", discreet too, and it is never called a make-up."""

from __future__ import annotations

import json
from datetime import date

from PySide6.QtGui import QPageSize

from planner.core.course import MakeUp, MissedSession
from planner.core.kinds import AppointmentKind
from planner.store.db import Store
from planner.ui.department_views import block_label, booking_words, note_line
from planner.ui.printing import pdf_bytes
from planner.ui.printing.day_list import DayListDocument
from tests.test_day_list_print import pages_text

from .booking_scenario import desk_on, place_bookings, stock
from .command_line import run

WEDNESDAY = date(2030, 3, 27)


def marked_missed(url: str) -> None:
    with Store.open(url) as store:
        stored = store.load_course("course-prostate")
        missed = MissedSession(WEDNESDAY, MakeUp.END, None, "patient unwell")
        store.save_course(stored.spec.updated(adjustments=stored.spec.adjustments.with_missed(missed)), stored.version)


def test_the_booking_on_a_missed_day_is_shown_missed_everywhere(tmp_path, capsys, qapp):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    with desk_on(url) as desk:
        before = [e for m in desk.agenda(WEDNESDAY, 1).machines for e in m.entries]
    assert before and not any(e.missed for e in before)
    marked_missed(url)
    with desk_on(url) as desk:
        agenda = desk.agenda(WEDNESDAY, 1)
    entries = [(e, m.name) for m in agenda.machines for e in m.entries]
    missed = [(e, machine) for e, machine in entries if e.missed]
    assert [(e.course_id, e.kind) for e, _ in missed] == [("course-prostate", AppointmentKind.FRACTION)]
    assert len(entries) == len(before)  # still booked: the record of the day
    entry, machine = missed[0]
    assert entry.make_up is None
    assert block_label(entry, False) == ("Zoë Ångström", f"{entry.number} of 20 · Treatment · missed")
    assert block_label(entry, True) == ("Z. Å.", f"{entry.number}/20 · missed")
    # marked ahead of the day (the store's clock is before 2030): its machine time is released, and its words say so
    assert note_line(entry) == "Missed, as marked on the course; its time is free"
    assert booking_words(entry, machine, agenda.tz, True).endswith(", missed, as marked on the course; its time is free")
    assert "unwell" not in booking_words(entry, machine, agenda.tz, False)  # the coordinator's reason is health data
    assert not any(e.missed for e, _ in entries if e.course_id != "course-prostate")
    for discreet in (False, True):
        document = DayListDocument(agenda, WEDNESDAY, discreet=discreet, clinic_name="Riverside", printed_on=WEDNESDAY)
        text = " ".join(pages_text(pdf_bytes(document, QPageSize.PageSizeId.A4, "Day list")))
        assert text.count("Missed, as marked on the course") == 1 and "unwell" not in text

    status, out, _ = run(capsys, "agenda", "--db", url, "--date", WEDNESDAY.isoformat())
    assert status == 0 and f"Zoë Ångström (H0001)  fraction {entry.number}/20  (missed, as marked on the course; its time is free)" in out
    status, out, _ = run(capsys, "agenda", "--db", url, "--date", WEDNESDAY.isoformat(), "--json")
    bookings = [b for m in json.loads(out)["machines"] for b in m["bookings"]]
    assert [(b["course_id"], b["number"]) for b in bookings if b.get("missed")] == [("course-prostate", entry.number)]
    assert not any("make_up" in b for b in bookings if b.get("missed"))
    assert [b["number"] for b in bookings if b.get("released")] == [entry.number]
