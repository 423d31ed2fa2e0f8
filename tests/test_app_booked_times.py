"""A booked course is given to the patient at its booked times, start AND end: the engine books the
first fraction longer (catalogue `first_fraction_extra_minutes`, for set-up and imaging), and the
.ics, the printed sheet and week, and the window's list, week view, export and print all show that
booked length, through one application-layer path (planner.app.course_booking.at_booked_times).

The .ics is read back with a second parser (vobject, from the file's own VTIMEZONE only) and every
event's local start and end is compared with the store's booking, for a course that spans the
change to summer time in Europe/London (Sunday 31 March 2030)."""

from __future__ import annotations

import contextlib
import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QPageSize
from PySide6.QtWidgets import QFileDialog

from planner.app.booking import open_desk
from planner.app.course_booking import BookingFacts, at_booked_times, booking_facts
from planner.cli import main
from planner.core.catalogue import load_catalogue
from planner.core.kinds import AppointmentKey, AppointmentKind
from planner.ics import appointment_uid
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui import dialogs
from planner.ui.printing import SheetDocument, WeekDocument, context_from, course_weeks, pdf_bytes

from .store.booking_scenario import main_window_on, stock
from .test_ics import read_vobject

LONDON = ZoneInfo("Europe/London")
A4 = QPageSize.PageSizeId.A4
SUMMER_TIME = datetime(2030, 3, 31, 1, 0, tzinfo=UTC)  # clocks go forward in London
EXTRA = load_catalogue(default_catalogue_path()).first_fraction_extra_minutes


def book(url: str, course_id: str = "course-prostate", *extra: str) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["book", "--db", url, "--course-id", course_id, "--earliest", "2030-03-25", "--prefer-time", "10:00",
                     *extra]) == 0


@pytest.fixture
def url(tmp_path) -> str:
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    book(url)
    book(url, "course-rectum")  # a planning scan on the CT simulator, then five fractions
    return url


def facts_of(url: str, course_id: str = "course-prostate") -> BookingFacts:
    with Store.open(url) as store:
        facts = booking_facts(store, course_id, LONDON)
    assert facts is not None
    return facts


def assert_ics_matches_bookings(data: bytes, facts: BookingFacts) -> None:
    """Every booked appointment's event starts and ends, in the file's own local time, when the store books it."""
    events = {e.uid.value: e for e in read_vobject(data).vevent_list}
    assert facts.appointments
    for place in facts.appointments:
        event = events[appointment_uid(facts.course_id, place.key)]
        for value, booked in ((event.dtstart.value, place.start), (event.dtend.value, place.end)):
            local = booked.astimezone(LONDON)
            assert "tzicalvtz" in type(value.tzinfo).__name__  # read from the file's VTIMEZONE, not a zone database
            assert value.strftime("%Y-%m-%d %H:%M") == local.strftime("%Y-%m-%d %H:%M"), place.key
            assert value.utcoffset() == local.utcoffset(), place.key
            assert value.astimezone(UTC) == booked.astimezone(UTC)


def test_the_booked_first_fraction_is_longer_and_the_course_spans_the_clock_change(url):
    facts = facts_of(url)
    fractions = {a.key.number: a for a in facts.appointments if a.key == AppointmentKey.fraction(a.key.number)}
    first, second = fractions[1], fractions[2]
    assert first.end - first.start == second.end - second.start + timedelta(minutes=EXTRA) and EXTRA > 0
    offsets = {a.start.astimezone(LONDON).utcoffset() for a in fractions.values()}
    assert offsets == {timedelta(0), timedelta(hours=1)}  # before and after 31 March 2030
    assert min(a.start for a in fractions.values()) < SUMMER_TIME < max(a.start for a in fractions.values())


@pytest.mark.parametrize("course_id", ["course-prostate", "course-rectum"])
def test_the_command_lines_export_gives_every_booked_start_and_end(url, tmp_path, course_id):
    target = tmp_path / "course.ics"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["export", "--db", url, "--course-id", course_id, "-o", str(target)]) == 0
    assert_ics_matches_bookings(target.read_bytes(), facts_of(url, course_id))


