"""Hostile input, family by family: each is refused with one line on stderr (exit 2), never a
traceback, a hang or runaway memory. Several members of each family, not just one example."""

from __future__ import annotations

import errno
import json
import os
import pty
import subprocess
import sys
import threading
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.cli import main
from planner.core.bounded import read_bounded
from planner.core.catalogue import load_catalogue
from planner.core.clinic import ClinicCalendar
from planner.core.course import Adjustments, CourseRequest, MissedSession, Move
from planner.core.errors import CatalogueError, InputError
from planner.core.kinds import AppointmentKey, Pattern
from planner.core.limits import EARLIEST_DATE, LATEST_DATE, MAX_EXPORT_EVENTS
from planner.core.parsing import parse_date, parse_int, parse_local_datetime
from planner.core.spec import CourseSpec
from planner.core.text import printable, single_line
from planner.ics import ExportFileError, ExportOptions, export_ics, parse_export
from planner.store.course_file import CourseFileError, dumps, load_course, loads, save_course
from planner.store.files import write_private
from planner.store.settings import SettingsError, load_settings

BASE = ["plan", "--site", "prostate", "--preset", "20-daily", "--start", "2026-11-23", "--tz", "America/New_York"]
EXPORT = ["export", *BASE[1:], "--patient", "Jane Doe"]
ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60  # a guard against a hang, far above any real run; not a speed check


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def refused(capsys, *argv, option=None):
    status, out, err = run(capsys, *argv)
    assert status == 2, (argv, out, err)
    assert err.count("\n") == 1 and err.startswith("planner: error: "), err
    assert all(ch == "\n" or ch.isprintable() for ch in err), err
    if option:
        assert f"{option}:" in err, err
    return err


