"""Property tests (hypothesis): random input to the argument parser, the course file and the .ics
reader. Each answers in one of its documented ways and nothing else: a result, or one line.

The number of examples comes from the hypothesis profile set in conftest.py (HYPOTHESIS_PROFILE).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.cli import main
from planner.core.course import Adjustments, MakeUp, MissedSession, Move, Retime, Shift
from planner.core.kinds import MAX_KEY_NUMBER, MAX_PHASES, MAX_REASON_CHARS, MAX_TWICE_DAILY_FRACTIONS, AppointmentKey, AppointmentKind, Pattern
from planner.core.limits import EARLIEST_DATE, LATEST_DATE
from planner.core.schedule import build_schedule
from planner.core.spec import CourseSpec, PhaseSpec
from planner.core.text import MARKUP
from planner.ics import ExportFileError, ExportOptions, compare, export_ics, parse_export
from planner.store.course_file import CourseFileError, dumps, loads

BASE = ["--site", "prostate", "--preset", "20-daily", "--start", "2026-11-23", "--tz", "America/New_York"]
_WORK = Path(tempfile.mkdtemp(prefix="planner-properties-"))

# What a command line can carry: any text without NUL, and bytes that are not UTF-8 as Python
# decodes them (surrogateescape).
argument_text = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=40)
argument_bytes = st.binary(max_size=40).filter(lambda raw: b"\x00" not in raw).map(os.fsdecode)
argument = st.one_of(argument_text, argument_bytes, st.sampled_from(["", " ", "-", "--", "²", "①", "9999-12-31", "0001-01-01",
                                                                     "2026-11-23", "1", "40", "/dev/zero", ".", "/"]))

PLAN_OPTIONS = ["--site", "--preset", "--fractions", "--weeks", "--pattern", "--start", "--time", "--duration", "--tz",
                "--holidays", "--closed", "--days", "--simulation", "--follow-up-weeks", "--review-day", "--patient",
                "--location", "--course", "--catalogue", "--move", "--missed", "--phase", "--phase-gap", "--second-time",
                "--retime-from", "--shift-from", "--reason"]


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse's --help and --version
            status = int(exc.code or 0)
    return status, out.getvalue(), err.getvalue()


def assert_contract(argv: list[str]) -> None:
    status, _, err = run_cli(argv)
    assert status in (0, 2), (argv, status, err)
    if status == 2:
        assert err.count("\n") == 1 and err.startswith("planner: error: "), (argv, err)
        assert not any(unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") for ch in err[:-1]), (argv, err)


# ---------------------------------------------------------------------- (a) the argument parser
@given(option=st.sampled_from(PLAN_OPTIONS), value=argument)
def test_plan_any_option_any_value(option: str, value: str) -> None:
    assert_contract(["plan", *BASE, option, value])


@given(option=st.sampled_from(["--phone", "--previous", "--output", "--patient", "--location"]), value=argument)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_export_any_option_any_value(option: str, value: str) -> None:
    output = str(_WORK / "out.ics")
    if option == "--output":
        value = str(_WORK / value.replace("/", "_")) if value.strip() else value
        assert_contract(["export", *BASE, "-o", value])
    else:
        assert_contract(["export", *BASE, option, value, "-o", output])


@given(old=argument, new=argument)
def test_diff_any_files(old: str, new: str) -> None:
    assert_contract(["diff", old, new])


@given(words=st.lists(argument, max_size=6))
def test_any_words_at_all(words: list[str]) -> None:
    if any(w in ("-h", "--help") or (len(w) > 2 and "--help".startswith(w)) for w in words):
        return  # help prints and exits 0 by design
    assert_contract(words)


# ---------------------------------------------------------------------- (b) course files
clean_text = st.text(st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="\u2028\u2029"), max_size=30).filter(
    lambda t: MARKUP.search(t) is None)  # '<b' would be refused as markup
days_in_range = st.dates(min_value=EARLIEST_DATE, max_value=LATEST_DATE)
minutes = st.builds(time, st.integers(0, 23), st.integers(0, 59))
local_moments = st.builds(datetime.combine, days_in_range, minutes)
small_ints = st.one_of(st.none(), st.integers(-1_000_000, 1_000_000))

reasons = clean_text.filter(lambda t: len(t) <= MAX_REASON_CHARS)


def appointment_key(kind: AppointmentKind, number: int) -> AppointmentKey:
    try:
        return AppointmentKey(kind, number)
    except ValueError:  # a kind that has one appointment only (simulation, follow-up)
        return AppointmentKey(kind)


keys = st.builds(appointment_key, st.sampled_from(list(AppointmentKind)), st.integers(1, MAX_KEY_NUMBER))
missed_sessions = st.builds(MissedSession, day=days_in_range, make_up=st.sampled_from(list(MakeUp)),
                            make_up_at=st.one_of(st.none(), local_moments), reason=reasons)
adjustments = st.builds(
    Adjustments,
    moves=st.lists(st.builds(Move, keys, local_moments, reasons), max_size=3).map(tuple),
    missed=st.lists(missed_sessions, max_size=3).map(tuple),
    retimes=st.lists(st.builds(Retime, st.integers(1, MAX_TWICE_DAILY_FRACTIONS), minutes, reasons), max_size=2).map(tuple),
    shifts=st.lists(st.builds(Shift, st.integers(1, MAX_TWICE_DAILY_FRACTIONS), st.integers(1, 30), reasons), max_size=2).map(tuple),
)
phases = st.builds(PhaseSpec, fractions=st.integers(-1_000_000, 1_000_000), pattern=st.sampled_from(list(Pattern)), duration=small_ints)
specs = st.builds(
    CourseSpec,
    course_id=clean_text.filter(lambda t: 0 < len(t) <= 100),
    patient_name=clean_text,
    patient_id=clean_text,
    site=clean_text,
    preset=st.one_of(st.none(), clean_text),
    fractions=small_ints,
    weeks=small_ints,
    pattern=st.one_of(st.none(), st.sampled_from(list(Pattern))),
    start=st.one_of(st.none(), days_in_range),
    time=minutes,
    duration=small_ints,
    tz=clean_text.filter(bool),
    holidays=st.one_of(st.none(), clean_text.filter(bool)),
    closed=st.lists(st.tuples(days_in_range, clean_text), max_size=3).map(tuple),
    days=st.frozensets(st.integers(0, 6), min_size=1),
    simulation=st.one_of(st.none(), local_moments),
    follow_up_weeks=small_ints,
    review_day=st.one_of(st.none(), st.integers(0, 6)),
    location=clean_text,
    discreet=st.booleans(),
    adjustments=adjustments,
    phases=st.lists(phases, max_size=MAX_PHASES - 1).map(tuple),
    phase_gap=st.integers(-1_000_000, 1_000_000),
    second_time=st.one_of(st.none(), minutes),
)


@given(spec=specs)
def test_course_file_round_trip(spec: CourseSpec) -> None:
    assert loads(dumps(spec), "course.json") == spec


@given(raw=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_any_bytes_as_a_course_file(raw: bytes) -> None:
    try:
        loads(raw, "course.json")
    except CourseFileError as exc:
        assert "\n" not in str(exc) and "\r" not in str(exc)


@given(spec=specs, key=st.sampled_from(["patient", "site", "tz", "location", "preset", "holidays", "course_id"]),
       bad=st.sampled_from(["\n", "\r", "\x1b", "\x00", "\u2028", "\x85", "\ud800"]))
def test_a_control_character_in_any_course_field_is_refused(spec: CourseSpec, key: str, bad: str) -> None:
    import json

    data = json.loads(dumps(spec))
    if key == "patient":
        data["patient"]["name"] = "Jane" + bad
    else:
        data[key] = "x" + bad
    with pytest.raises(CourseFileError):
        loads(json.dumps(data).encode("utf-8", "surrogatepass"), "course.json")


# ---------------------------------------------------------------------- (c) the .ics reader
@pytest.fixture(scope="module")
def real_export(catalogue) -> tuple[bytes, object]:  # type: ignore[no-untyped-def]
    spec = CourseSpec(site="prostate", preset="20-daily", start=date(2026, 11, 23), tz="America/New_York",
                      simulation=datetime(2026, 11, 16, 10, 0), review_day=1, follow_up_weeks=6, patient_name="Jane Doe")
    schedule = build_schedule(spec.to_request(catalogue), catalogue)
    raw = export_ics(schedule, ExportOptions(course_id="c-1", prep_events=True), now=datetime(2026, 11, 1, tzinfo=UTC),
                     patient_name="Jane Doe")
    return raw, schedule


def _mutate(raw: bytes, data: st.DataObject) -> bytes:
    for _ in range(data.draw(st.integers(1, 4))):
        if not raw:
            break
        # Mostly at the start of a line inside the events (a damaged header is refused at once).
        lines = [m.end() for m in re.finditer(b"\r?\n", raw)][8:-1] or [0]
        at = data.draw(st.one_of(st.sampled_from(lines), st.integers(0, len(raw) - 1)))
        kind = data.draw(st.sampled_from(["delete", "insert", "replace-line", "digits", "duplicate", "year"]))
        if kind == "delete":
            raw = raw[:at] + raw[at + data.draw(st.integers(1, 400)):]
        elif kind == "insert":
            raw = raw[:at] + data.draw(st.binary(min_size=1, max_size=40)) + raw[at:]
        elif kind == "replace-line":
            start = raw.rfind(b"\n", 0, at) + 1
            end = raw.find(b"\r\n", at)
            line = data.draw(st.sampled_from([b"DTSTART;TZID=America/New_York:99991124T090000", b"DTEND:00010101T000000Z",
                                              b"SEQUENCE:" + b"9" * 5000, b"BEGIN:VEVENT", b"END:VCALENDAR", b"DTSTART;VALUE=DATE:20261124",
                                              b"RRULE:FREQ=SECONDLY;COUNT=999999999", b"TZOFFSETTO:+9999", b"UID:",
                                              b"DTSTART;TZID=Nowhere/Else:20261124T090000", b"SUMMARY:\x1b]0;x\x07",
                                              data.draw(st.binary(max_size=60))]))
            raw = raw[:start] + line + (raw[end:] if end >= 0 else b"")
        elif kind == "digits":
            raw = raw[:at] + raw[at:].replace(b"2026", str(data.draw(st.integers(0, 9999))).zfill(4).encode(), 1)
        elif kind == "duplicate":
            size = data.draw(st.integers(1, 3000))
            raw = raw[:at] + raw[at:at + size] * data.draw(st.integers(2, 5)) + raw[at:]
        else:
            raw = raw.replace(b":2026", b":" + str(data.draw(st.integers(0, 9999))).zfill(4).encode(), data.draw(st.integers(1, 50)))
    return raw


@given(data=st.data())
@settings(deadline=timedelta(seconds=10), suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_mutated_exports_are_read_or_refused_in_one_line(real_export, catalogue, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    raw, schedule = real_export
    mutated = _mutate(raw, data)
    try:
        state = parse_export(mutated, "old.ics")
    except ExportFileError as exc:
        assert "\n" not in str(exc) and "\r" not in str(exc)
        return
    # What was read can be used: compared, and updated from (zone conversions, fingerprints).
    compare(state, state)
    export_ics(schedule, ExportOptions(course_id=state.course_id), now=datetime(2026, 11, 2, tzinfo=UTC), previous=state)


# ---------------------------------------------------------------------- (d) the core's text parsers
@given(text=st.one_of(argument, st.text(max_size=30)))
def test_text_parsers_refuse_only_with_input_error(text: str) -> None:
    from planner.core.clinic import HolidayRegion, parse_weekday, parse_weekdays
    from planner.core.errors import InputError
    from planner.core.parsing import parse_date, parse_int, parse_local_datetime, parse_pattern, parse_time
    from planner.core.zones import zone

    for parse in (parse_date, parse_time, parse_local_datetime, parse_pattern, parse_weekday, parse_weekdays, zone,
                  HolidayRegion.parse, lambda field, value: parse_int(field, value, 1, 40)):
        try:
            value = parse("field", text)
        except InputError as exc:
            assert exc.field == "field"
            assert not any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in exc.reason), exc.reason
            continue
        if isinstance(value, date):
            assert EARLIEST_DATE <= (value.date() if isinstance(value, datetime) else value) <= LATEST_DATE