def test_the_desks_calendar_update_gives_every_booked_start_and_end(url):
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        data = desk.export_calendar("course-prostate", now=datetime(2030, 3, 1, tzinfo=UTC))
    assert_ics_matches_bookings(data, facts_of(url))


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("layout", ["sheet", "week"])
def test_the_command_lines_print_shows_the_booked_first_fraction_until_its_booked_end(url, tmp_path, qapp, layout):
    target = tmp_path / f"{layout}.pdf"
    week = ["--week", "2030-03-25"] if layout == "week" else []
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["print", "--db", url, "--course-id", "course-prostate", "--layout", layout, "-o", str(target), *week]) == 0
    text = pdf_text(target.read_bytes())
    first = facts_of(url).appointments
    one = next(a for a in first if a.key == AppointmentKey.fraction(1))
    assert f"{one.start.astimezone(LONDON):%H:%M}–{one.end.astimezone(LONDON):%H:%M}" in text
    assert "10:00–10:20" in text  # the later fractions keep their planned length


def test_at_booked_times_changes_only_appointments_shown_at_their_booked_start(url):
    from planner.app.planning import plan
    from planner.app.stored_courses import open_stored

    catalogue = load_catalogue(default_catalogue_path())
    facts = facts_of(url)
    with Store.open(url) as store:
        from planner.app.booking import as_booked

        spec = as_booked(store, open_stored(store, "course-prostate").spec, catalogue)
    schedule = plan(spec, catalogue)
    shown = at_booked_times(schedule, facts)
    booked = {a.key: a for a in facts.appointments}
    for appointment in shown.appointments:
        if appointment.key in booked:
            assert (appointment.start, appointment.end) == (booked[appointment.key].start, booked[appointment.key].end)
    assert at_booked_times(schedule, None) is schedule
    # An edit moves the first fraction off its booked time: it keeps the length it is planned with.
    moved = plan(spec.updated(adjustments=spec.adjustments.with_move(
        AppointmentKey.fraction(1), datetime(2030, 3, 25, 14, 0))), catalogue)
    first = at_booked_times(moved, facts).find(AppointmentKey.fraction(1))
    assert first is not None and first.end - first.start == timedelta(minutes=20)


@pytest.fixture
def window(qtbot, monkeypatch, url):
    with main_window_on(qtbot, monkeypatch, url, clinic_phone="+44 20 7946 0000") as win:
        win.store_link.open_course("course-prostate")
        yield win


def test_the_windows_list_week_print_and_export_give_the_booked_end(window, url, tmp_path, monkeypatch, qtbot):
    from planner.ui.result_panel import WEEK_TAB

    facts = facts_of(url)
    one = next(a for a in facts.appointments if a.key == AppointmentKey.fraction(1))
    span = f"{one.start.astimezone(LONDON):%H:%M}–{one.end.astimezone(LONDON):%H:%M}"
    model = window.model
    times = [model.index(row, 3).data() for row in range(model.rowCount())]
    assert span in times and span != "10:00–10:20" and times.count("10:00–10:20") == 19
    window.tabs.setCurrentIndex(WEEK_TAB)
    shown = window.week.view.schedule.find(AppointmentKey.fraction(1))
    assert shown is not None and shown.end == one.end
    context = context_from(window.courses.print_context())
    assert span in pdf_text(pdf_bytes(SheetDocument(context), A4, "x"))
    assert span in pdf_text(pdf_bytes(WeekDocument(context, course_weeks(context.schedule)[:1]), A4, "x"))
    target = tmp_path / "window.ics"
    monkeypatch.setattr(dialogs.ExportDialog, "exec", lambda self: True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.courses.export_calendar()
    assert_ics_matches_bookings(target.read_bytes(), facts)


def test_a_review_after_the_longer_first_fraction_starts_when_it_ends_in_the_calendar(tmp_path):
    """The weekly review planned right after the first fraction's planned end would start inside that
    fraction as booked (longer, for set-up and imaging): the patient's calendar would show two appointments
    at once. Unbooked (no clinic room), it follows the booked end."""
    from .store.booking_scenario import COURSES, course_spec

    url = f"sqlite:///{tmp_path / 'department.db'}"
    stock(url, ())
    with Store.open(url) as store:
        store.save_course(course_spec(*COURSES[0]).updated(review_day=0))  # Monday 25 March 2030, the first fraction
    book(url)
    target = tmp_path / "course.ics"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["export", "--db", url, "--course-id", "course-prostate", "-o", str(target)]) == 0
    events = {e.uid.value: e for e in read_vobject(target.read_bytes()).vevent_list}
    first = events[appointment_uid("course-prostate", AppointmentKey.fraction(1))]
    review = events[appointment_uid("course-prostate", AppointmentKey(AppointmentKind.REVIEW, 1))]
    assert first.dtstart.value.date() == review.dtstart.value.date()
    assert first.dtend.value - first.dtstart.value == timedelta(minutes=20 + EXTRA)
    assert review.dtstart.value == first.dtend.value  # right after the session, as booked, not inside it
    assert review.dtend.value - review.dtstart.value == timedelta(minutes=15)