def run_process(argv, *, env=None, cwd=None, stdin=subprocess.DEVNULL):
    """The CLI in a child process, so a hang is caught by the timeout instead of hanging the suite."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "planner", *argv], capture_output=True, timeout=TIMEOUT,
                          env=full_env, cwd=cwd or ROOT, stdin=stdin)


def one_line_refusal(result, option=None):
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, (result.returncode, err)
    assert err.count("\n") == 1 and err.startswith("planner: error: "), err
    assert "Traceback" not in err
    if option:
        assert f"{option}:" in err, err
    return err


# ---------------------------------------------------------------------- numbers
@pytest.mark.parametrize("text", ["²", "①", "³⁴", "½", "Ⅻ", "1_0", "9" * 40, "", " ", "+-1", "1e3", "0x10", "٣.٥"])
@pytest.mark.parametrize("option", ["--fractions", "--duration", "--weeks", "--follow-up-weeks"])
def test_numbers_int_refuses_are_refused_in_one_line(capsys, option, text):
    refused(capsys, *BASE, f"{option}={text}", option=option)


def test_digits_int_reads_stay_accepted(capsys):
    status, out, _ = run(capsys, *BASE, "--fractions", "١٢")  # Arabic-Indic 12
    assert status == 0 and "12 fractions" in out


def test_parse_int_family():
    for text in ("²", "①", "⑳", "¹²", "𝟙𝟚x"):
        with pytest.raises(InputError):
            parse_int("fractions", text, 1, 40)
    assert parse_int("fractions", "１２", 1, 40) == 12  # fullwidth digits: int() reads them


# ---------------------------------------------------------------------- dates
EDGE_DAYS = ["0001-01-01", "9999-12-31", "1899-12-31", "2201-01-01", "1000-06-15"]


@pytest.mark.parametrize("day", EDGE_DAYS)
def test_edge_dates_on_the_command_line(capsys, day):
    refused(capsys, *BASE[:-4], "--start", day, option="--start")
    refused(capsys, *BASE, "--simulation", f"{day}T10:00", option="--simulation")
    refused(capsys, *BASE, "--closed", day, option="--closed")
    err = refused(capsys, "print", *BASE[1:], "--week", day, "-o", "never.pdf", option="--week")
    assert "Mon 1 Jan 1900 to Wed 31 Dec 2200" in err


def test_dates_within_the_calendar_plan_and_export_at_both_ends(capsys, tmp_path):
    # The last supported days, fourteen hours ahead of UTC: the .ics and its update write and read them without overflow.
    late = ["export", "--site", "prostate", "--preset", "20-daily", "--fractions", "3", "--start", "2200-12-29",
            "--tz", "Pacific/Kiritimati"]
    status, out, err = run(capsys, *late, "-o", str(tmp_path / "late.ics"))
    assert status == 0, err
    status, _, err = run(capsys, *late, "--previous", str(tmp_path / "late.ics"), "-o", str(tmp_path / "late2.ics"))
    assert status == 0, err
    # Past the calendar's end: refused naming the field, as `book` refuses it (they were exported into 2201 and 2202).
    status, _, err = run(capsys, *late, "--follow-up-weeks", "104", "-o", str(tmp_path / "later.ics"))
    assert status == 2 and err.startswith("planner: error: --follow-up-weeks: the follow-up visit on ") and "2202" in err, err
    status, _, err = run(capsys, *late, "--fractions", "20", "-o", str(tmp_path / "later.ics"))
    assert status == 2 and err.startswith("planner: error: --start: 20 fractions from Mon 29 Dec 2200 run to "), err
    assert not (tmp_path / "later.ics").exists()
    # The first supported day, a planning scan at midnight: preparation steps fall in 1899.
    early = ["export", "--site", "prostate", "--preset", "20-daily", "--start", "1900-01-01", "--simulation", "1900-01-01T00:00",
             "--tz", "Pacific/Pago_Pago", "--prep-events"]
    status, _, err = run(capsys, *early, "-o", str(tmp_path / "early.ics"))
    assert status == 0, err
    status, _, err = run(capsys, *early, "--previous", str(tmp_path / "early.ics"), "-o", str(tmp_path / "early2.ics"))
    assert status == 0, err


@pytest.mark.parametrize("day", [date(1, 1, 1), date(9999, 12, 31), date(1899, 12, 31), date(2201, 1, 1)])
def test_the_core_request_bounds_every_date(day):
    moment = datetime.combine(day, time(10, 0))
    base = dict(site_id="prostate", fractions=20, pattern=Pattern.DAILY, start=date(2026, 11, 23), time=time(9, 0),
                duration_minutes=20, tz=ZoneInfo("UTC"))
    variants = {
        "start": dict(start=day),
        "simulation": dict(simulation=moment),
        "closed": dict(calendar=ClinicCalendar(closures={day: "x"})),
        "moves": dict(adjustments=Adjustments(moves=(Move(AppointmentKey.fraction(3), moment),))),
        "missed": dict(adjustments=Adjustments(missed=(MissedSession(day=day),))),
    }
    for field, change in variants.items():
        with pytest.raises(InputError) as caught:
            CourseRequest(**{**base, **change})  # type: ignore[arg-type]
        assert caught.value.field == field


def test_parsers_bound_dates():
    for text in EDGE_DAYS:
        with pytest.raises(InputError, match="outside the planner's calendar"):
            parse_date("start", text)
        with pytest.raises(InputError, match="outside the planner's calendar"):
            parse_local_datetime("simulation", f"{text}T23:59")
    assert parse_date("start", EARLIEST_DATE.isoformat()) == EARLIEST_DATE
    assert parse_date("start", LATEST_DATE.isoformat()) == LATEST_DATE


def course_dict(**changes):
    data = json.loads(dumps(CourseSpec(site="prostate", preset="20-daily", start=date(2026, 11, 23), tz="America/New_York")))
    data.update(changes)
    return data


def write_course(tmp_path, data, name="c.json"):
    path = tmp_path / name
    path.write_bytes(json.dumps(data).encode("utf-8") if not isinstance(data, bytes) else data)
    return str(path)


@pytest.mark.parametrize("changes", [
    {"start": "9999-12-31"}, {"start": "0001-01-01"}, {"simulation": "9999-12-31T10:00"},
    {"closed": [{"date": "0001-01-01", "note": ""}]},
    {"adjustments": {"moves": [{"appointment": "fraction-3", "start": "9999-12-31T23:00"}], "missed": []}},
    {"adjustments": {"moves": [], "missed": [{"date": "0001-01-01", "make_up": "end", "make_up_at": None}]}},
])
def test_edge_dates_in_a_course_file(capsys, tmp_path, changes):
    err = refused(capsys, "plan", "--course", write_course(tmp_path, course_dict(**changes)), option="--course")
    assert "outside the planner's calendar" in err


def _export(tmp_path, capsys, name="old.ics", *extra):
    path = tmp_path / name
    status, _, err = run(capsys, *EXPORT, *extra, "-o", str(path))
    assert status == 0, err
    return path


@pytest.mark.parametrize("year", ["9999", "0001", "1066", "3000"])
def test_an_earlier_export_with_events_at_the_edge_of_time(capsys, tmp_path, year):
    old = _export(tmp_path, capsys).read_bytes()
    text = old.decode("utf-8")
    line = next(li for li in text.split("\r\n") if li.startswith("DTSTART;TZID=America/New_York:2026112"))
    hostile = text.replace(line, line.replace(":2026", f":{year}"), 1)
    (tmp_path / "edge.ics").write_text(hostile, encoding="utf-8", newline="")
    err = refused(capsys, *EXPORT, "--previous", str(tmp_path / "edge.ics"), "-o", str(tmp_path / "new.ics"), option="--previous")
    assert "outside the planner's calendar" in err
    refused(capsys, "diff", str(tmp_path / "edge.ics"), str(tmp_path / "old.ics"), option="OLD.ics")


# ---------------------------------------------------------------------- text
BAD_TEXT = ["Jane\nDoe", "Jane\rDoe", "a\x1b]0;title\x07", "tab\there", "nul\x00", "line\u2028sep", "c1\x85", "del\x7f",
            "bad\udcff\udcfe"]
TEXT_OPTIONS = ["--patient", "--location", "--site", "--tz", "--holidays", "--preset"]


@pytest.mark.parametrize("text", BAD_TEXT)
@pytest.mark.parametrize("option", TEXT_OPTIONS)
def test_control_characters_in_any_text_option(capsys, option, text):
    err = refused(capsys, *EXPORT, option, text, "-o", "never.ics", option=option)
    assert "\x1b" not in err and "\x07" not in err


@pytest.mark.parametrize("text", BAD_TEXT)
def test_control_characters_in_the_phone(capsys, text):
    refused(capsys, *EXPORT, "--phone", text, "-o", "never.ics", option="--phone")


def test_a_newline_in_the_patient_never_reaches_the_calendar(catalogue):
    spec = CourseSpec(site="prostate", preset="20-daily", start=date(2026, 11, 23), tz="UTC")
    from planner.core.schedule import build_schedule

    schedule = build_schedule(spec.to_request(catalogue), catalogue)
    for name in ("Jane\nDoe\nBEGIN:VEVENT", "Jane\r\nX-INJECT:1"):
        with pytest.raises(InputError):
            export_ics(schedule, ExportOptions(course_id="c"), now=datetime(2026, 1, 1, tzinfo=UTC), patient_name=name)
        with pytest.raises(InputError):
            export_ics(schedule, ExportOptions(course_id="c", location=name), now=datetime(2026, 1, 1, tzinfo=UTC))
        with pytest.raises(InputError) as caught:
            spec.updated(patient_name=name).to_request(catalogue)
        assert caught.value.field == "patient"


@pytest.mark.parametrize("field,value", [
    ("patient", {"name": "A\nB", "id": ""}), ("patient", {"name": "", "id": "x\x1by"}), ("location", "a\rb"),
    ("site", "prostate\n"), ("tz", "UTC\x00"), ("holidays", "US\u2029"), ("preset", "20-daily\t"),
    ("course_id", "id\nX"), ("closed", [{"date": "2026-11-25", "note": "staff\nday"}]),
])
def test_control_characters_in_any_course_file_field(capsys, tmp_path, field, value):
    err = refused(capsys, "plan", "--course", write_course(tmp_path, course_dict(**{field: value})), option="--course")
    assert "\\" in err  # the bad value is quoted with its control character escaped


def test_error_messages_quote_bad_values_escaped(capsys, tmp_path):
    err = refused(capsys, *BASE, "--days", "mon\n\x1b[2Jtue", option="--days")
    assert "\\n" in err and "\\x1b" in err
    err = refused(capsys, *BASE, "--start", "2026\r\n11-23", option="--start")
    assert "\\r\\n" in err
    hostile = tmp_path / "evil\nname\x1b.json"
    err = refused(capsys, "plan", "--course", str(hostile), option="--course")
    assert "evil\\nname\\x1b" in err


def test_settings_text_is_one_line(tmp_path):
    for key, value in (("clinic_name", "A\nB"), ("clinic_phone", "1\x1b"), ("time_zone", "UTC\n"), ("holidays", "US\r")):
        path = tmp_path / "settings.json"
        path.write_text(json.dumps({key: value}), encoding="utf-8")
        with pytest.raises(SettingsError, match=key):
            load_settings(path)


def test_catalogue_text_is_checked(tmp_path):
    text = (ROOT / "resources" / "catalogue.toml").read_text(encoding="utf-8")
    for bad in ('name = "Prostate\\u001b[2J"', 'name = "Pro\\nstate"'):
        path = tmp_path / "cat.toml"
        path.write_text(text.replace('name = "Prostate"', bad, 1), encoding="utf-8")
        with pytest.raises(CatalogueError, match="control character|line break"):
            load_catalogue(path)


def test_printable_and_single_line():
    assert printable("a\nb\x1b\x07\udcff\u2028") == "a\\nb\\x1b\\x07\\xff\\u2028"
    assert single_line("patient", "Zoë Ångström 王") == "Zoë Ångström 王"
    with pytest.raises(InputError):
        single_line("patient", "x" * 501)


def test_arguments_that_are_not_utf8(tmp_path):
    for argv in ([b"plan", b"--site", b"prostate", b"--preset", b"20-daily", b"--start", b"2026-11-23", b"--patient", b"\xff\xfe"],
                 [b"plan", b"--site", b"\xc3\x28", b"--start", b"2026-11-23"],
                 [b"plan", b"--course", b"\xff.json"], [b"sites", b"--catalogue", b"\x80\x1b.toml"]):
        result = subprocess.run([sys.executable.encode(), b"-m", b"planner", *argv], capture_output=True, timeout=TIMEOUT, cwd=tmp_path,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        one_line_refusal(result)
        assert b"\x1b" not in result.stderr


def test_an_output_name_that_is_not_utf8_is_written_and_reported(tmp_path):
    result = subprocess.run([sys.executable.encode(), b"-m", b"planner", b"export", *[a.encode() for a in EXPORT[1:]], b"-o", b"\xff.ics"],
                            capture_output=True, timeout=TIMEOUT, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert b"\\xff.ics" in result.stdout
    assert (tmp_path / os.fsdecode(b"\xff.ics")).exists()


# ---------------------------------------------------------------------- files that are not regular files
@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def test_named_pipes_never_hang_any_input(tmp_path, fifo):
    old = tmp_path / "old.ics"
    assert run_process([*EXPORT, "-o", str(old)]).returncode == 0
    cases = [
        (["plan", "--course", str(fifo)], "--course"),
        (["sites", "--catalogue", str(fifo)], "--catalogue"),
        ([*BASE, "--catalogue", str(fifo)], "--catalogue"),
        ([*EXPORT, "--previous", str(fifo), "-o", str(tmp_path / "n.ics")], "--previous"),
        (["diff", str(fifo), str(old)], "OLD.ics"),
        (["diff", str(old), str(fifo)], "NEW.ics"),
    ]
    for argv, option in cases:
        one_line_refusal(run_process(argv), option)
    result = run_process(["sites"], env={"IGRT_PLANNER_CATALOGUE": str(fifo)})
    one_line_refusal(result, "--catalogue")


def test_a_named_pipe_as_settings_or_holiday_cache(tmp_path):
    config, cache = tmp_path / "config", tmp_path / "cache"
    config.mkdir()
    cache.mkdir()
    os.mkfifo(config / "settings.json")
    one_line_refusal(run_process(["sites"], env={"IGRT_PLANNER_CONFIG_DIR": str(config)}), "settings")
    os.mkfifo(cache / "holidays.json")
    result = run_process([*BASE, "--holidays", "US-NY"], env={"IGRT_PLANNER_CACHE_DIR": str(cache)})
    assert result.returncode == 0, result.stderr  # a cache that cannot be read is asked again, not waited on
    assert b"Thanksgiving" in result.stdout


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_not_read(capsys, tmp_path, device):
    if not os.path.exists(device):
        pytest.skip(f"{device} missing")
    refused(capsys, "sites", "--catalogue", device, option="--catalogue")
    refused(capsys, "plan", "--course", device, option="--course")
    refused(capsys, *EXPORT, "--previous", device, "-o", str(tmp_path / "n.ics"), option="--previous")
    refused(capsys, "diff", device, device, option="OLD.ics")
    with pytest.raises(SettingsError):
        load_settings(Path(device))


def test_folders_are_not_read(capsys, tmp_path):
    refused(capsys, "plan", "--course", str(tmp_path), option="--course")
    refused(capsys, "sites", "--catalogue", str(tmp_path), option="--catalogue")


def read_guarded(path, limit):
    """read_bounded in a thread: if it waits on a pipe (no writer), the test fails instead of hanging."""
    outcome: dict[str, object] = {}

    def read() -> None:
        try:
            outcome["data"] = read_bounded(path, limit)
        except OSError as exc:
            outcome["error"] = exc

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(TIMEOUT)
    if reader.is_alive():
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))  # a writer ends the reader's wait
        reader.join(TIMEOUT)
        pytest.fail(f"read_bounded waited for a writer on {path}")
    return outcome


def test_the_bounded_reader(tmp_path, fifo):
    path = tmp_path / "big"
    path.write_bytes(b"x" * 5000)
    assert len(read_bounded(path, 100)) == 101
    assert read_bounded(path, 10_000) == b"x" * 5000
    chunky = tmp_path / "chunky"  # more than one read's worth: the limit still holds to the byte
    chunky.write_bytes(b"y" * ((1 << 20) + 2))
    assert len(read_bounded(chunky, 1 << 20)) == (1 << 20) + 1
    for odd in (fifo, tmp_path):
        error = read_guarded(odd, 100).get("error")
        assert isinstance(error, OSError), error
        assert (error.errno, error.strerror, error.filename) == (
            errno.EINVAL, "not a regular file, but a pipe, device or folder", str(odd))


def test_reading_a_terminal_never_makes_it_the_controlling_terminal():
    """Opened without O_NOCTTY, a terminal read by a session leader with none would become its own."""
    leader, follower = pty.openpty()
    try:
        with pytest.raises(OSError, match="not a regular file"):
            read_bounded(os.ttyname(follower), 10)
    finally:
        os.close(leader)
        os.close(follower)
    code = ("import os, pty\n"
            "from planner.core.bounded import read_bounded\n"
            "leader, follower = pty.openpty()\n"
            "try:\n"
            "    read_bounded(os.ttyname(follower), 10)\n"
            "except OSError as exc:\n"
            "    print(exc.strerror)\n"
            "try:\n"
            "    os.close(os.open('/dev/tty', os.O_RDONLY))\n"
            "    print('controlling terminal')\n"
            "except OSError:\n"
            "    print('no controlling terminal')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=TIMEOUT, cwd=ROOT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    assert result.stdout.decode().splitlines() == ["not a regular file, but a pipe, device or folder",
                                                   "no controlling terminal"], result.stderr


@pytest.mark.parametrize("loader", ["course", "catalogue", "previous"])
def test_oversized_files_are_refused(capsys, tmp_path, loader):
    big = tmp_path / "big"
    big.write_bytes(b" " * 3_000_000)
    option = {"course": "--course", "catalogue": "--catalogue", "previous": "--previous"}[loader]
    argv = {"course": ["plan", "--course", str(big)], "catalogue": ["sites", "--catalogue", str(big)],
            "previous": [*EXPORT, "--previous", str(big), "-o", str(tmp_path / "n.ics")]}[loader]
    assert "too large" in refused(capsys, *argv, option=option)


# ---------------------------------------------------------------------- structures built to break a parser
@pytest.mark.parametrize("raw", [
    b"[" * 200_000 + b"]" * 200_000,
    b'{"a":' * 150_000 + b"1" + b"}" * 150_000,
    b'{"schema": 1, "app": "igrt-course-planner", "fractions": ' + b"9" * 5000 + b"}",
    b'{"schema": ' + b"1" * 4400 + b"}",
    b'[1e999999, -1e999999]',
    b"\xff\xfe{}",
])
def test_json_built_to_break_the_parser(capsys, tmp_path, raw):
    refused(capsys, "plan", "--course", write_course(tmp_path, raw), option="--course")
    settings = tmp_path / "settings.json"
    settings.write_bytes(raw)
    with pytest.raises(SettingsError):
        load_settings(settings)


def test_a_course_file_with_huge_numbers(capsys, tmp_path):
    for value in (10**300, -(10**50), 2**63):
        refused(capsys, "plan", "--course", write_course(tmp_path, course_dict(fractions=value)), option="--course")


@pytest.mark.parametrize("text", [
    "a = " + "[" * 100_000 + "]" * 100_000,
    "a = " + "{b = " * 5_000 + "1" + "}" * 5_000,
    "[" + "a." * 100_000 + "b]",
    "a" + ".a" * 40_000 + " = 1",  # tomllib alone takes about a minute on this one
    "[site]\nx" + ".y" * 50_000 + " = 'z'",
    "schema = " + "9" * 5000,
])
def test_toml_built_to_break_the_parser(capsys, tmp_path, text):
    path = tmp_path / "cat.toml"
    path.write_text(text, encoding="utf-8")
    refused(capsys, "sites", "--catalogue", str(path), option="--catalogue")


def _event_block(raw: bytes) -> tuple[bytes, bytes, bytes]:
    head, _, rest = raw.partition(b"BEGIN:VEVENT")
    body, _, _ = rest.partition(b"END:VEVENT\r\n")
    return head, b"BEGIN:VEVENT" + body + b"END:VEVENT\r\n", b"END:VCALENDAR\r\n"


def _many_events(raw: bytes, count: int, year_of) -> bytes:
    head, event, tail = _event_block(raw)
    parts = [head]
    for index in range(count):
        one = event.replace(b"20261123T", str(year_of(index)).encode() + b"1123T")
        parts.append(one.replace(b"UID:", b"UID:n%d-" % index, 1))
    return b"".join(parts) + tail


@pytest.mark.parametrize("count,year_of,reason", [
    (20_000, lambda i: 2026, "too large"),
    (MAX_EXPORT_EVENTS + 1, lambda i: 2026, "too many"),
    (3_000, lambda i: 2026, "too"),
    (500, lambda i: 1900 + i % 300, "span"),
    (400, lambda i: 100 + i * 20, "outside the planner's calendar"),
])
def test_exports_built_to_be_slow(capsys, tmp_path, count, year_of, reason):
    old = _export(tmp_path, capsys, "old.ics", "--time", "09:00").read_bytes()
    hostile = tmp_path / "many.ics"
    hostile.write_bytes(_many_events(old, count, year_of))
    err = refused(capsys, *EXPORT, "--previous", str(hostile), "-o", str(tmp_path / "n.ics"), option="--previous")
    assert reason in err


@pytest.mark.parametrize("block,reason", [
    (b"X-A:1\r\n" * 25_000, "lines"),  # about 12 s for the parser before the line limit
    (b"X-A" + b";P=1" * 20_000 + b":v\r\n", "lines"),  # parameters by the hundred thousand: seconds
    (b"CATEGORIES:" + b"a," * 30_000 + b"\r\n", "lines"),
    (b"BEGIN:X\r\n" * 3_000 + b"END:X\r\n" * 3_000, "components"),
])
def test_exports_with_structures_that_are_slow_to_parse(capsys, tmp_path, block, reason):
    raw = _export(tmp_path, capsys).read_bytes().replace(b"BEGIN:VEVENT\r\n", b"BEGIN:VEVENT\r\n" + block, 1)
    with pytest.raises(ExportFileError, match=reason):
        parse_export(raw, "old.ics")


def test_parse_export_refuses_events_outside_time(capsys, tmp_path):
    raw = _export(tmp_path, capsys).read_bytes()
    for year in (b"0001", b"9999"):
        with pytest.raises(ExportFileError):
            parse_export(raw.replace(b":20261124T", b":" + year + b"1124T"), "x.ics")


# ---------------------------------------------------------------------- output paths
def test_output_paths(capsys, tmp_path):
    long_name = str(tmp_path / ("x" * 300 + ".ics"))
    refused(capsys, *EXPORT, "-o", long_name, option="--output")
    refused(capsys, *EXPORT, "-o", str(tmp_path / "newdir") + "/", option="--output")
    assert not (tmp_path / "newdir").exists()
    refused(capsys, *EXPORT, "-o", str(tmp_path), option="--output")
    refused(capsys, *EXPORT, "-o", "", option="--output")
    refused(capsys, *EXPORT, "-o", str(tmp_path / "missing" / "a.ics"), option="--output")
    refused(capsys, *BASE, "--save", str(tmp_path / "d") + "/", option="--save")


@pytest.mark.parametrize("option", ["--course", "--catalogue", "--previous", "--week", "--save"])
def test_empty_file_options_are_refused(capsys, tmp_path, option):
    command = "print" if option == "--week" else "export" if option == "--previous" else "plan"
    extra = ["-o", str(tmp_path / "o")] if command != "plan" else []
    refused(capsys, command, *BASE[1:], option, "", *extra, option=option)


def test_writing_over_what_is_not_a_regular_file_is_refused(capsys, tmp_path, fifo):
    refused(capsys, *EXPORT, "-o", "/dev/null", option="--output")
    refused(capsys, *EXPORT, "-o", str(fifo), option="--output")
    assert fifo.exists() and not fifo.is_file()
    with pytest.raises(OSError):
        write_private(fifo, b"data")


def test_writes_stay_private_and_atomic(tmp_path, capsys):
    path = _export(tmp_path, capsys)
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["old.ics"]


# ---------------------------------------------------------------------- what diff prints
def test_diff_escapes_text_read_from_a_file(tmp_path, capsys):
    old = _export(tmp_path, capsys)
    new = _export(tmp_path, capsys, "new.ics", "--closed", "2026-11-25")
    text = new.read_text(encoding="utf-8").replace("SUMMARY:Radiotherapy 3 of 20", "SUMMARY:\x1b]0;pwned\x07\x1b[2JRadio", 1)
    new.write_text(text, encoding="utf-8", newline="")
    status, out, _ = run(capsys, "diff", str(old), str(new))
    assert status == 1
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b]0;pwned\\x07" in out


def test_diff_keeps_its_exit_status_when_the_reader_goes(tmp_path, capsys):
    old = _export(tmp_path, capsys)
    new = _export(tmp_path, capsys, "new.ics", "--closed", "2026-11-25")
    for argv, expected in ((["diff", str(old), str(new)], 1), (["diff", str(old), str(old)], 0), (["sites"], 0)):
        child = subprocess.Popen([sys.executable, "-m", "planner", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
        assert child.stdout is not None and child.stderr is not None
        child.stdout.close()  # the reader closes the pipe at once, as `| head -0` would
        err = child.stderr.read()
        assert child.wait(timeout=TIMEOUT) == expected, err
        assert b"Traceback" not in err and b"BrokenPipe" not in err
        child.stderr.close()
    shell = subprocess.run(f"'{sys.executable}' -m planner diff '{old}' '{new}' | head -1; echo \"${{PIPESTATUS[0]}}\"",
                           shell=True, executable="/bin/bash", capture_output=True, cwd=ROOT, timeout=TIMEOUT)
    assert shell.stdout.decode().splitlines()[-1] == "1"


def test_course_file_round_trip_survives_a_save(tmp_path):
    spec = CourseSpec(site="prostate", preset="20-daily", start=date(2026, 11, 23), tz="UTC", discreet=True, patient_name="Zoë")
    save_course(spec, tmp_path / "c.json")
    assert load_course(tmp_path / "c.json") == spec
    with pytest.raises(CourseFileError, match="discreet"):
        loads(json.dumps(course_dict(discreet="yes")).encode(), "c.json")


# ---------------------------------------------------------------------- help and listings
def test_help_names_the_program_and_diff_states_its_exit_statuses(capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["/usr/local/bin/igrt-planner", "--help"])
    with pytest.raises(SystemExit):
        main(["--help"])
    assert capsys.readouterr().out.startswith("usage: igrt-planner ")
    monkeypatch.setattr(sys, "argv", ["/x/planner/__main__.py"])
    with pytest.raises(SystemExit):
        main(["diff", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("usage: python -m planner diff")
    assert "0 no changes, 1 the" in out and "2 bad input" in out


def test_single_fraction_presets_are_listed_as_one_fraction(capsys):
    status, out, _ = run(capsys, "sites")
    assert status == 0
    single = [line for line in out.splitlines() if "sbrt-1 " in line or "1-single" in line]
    assert single and all(line.endswith(": 1 fraction") for line in single)
    assert "1 x " not in out


def test_plan_save_writes_a_course_file_the_other_commands_read(capsys, tmp_path):
    path = tmp_path / "jane.json"
    status, out, err = run(capsys, *BASE, "--patient", "Jane Doe", "--review-day", "tue", "--save", str(path))
    assert status == 0, err
    assert out.rstrip().endswith(f"Saved the course to {path}")
    assert path.stat().st_mode & 0o777 == 0o600
    spec = load_course(path)
    assert (spec.patient_name, spec.site, spec.preset, spec.start, spec.review_day) == ("Jane Doe", "prostate", "20-daily", date(2026, 11, 23), 1)
    status, again, _ = run(capsys, "plan", "--course", str(path))
    assert status == 0 and again.splitlines()[:5] == out.splitlines()[:5]
    status, out, _ = run(capsys, "plan", "--course", str(path), "--closed", "2026-12-01", "--save", str(path))
    assert status == 0 and load_course(path).course_id == spec.course_id
    assert load_course(path).closed == ((date(2026, 12, 1), ""),)
    status, out, _ = run(capsys, *BASE, "--json", "--save", str(tmp_path / "j.json"))
    assert status == 0 and json.loads(out)["appointments"]  # --json output stays one JSON object
