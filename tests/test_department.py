"""The department as data: the TOML file read and written, refusals naming file, entry and problem,
and each department's own clinic calendar with its own holiday source."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.core.agenda import Agenda, AgendaEntry, ClosedDay, MachineAgenda, Period, WaitingCourse, check_slot, initials
from planner.core.department import (
    Department,
    DepartmentFileError,
    Downtime,
    Machine,
    department_from_json,
    department_to_json,
    department_to_toml,
    kept_downtime,
    load_department,
    new_downtime,
    parse_department,
    parse_local_instant,
    with_recorded_downtime,
)
from planner.core.errors import Field, InputError
from planner.core.kinds import AppointmentKind

ISSUE_FILE = """
[department]
name = "Riverside Cancer Centre"
timezone = "America/New_York"
holidays = "US-NY"
treatment_days = ["mon", "tue", "wed", "thu", "fri"]
phone = "+1 212 555 0100"

[[closures]]
date = "2026-12-24"
name = "Staff training day"

[[machines]]
name = "Linac 1"
group = "A"
capabilities = ["vmat", "sbrt", "dibh"]
hours = { mon = "07:30-19:00", tue = "07:30-19:00", wed = "07:30-19:00", thu = "07:30-19:00", fri = "07:30-17:00" }

[[downtime]]
machine = "Linac 1"
start = "2026-12-02T07:30"
end = "2026-12-02T12:00"
reason = "Quarterly QA"
"""


class TableHolidays:
    """A holiday source answering from a table: one per department, no global state touched."""

    def __init__(self, table: Mapping[date, str], country: str = "US", subdivisions: tuple[str, ...] = ("NY",)) -> None:
        self.table = table
        self.country = country
        self.subs = subdivisions
        self.asked: list[int] = []

    def countries(self) -> Mapping[str, str]:
        return {self.country: "Somewhere"}

    def subdivisions(self, country: str) -> tuple[str, ...]:
        return self.subs if country == self.country else ()

    def subdivision_names(self, country: str) -> Mapping[str, str]:
        return {}

    def year(self, country: str, subdivision: str | None, year: int) -> Mapping[date, str]:
        self.asked.append(year)
        return {d: n for d, n in self.table.items() if d.year == year}


def test_the_issue_file_reads_into_a_department():
    department = parse_department(ISSUE_FILE, "riverside.toml")
    assert department.name == "Riverside Cancer Centre"
    assert department.timezone == "America/New_York" and department.holidays == "US-NY"
    assert department.treatment_days == frozenset(range(5))
    assert department.closures == ((date(2026, 12, 24), "Staff training day"),)
    linac = department.machine("Linac 1")
    assert linac is not None and linac.group == "A"
    assert linac.capabilities == frozenset({"vmat", "sbrt", "dibh"})
    assert linac.hours[4] == (time(7, 30), time(17, 0)) and 5 not in linac.hours
    (qa,) = department.downtime_of("Linac 1")
    new_york = ZoneInfo("America/New_York")
    assert qa.start == datetime(2026, 12, 2, 7, 30, tzinfo=new_york) and qa.start.utcoffset() is not None
    assert qa.reason == "Quarterly QA"
    assert qa.overlaps(datetime(2026, 12, 2, 11, 45, tzinfo=new_york), datetime(2026, 12, 2, 12, 30, tzinfo=new_york))
    assert not qa.overlaps(datetime(2026, 12, 2, 12, 0, tzinfo=new_york), datetime(2026, 12, 2, 12, 30, tzinfo=new_york))
    assert linac.opening(date(2026, 12, 5), new_york) is None  # a Saturday
    opens, closes = linac.opening(date(2026, 12, 4), new_york)  # type: ignore[misc]
    assert (opens.hour, closes.hour) == (7, 17)


def test_written_file_reads_back_to_the_same_department(tmp_path: Path):
    department = parse_department(ISSUE_FILE, "riverside.toml")
    path = tmp_path / "out.toml"
    path.write_text(department_to_toml(department), encoding="utf-8")
    again = load_department(path)
    assert again == department
    assert again.machines[0].hours == department.machines[0].hours
    assert department_from_json(department_to_json(department), "stored") == department


def test_names_with_quotes_and_control_characters_survive_the_writer():
    department = Department(name='St "Mary\'s" \\ Centre', address="1 Road, Town", phone="020 7946 0000",
                            machines=(Machine(name="Tomo \u00e9", group="T", hours={0: (time(8), time(9))}),))
    assert parse_department(department_to_toml(department), "x") == department


def test_an_ambiguous_downtime_keeps_its_offset_through_the_file():
    new_york = ZoneInfo("America/New_York")
    second = datetime(2026, 11, 1, 1, 30, tzinfo=new_york, fold=1)  # the second 01:30 (EST)
    department = Department(name="D", timezone="America/New_York", machines=(Machine("L1"),),
                            downtime=(Downtime("L1", second, datetime(2026, 11, 1, 3, 0, tzinfo=new_york), "service"),))
    text = department_to_toml(department)
    assert "2026-11-01T01:30-05:00" in text
    (again,) = parse_department(text, "x").downtime
    assert again.start.utcoffset() == second.utcoffset()


@pytest.mark.parametrize(("change", "entry", "problem"), [
    (("timezone = \"America/New_York\"", "timezone = \"Mars/Olympus\""), "[department]", "IANA"),
    (("name = \"Riverside Cancer Centre\"", "nam = \"Riverside\""), "[department]", "unknown key 'nam'"),
    (("treatment_days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]", "treatment_days = [\"mon\", \"funday\"]"),
     "[department]", "'funday' is not a weekday"),
    (("date = \"2026-12-24\"", "date = \"2026-13-24\""), "[[closures]] #1", "not a date"),
    (("fri = \"07:30-17:00\"", "fri = \"17:30-07:00\""), "[[machines]] #1 (Linac 1)", "closes before it opens"),
    (("fri = \"07:30-17:00\"", "fri = \"7.30 to 5\""), "[[machines]] #1 (Linac 1)", "HH:MM-HH:MM"),
    (("capabilities = [\"vmat\", \"sbrt\", \"dibh\"]", "capabilities = \"vmat\""), "[[machines]] #1 (Linac 1)", "list of text"),
    (("machine = \"Linac 1\"", "machine = \"Linac 9\""), "[[downtime]] #1", "'Linac 9' is not one of the [[machines]]"),
    (("end = \"2026-12-02T12:00\"", "end = \"2026-12-02T06:00\""), "[[downtime]] #1", "'end' must come after 'start'"),
    (("start = \"2026-12-02T07:30\"", "start = \"2026-03-08T02:30\""), "[[downtime]] #1", "does not exist in America/New_York"),
    (("[[closures]]", "[[closure]]"), "riverside.toml", "unknown section 'closure'"),
    (("name = \"Staff training day\"", "name = \"Staff\\ntraining\""), "[[closures]] #1", "one line"),
])
def test_a_malformed_file_is_refused_naming_file_entry_and_problem(tmp_path: Path, change, entry, problem):
    old, new = change
    assert old in ISSUE_FILE
    path = tmp_path / "riverside.toml"
    path.write_text(ISSUE_FILE.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DepartmentFileError) as caught:
        load_department(path)
    message = str(caught.value)
    assert message.startswith(str(path)), message
    assert entry in message and problem in message, message
    assert "\n" not in message


def test_hostile_files_are_refused_without_reading_them_whole(tmp_path: Path):
    with pytest.raises(DepartmentFileError, match="not a regular file"):
        load_department(Path("/dev/zero"))
    with pytest.raises(DepartmentFileError, match="missing.toml: no such file"):
        load_department(tmp_path / "missing.toml")
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * 2_000_001)
    with pytest.raises(DepartmentFileError, match="too large"):
        load_department(big)
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe[department]")
    with pytest.raises(DepartmentFileError, match="not UTF-8"):
        load_department(binary)
    with pytest.raises(DepartmentFileError, match="not valid TOML"):
        parse_department("[department\nname=", "broken.toml")
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 200_000, encoding="utf-8")
    with pytest.raises(DepartmentFileError, match="nested too deeply"):
        load_department(deep)
    with pytest.raises(DepartmentFileError, match="no \\[department\\] table"):
        parse_department("[[machines]]\nname = \"L\"\n", "x.toml")


def test_two_departments_in_one_process_each_ask_their_own_holidays():
    """No global holiday state: each calendar asks the source it was given."""
    riverside = parse_department(ISSUE_FILE, "riverside.toml")
    hillside = Department(name="Hillside", timezone="Europe/London", holidays="US-NY", treatment_days=frozenset({0, 1, 2, 3}))
    river_source = TableHolidays({date(2026, 12, 25): "Christmas Day"})
    hill_source = TableHolidays({date(2026, 12, 28): "Boxing Day (substitute)"})
    river = riverside.clinic_calendar(river_source)
    hill = hillside.clinic_calendar(hill_source)
    assert river.closure_name(date(2026, 12, 25)) == "Christmas Day"
    assert river.closure_name(date(2026, 12, 28)) is None and river.is_open(date(2026, 12, 28))
    assert hill.closure_name(date(2026, 12, 28)) == "Boxing Day (substitute)"
    assert hill.is_open(date(2026, 12, 25)) is False  # a Friday: not one of Hillside's treatment days
    assert river.closure_name(date(2026, 12, 24)) == "Clinic closure (Staff training day)"
    assert river_source.asked and hill_source.asked


def test_a_region_unknown_to_the_departments_source_is_refused():
    department = Department(name="D", holidays="GB-ENG")
    with pytest.raises(InputError, match="'GB' is not a country"):
        department.clinic_calendar(TableHolidays({}))


def test_the_department_value_refuses_what_the_file_would():
    with pytest.raises(InputError, match="two machines are named 'L1'"):
        Department(name="D", machines=(Machine("L1"), Machine("L1")))
    with pytest.raises(InputError, match="not a machine"):
        Department(name="D", downtime=(Downtime("L9", datetime(2026, 1, 1, 8, tzinfo=ZoneInfo("UTC")),
                                                datetime(2026, 1, 1, 9, tzinfo=ZoneInfo("UTC"))),))
    with pytest.raises(InputError, match="aware"):
        Downtime("L1", datetime(2026, 1, 1, 8), datetime(2026, 1, 1, 9))
    with pytest.raises(InputError, match="must not be empty"):
        Department(name="  ")


# ---------------------------------------------------------------------- every refusal, word for word
MINIMAL = '[department]\nname = "D"\n'
LINAC = '\n[[machines]]\nname = "L1"\n'


def refusal_of(text: str) -> str:
    with pytest.raises(DepartmentFileError) as caught:
        parse_department(text, "d.toml")
    return str(caught.value)


@pytest.mark.parametrize(("text", "message"), [
    ('department = "D"\n', "d.toml: [department]: must be a table"),
    ('[department]\nname = "D"\ncolour = "red"\n',
     "d.toml: [department]: unknown key 'colour' (known: address, holidays, name, phone, timezone, treatment_days)"),
    ('[department]\nname = 5\n', "d.toml: [department]: 'name' must be text"),
    ('[department]\nname = " "\n', "d.toml: [department]: 'name' must not be empty"),
    (MINIMAL + 'address = "' + "a" * 201 + '"\n', "d.toml: [department]: 'address' is 201 characters long (at most 200)"),
    (MINIMAL + 'phone = "0\\t1"\n', "d.toml: [department]: 'phone' must be one line without control characters"),
    (MINIMAL + 'timezone = "Mars/Olympus"\n',
     "d.toml: [department]: 'timezone': 'Mars/Olympus' is not an IANA time zone (e.g. Europe/London, America/New_York)"),
    (MINIMAL + 'treatment_days = ["mon", "funday"]\n',
     "d.toml: [department]: 'treatment_days': 'funday' is not a weekday (use mon, tue, wed, thu, fri, sat, sun)"),
    (MINIMAL + 'treatment_days = ["mon", "tue", "monday"]\n', "d.toml: [department]: 'treatment_days' names a weekday twice"),
    (MINIMAL + 'treatment_days = []\n', "d.toml: [department]: 'treatment_days' must name at least one weekday"),
    (MINIMAL + 'treatment_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "mon"]\n',
     "d.toml: [department]: 'treatment_days' lists more than 7 entries"),
    (MINIMAL + 'treatment_days = "mon"\n', "d.toml: [department]: 'treatment_days' must be a list of text"),
    ('[departments]\nname = "D"\n', "d.toml: unknown section 'departments' (known: booking, closures, department, downtime, machines)"),
    ('[[machines]]\nname = "L1"\n', "d.toml: the file has no [department] table"),
    ('closures = "2026-12-24"\n' + MINIMAL, "d.toml: 'closures' must be an array of tables ([[closures]])"),
    ('machines = "L1"\n' + MINIMAL, "d.toml: 'machines' must be an array of tables ([[machines]])"),
    ('downtime = "today"\n' + MINIMAL, "d.toml: 'downtime' must be an array of tables ([[downtime]])"),
    (MINIMAL + '[[closures]]\ndate = "2026-13-24"\n',
     "d.toml: [[closures]] #1: 'date': '2026-13-24' is not a date in the form YYYY-MM-DD"),
    (MINIMAL + '[[closures]]\ndate = 20261224\n', "d.toml: [[closures]] #1: 'date' must be a date such as 2026-12-24"),
    (MINIMAL + '[[closures]]\ndate = 2026-12-24\n[[closures]]\ndate = "2026-12-24"\n',
     "d.toml: [[closures]] #2: 2026-12-24 is listed twice"),
    (MINIMAL + '[[machines]]\nname = "L1"\nroom = 3\n',
     "d.toml: [[machines]] #1: unknown key 'room' (known: capabilities, formerly, group, hours, name)"),
    (MINIMAL + '[[machines]]\nname = ""\n', "d.toml: [[machines]] #1: 'name' must not be empty"),
    (MINIMAL + LINAC + 'hours = "08:00-18:00"\n',
     "d.toml: [[machines]] #1 (L1): 'hours' must be a table such as { mon = \"07:30-19:00\" }"),
    (MINIMAL + LINAC + 'hours = { funday = "08:00-18:00" }\n',
     "d.toml: [[machines]] #1 (L1): 'hours.funday': 'funday' is not a weekday (use mon, tue, wed, thu, fri, sat, sun)"),
    (MINIMAL + LINAC + 'hours = { mon = "08:00-18:00", monday = "09:00-10:00" }\n',
     "d.toml: [[machines]] #1 (L1): 'hours' names mon twice"),
    (MINIMAL + LINAC + 'hours = { mon = 8 }\n', "d.toml: [[machines]] #1 (L1): 'hours.mon' must be text such as \"07:30-19:00\""),
    (MINIMAL + LINAC + 'hours = { mon = "08:00-08:00" }\n', "d.toml: [[machines]] #1 (L1): 'hours.mon': '08:00-08:00' closes before it opens"),
    (MINIMAL + LINAC + 'hours = { mon = "08:00-18:00-19:00" }\n',
     "d.toml: [[machines]] #1 (L1): 'hours.mon': '18:00-19:00' is not a time in the form HH:MM (00:00 to 23:59)"),
    (MINIMAL + LINAC + 'hours = { tue = "8 to 6" }\n',
     "d.toml: [[machines]] #1 (L1): 'hours.tue': '8 to 6' is not opening hours in the form HH:MM-HH:MM"),
    (MINIMAL + LINAC + 'capabilities = ["vmat", "Dibh!"]\n',
     "d.toml: [[machines]] #1 (L1): 'capabilities': 'dibh!' is not a capability word (lower-case letters, digits, '-' or '_')"),
    (MINIMAL + LINAC + 'capabilities = ["ct", "room"]\n',
     "d.toml: [[machines]] #1 (L1): 'capabilities': a machine is a CT simulator ('ct') or a clinic room ('room'), not both"),
    (MINIMAL + LINAC + LINAC, "d.toml: [[machines]] #2 (L1): a machine named 'L1' is listed twice"),
    (MINIMAL + LINAC + LINAC.replace('"L1"', '" l1 "'),
     "d.toml: [[machines]] #2 (l1): a machine named 'l1' is listed twice (as 'L1': capitals, spacing, width and invisible "
     "characters do not tell machines apart)"),
    (MINIMAL + LINAC + LINAC.replace('"L1"', '"L\u200b1"'),  # a zero-width space
     "d.toml: [[machines]] #2 (L\u200b1): a machine named 'L\u200b1' is listed twice (as 'L1': capitals, spacing, width and "
     "invisible characters do not tell machines apart)"),
    (MINIMAL + LINAC + LINAC.replace('"L1"', '"Ｌ1"'),  # a full-width L
     "d.toml: [[machines]] #2 (Ｌ1): a machine named 'Ｌ1' is listed twice (as 'L1': capitals, spacing, width and invisible "
     "characters do not tell machines apart)"),
    (MINIMAL + LINAC + '[[downtime]]\nmachine = ""\n', "d.toml: [[downtime]] #1: 'machine' must not be empty"),
    (MINIMAL + LINAC + '[[downtime]]\nmachine = "L2"\n', "d.toml: [[downtime]] #1: 'machine': 'L2' is not one of the [[machines]]"),
    (MINIMAL + LINAC + '[[downtime]]\nmachine = "L1"\nstart = 7\nend = "2026-12-02T08:00"\n',
     "d.toml: [[downtime]] #1: 'start' must be a date and time such as 2026-12-02T07:30"),
    (MINIMAL + LINAC + '[[downtime]]\nmachine = "L1"\nstart = "2026-12-02T07:00"\nend = "noon"\n',
     "d.toml: [[downtime]] #1: 'end': 'noon' is not a date and time in the form YYYY-MM-DDTHH:MM"),
    (MINIMAL + LINAC + '[[downtime]]\nmachine = "L1"\nstart = "2026-12-02T07:00"\nend = "2026-12-02T07:00"\n',
     "d.toml: [[downtime]] #1: 'end' must come after 'start'"),
])
def test_each_refusal_of_a_department_file_names_file_entry_key_and_problem(text, message):
    assert refusal_of(text) == message


def test_a_department_file_at_its_limits_is_read():
    week = '["mon", "tue", "wed", "thu", "fri", "sat", "sun"]'
    text = MINIMAL + f"treatment_days = {week}\n" + "".join(f'\n[[machines]]\nname = "L{i}"\n' for i in range(99))
    text += '\n[[closures]]\ndate = 2026-12-24\n[[closures]]\ndate = "2026-12-25"\n'
    text += ('\n[[downtime]]\nmachine = "L0"\nstart = 2026-12-02T07:30:00\nend = "2026-12-02 09:00"\n'
             '\n[[machines]]\nname = "CT"\ncapabilities = [" CT "]\n')
    department = parse_department(text, "d.toml")
    assert department.timezone == "UTC" and department.treatment_days == frozenset(range(7))
    assert len(department.machines) == 100 and department.machine("CT").capabilities == frozenset({"ct"})  # type: ignore[union-attr]
    assert department.machines[0].hours == {} and department.machines[0].capabilities == frozenset()
    assert [d for d, _ in department.closures] == [date(2026, 12, 24), date(2026, 12, 25)]
    (qa,) = department.downtime
    utc = ZoneInfo("UTC")
    assert (qa.start, qa.end) == (datetime(2026, 12, 2, 7, 30, tzinfo=utc), datetime(2026, 12, 2, 9, tzinfo=utc))
    assert department.machine("L99") is None
    text = MINIMAL + "".join(f'\n[[machines]]\nname = "L{i}"\n' for i in range(101))
    assert refusal_of(text) == "d.toml: more than 100 [[machines]] entries"


@pytest.mark.parametrize(("make", "field", "message"), [
    (lambda: Machine(" "), "name", "must not be empty"),
    (lambda: Machine("L1", group="g" * 201), "group", "is 201 characters long (at most 200)"),
    (lambda: Machine("L1", capabilities=frozenset({"VMAT"})), "capabilities",
     "'VMAT' is not a capability word (lower-case letters, digits, '-' or '_')"),
    (lambda: Machine("L1", capabilities=frozenset({"ct", "room"})), "capabilities",
     "a machine is a CT simulator ('ct') or a clinic room ('room'), not both"),
    (lambda: Machine("L1", hours={7: (time(8), time(9))}), "hours", "weekdays are numbered 0 (Monday) to 6 (Sunday)"),
    (lambda: Machine("L1", hours={2: (time(8), time(8))}), "hours", "wed: the machine must open before it closes"),
    (lambda: Downtime("L1", datetime(2026, 1, 1, 8, tzinfo=ZoneInfo("UTC")), datetime(2026, 1, 1, 9)), "start",
     "downtime needs aware date-times (in the department's zone)"),
    (lambda: Downtime("L1", datetime(2026, 1, 1, 8, tzinfo=ZoneInfo("UTC")), datetime(2026, 1, 1, 8, tzinfo=ZoneInfo("UTC"))),
     "end", "downtime must end after it starts"),
    (lambda: Downtime("L1", datetime(2026, 1, 1, 8, tzinfo=ZoneInfo("UTC")), datetime(2026, 1, 1, 9, tzinfo=ZoneInfo("UTC")),
                      "QA\nagain"), "reason", "must be one line without control characters"),
    (lambda: Department(name=""), "name", "must not be empty"),
    (lambda: Department(name="D", address="a" * 201), "address", "is 201 characters long (at most 200)"),
    (lambda: Department(name="D", phone="0\x7f"), "phone", "must be one line without control characters"),
    (lambda: Department(name="D", timezone="Mars/Olympus"), "timezone",
     "'Mars/Olympus' is not an IANA time zone (e.g. Europe/London, America/New_York)"),
    (lambda: Department(name="D", treatment_days=frozenset()), "treatment_days",
     "the department needs at least one treatment weekday"),
    (lambda: Department(name="D", treatment_days=frozenset({0, 7})), "treatment_days",
     "weekdays are numbered 0 (Monday) to 6 (Sunday)"),
    (lambda: Department(name="D", machines=(Machine("L1"), Machine("L1"))), "machines", "two machines are named 'L1'"),
    (lambda: Department(name="D", machines=(Machine("Linac 1"), Machine("linac  1"))), "machines",
     "two machines are named 'linac  1' (and 'Linac 1': capitals, spacing, width and invisible characters do not tell "
     "machines apart)"),
    (lambda: Department(name="D", downtime=(Downtime("L9", datetime(2026, 1, 1, 8, tzinfo=ZoneInfo("UTC")),
                                                     datetime(2026, 1, 1, 9, tzinfo=ZoneInfo("UTC"))),)),
     "downtime", "'L9' is not a machine of the department"),
    (lambda: Department(name="D", holidays="XX-YY").clinic_calendar(TableHolidays({})), "holidays", None),
])
def test_each_refusal_of_a_department_value_names_its_field(make, field, message):
    with pytest.raises(InputError) as caught:
        make()
    assert caught.value.field == field and str(caught.value).startswith(f"{field}: ")
    if message is not None:
        assert caught.value.reason == message


def test_a_machine_and_a_department_at_their_limits_are_accepted():
    machine = Machine("L" * 200, group="g" * 200, capabilities=frozenset({"ct"}), hours={6: (time(8), time(8, 1))})
    new_york = ZoneInfo("America/New_York")
    opens, closes = machine.opening(date(2026, 12, 6), new_york)  # type: ignore[misc]
    assert (opens, closes) == (datetime(2026, 12, 6, 8, tzinfo=new_york), datetime(2026, 12, 6, 8, 1, tzinfo=new_york))
    department = Department(name="D", treatment_days=frozenset({6}), machines=(machine, Machine("Room", capabilities=frozenset({"room", "x"}))))
    assert department.machine("nowhere") is None
    assert department.clinic_calendar().closure_name(date(2026, 12, 25)) is None  # no holiday region: only the weekdays
    christmas = Department(name="D", holidays="US-NY").clinic_calendar()  # the holidays package itself
    assert christmas.closure_name(date(2026, 12, 25)) == "Christmas Day"


def test_the_written_file_is_plain_toml_a_physicist_can_read():
    new_york = ZoneInfo("America/New_York")
    department = Department(
        name="Riverside", timezone="America/New_York", treatment_days=frozenset({0, 1}),
        closures=((date(2026, 12, 24), "Staff\ttraining \x7fday"),),
        machines=(Machine("L1", group="A", capabilities=frozenset({"vmat"}), hours={0: (time(7, 30), time(19))}), Machine("Spare")),
        downtime=(Downtime("L1", datetime(2026, 12, 2, 7, 30, tzinfo=new_york), datetime(2026, 12, 2, 12, tzinfo=new_york), "QA"),))
    text = department_to_toml(department)
    assert text == (
        '[department]\nname = "Riverside"\ntimezone = "America/New_York"\ntreatment_days = ["mon", "tue"]\n'
        '\n[booking]\nurgent_within_days = 2\nurgent_reserve_percent = 10\nreserve_release_days = 2\nsecond_session = true\n'
        'weekend_hours = ""\n'
        '\n[[closures]]\ndate = 2026-12-24\nname = "Staff\\u0009training \\u007fday"\n'
        '\n[[machines]]\nname = "L1"\ngroup = "A"\ncapabilities = ["vmat"]\nhours = { mon = "07:30-19:00" }\n'
        '\n[[machines]]\nname = "Spare"\ngroup = ""\ncapabilities = []\nhours = {}\n'
        '\n[[downtime]]\nmachine = "L1"\nstart = "2026-12-02T07:30"\nend = "2026-12-02T12:00"\nreason = "QA"\n')
    # Still TOML, so reading it back names the closure whose name has control characters.
    assert refusal_of(text) == "d.toml: [[closures]] #1: 'name' must be one line without control characters"
    clean = replace(department, closures=((date(2026, 12, 24), "Staff training day"),))
    assert 'name = "Staff training day"' in department_to_toml(clean)
    assert parse_department(department_to_toml(clean), "d.toml") == clean
    stored = department_to_json(department)
    assert stored["downtime"] == [{"machine": "L1", "start": "2026-12-02T07:30-05:00", "end": "2026-12-02T12:00-05:00",
                                   "reason": "QA"}]


def test_a_stored_department_is_checked_as_a_file_is():
    with pytest.raises(DepartmentFileError) as caught:
        department_from_json(["D"], "stored")
    assert str(caught.value) == "stored: not a department (expected an object)"
    with pytest.raises(DepartmentFileError) as caught:
        department_from_json({"name": "D", "colour": "red"}, "stored")
    assert str(caught.value) == "stored: unknown key 'colour'"
    with pytest.raises(DepartmentFileError) as caught:
        department_from_json({"name": "D", "machines": [{"name": "L1"}, {"name": "L1"}]}, "stored")
    assert str(caught.value) == "stored: [[machines]] #2 (L1): a machine named 'L1' is listed twice"


def test_a_local_instant_is_read_in_the_departments_zone_or_refused_naming_the_field():
    new_york = ZoneInfo("America/New_York")
    assert parse_local_instant(Field.START, "2026-12-02 07:30", new_york) == datetime(2026, 12, 2, 7, 30, tzinfo=new_york)
    assert parse_local_instant(Field.START, "2026-12-02T12:30+00:00", new_york) == datetime(2026, 12, 2, 7, 30, tzinfo=new_york)
    for text, reason in [("2026-12-02", "'2026-12-02' is not a date and time in the form YYYY-MM-DDTHH:MM"),
                         ("soon", "'soon' is not a date and time in the form YYYY-MM-DDTHH:MM"),
                         ("2026-03-08T02:30", "'2026-03-08T02:30' does not exist in America/New_York (the clocks skip it)")]:
        with pytest.raises(InputError) as caught:
            parse_local_instant(Field.END, text, new_york)
        assert (caught.value.field, caught.value.reason) == (Field.END, reason)


def test_a_local_instant_the_clocks_repeat_is_refused_unless_its_offset_says_which():
    new_york = ZoneInfo("America/New_York")
    with pytest.raises(InputError) as caught:
        parse_local_instant(Field.START, "2026-11-01T01:30", new_york)
    assert (caught.value.field, caught.value.reason) == (Field.START, "'2026-11-01T01:30' occurs twice in America/New_York (the clocks "
                                                         "go back that night): give its UTC offset, 2026-11-01T01:30-04:00 for the "
                                                         "first or 2026-11-01T01:30-05:00 for the second")
    second = parse_local_instant(Field.START, "2026-11-01T01:30-05:00", new_york)
    assert second.astimezone(UTC) == datetime(2026, 11, 1, 6, 30, tzinfo=UTC) and second.fold == 1


def test_a_department_file_that_cannot_be_read_says_why(tmp_path: Path):
    def refusal(path: Path) -> str:
        with pytest.raises(DepartmentFileError) as caught:
            load_department(path)
        return str(caught.value)

    assert refusal(tmp_path) == f"{tmp_path}: not a regular file"
    plain = tmp_path / "plain"
    plain.write_text(MINIMAL, encoding="utf-8")
    assert refusal(plain / "d.toml") == f"{plain / 'd.toml'}: cannot read the department file (Not a directory)"
    full = tmp_path / "full.toml"
    full.write_bytes(MINIMAL.encode() + b"#" * (1_000_000 - len(MINIMAL)))
    assert load_department(full).name == "D"  # exactly the limit
    full.write_bytes(MINIMAL.encode() + b"#" * (1_000_001 - len(MINIMAL)))
    assert refusal(full) == f"{full}: too large for a department file (at most 1 MB)"


# ---------------------------------------------------------------------- the agenda: what the department sees of its bookings
NY = ZoneInfo("America/New_York")
MONDAY = date(2026, 12, 7)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=NY)


def entry(patient: str, start: datetime, minutes: int, *, kind: AppointmentKind = AppointmentKind.FRACTION,
          number: int = 3, course: str = "c1") -> AgendaEntry:
    return AgendaEntry(course, patient, kind, number, 20, start, start + timedelta(minutes=minutes))


def linac(*entries: AgendaEntry, downtime: tuple[Period, ...] = ()) -> MachineAgenda:
    """Linac 1, open 08:00-18:00 on Monday and Tuesday."""
    hours = tuple(Period(at(d, 8), at(d, 18)) for d in (MONDAY, MONDAY + timedelta(days=1)))
    return MachineAgenda("Linac 1", open_hours=hours, downtime=downtime, entries=entries)


def test_the_agenda_counts_open_booked_and_down_minutes_per_local_day():
    late = entry("Ann Lee", at(MONDAY, 23, 30), 15)  # 04:30 UTC on Tuesday: still Monday in New York
    early, second = entry("Bo Ek", at(MONDAY, 9), 15), entry("Cy Do", at(MONDAY, 8, 30), 20, number=4)
    qa = Period(at(MONDAY, 7), at(MONDAY, 9), "QA")  # one hour of it before the machine opens
    machine = linac(early, late, second, downtime=(qa,))
    assert machine.on(MONDAY, NY) == [second, early, late]
    assert machine.on(MONDAY, ZoneInfo("UTC")) == [second, early]
    assert (early.minutes, early.key) == (15, ("c1", AppointmentKind.FRACTION, 3))
    assert machine.open_minutes(MONDAY, NY) == 600 - 60 and machine.booked_minutes(MONDAY, NY) == 50
    assert machine.occupancy(MONDAY, NY) == 50 / 540
    tuesday = MONDAY + timedelta(days=1)
    assert machine.open_minutes(tuesday, NY) == 600 and machine.occupancy(tuesday, NY) == 0
    assert machine.occupancy(MONDAY + timedelta(days=5), NY) is None and machine.idle_word(MONDAY + timedelta(days=5), NY) == "closed"
    down = linac(downtime=(Period(at(tuesday, 6), at(tuesday, 20), "service"),))
    assert down.open_minutes(tuesday, NY) == 0 and down.down_all_day(tuesday, NY) and down.idle_word(tuesday, NY) == "down"
    assert not down.down_all_day(MONDAY, NY) and not down.down_all_day(MONDAY + timedelta(days=2), NY)
    twice = linac(downtime=(Period(at(tuesday, 8), at(tuesday, 18)), Period(at(tuesday, 8), at(tuesday, 18))))
    assert twice.open_minutes(tuesday, NY) == 0  # never below nothing
    assert machine.down_minutes(MONDAY, NY) == 60 and machine.down_minutes(tuesday, NY) == 0  # QA's hour within the hours
    assert down.down_minutes(tuesday, NY) == 600 and twice.down_minutes(tuesday, NY) == 600  # never more than the hours
    assert machine.down_minutes(MONDAY + timedelta(days=5), NY) == 0  # closed, not down
    assert Period(at(MONDAY, 8), at(MONDAY, 9, 30)).minutes == 90
    agenda = Agenda(MONDAY, 3, NY, (machine, down))
    assert agenda.dates == [MONDAY, tuesday, MONDAY + timedelta(days=2)]
    assert agenda.machine("Linac 1") is machine and agenda.machine("Linac 9") is None


def test_a_slot_on_a_day_the_department_is_closed_names_the_closure_not_the_machines_hours():
    machine = linac()
    saturday = MONDAY + timedelta(days=5)
    snow = ClosedDay(saturday, "clinic closure", "snow")
    assert check_slot(machine, at(saturday, 9), at(saturday, 9, 15), tz=NY, closed=snow).reason() == \
        "the department is closed that day: clinic closure (snow)"
    assert check_slot(machine, at(saturday, 9), at(saturday, 9, 15), tz=NY, closed=snow, discreet=True).reason() == \
        "the department is closed that day: clinic closure"
    weekly = Agenda(MONDAY, 7, NY, (machine,), treatment_days=frozenset({0, 2, 4})).closed(saturday)  # no closure: a day off
    assert check_slot(machine, at(saturday, 9), at(saturday, 9, 15), tz=NY, closed=weekly).reason() == \
        "the department does not treat on Saturdays (its treatment days: Monday, Wednesday and Friday)"
    assert Agenda(MONDAY, 7, NY, (machine,)).closed(saturday) is None  # every day treated: the machine's hours say it
    open_day = ClosedDay(MONDAY, "clinic closure", "snow")  # hours open that day: the hours are what the slot is outside
    assert check_slot(machine, at(MONDAY, 18), at(MONDAY, 18, 15), tz=NY, closed=open_day).reason() == \
        "outside Linac 1's open hours (08:00–18:00)"


def test_a_slot_is_checked_against_hours_downtime_and_other_bookings_with_reasons():
    booked = entry("Zoë Ångström", at(MONDAY, 9), 15)
    review = entry("Ann Lee", at(MONDAY, 10), 15, kind=AppointmentKind.REVIEW, number=1, course="c2")
    machine = linac(booked, review, downtime=(Period(at(MONDAY, 12), at(MONDAY, 13), "QA"), Period(at(MONDAY, 16), at(MONDAY, 17))))
    assert check_slot(machine, at(MONDAY, 8), at(MONDAY, 9), tz=NY).free  # from opening, up to the next booking
    assert check_slot(machine, at(MONDAY, 17), at(MONDAY, 18), tz=NY).free  # after the downtime, to closing
    assert check_slot(machine, at(MONDAY, 11, 45), at(MONDAY, 12), tz=NY).free  # up to the downtime
    assert check_slot(machine, at(MONDAY, 9, 15), at(MONDAY, 9, 30), tz=NY).free  # from the end of a booking
    clash = check_slot(machine, at(MONDAY, 9, 10), at(MONDAY, 9, 25), tz=NY)
    assert not clash.free and clash.reason() == "overlaps Zoë Ångström's fraction 3 of 20 (09:00–09:15)"
    assert clash.conflicts[0].entry == booked
    assert check_slot(machine, at(MONDAY, 9, 10), at(MONDAY, 9, 25), tz=NY, discreet=True).reason() == \
        "overlaps Z. Å.'s fraction 3 of 20 (09:00–09:15)"
    assert check_slot(machine, at(MONDAY, 9, 10), at(MONDAY, 9, 25), tz=NY, moving=booked).free
    assert check_slot(machine, at(MONDAY, 10, 5), at(MONDAY, 10, 10), tz=NY).reason() == "overlaps Ann Lee's review (10:00–10:15)"
    assert check_slot(machine, at(MONDAY, 12, 50), at(MONDAY, 13, 5), tz=NY).reason() == "Linac 1 is down 12:00–13:00: QA"
    assert check_slot(machine, at(MONDAY, 15, 55), at(MONDAY, 16, 5), tz=NY).reason() == "Linac 1 is down 16:00–17:00"
    assert check_slot(machine, at(MONDAY, 17, 50), at(MONDAY, 18, 5), tz=NY).reason() == \
        "outside Linac 1's open hours (08:00–18:00)"
    saturday = MONDAY + timedelta(days=5)
    assert check_slot(machine, at(saturday, 9), at(saturday, 9, 15), tz=NY).reason() == \
        "outside Linac 1's open hours (closed that day)"
    backwards = check_slot(machine, at(MONDAY, 11), at(MONDAY, 10, 50), tz=NY)
    assert backwards.reason() == "the session ends before it starts"
    empty = check_slot(machine, at(MONDAY, 11), at(MONDAY, 11), tz=NY)
    assert empty.reason() == "the session ends before it starts"
    weekend_down = linac(downtime=(Period(at(MONDAY + timedelta(days=4), 18), at(MONDAY, 8, 30) + timedelta(days=7), "rebuild"),))
    assert check_slot(weekend_down, at(MONDAY + timedelta(days=1), 8), at(MONDAY + timedelta(days=1), 8, 15), tz=NY).free
    late = check_slot(weekend_down, at(MONDAY, 8), at(MONDAY, 8, 15) + timedelta(days=7), tz=NY)
    assert late.reason().startswith("outside Linac 1's open hours (08:00–18:00); Linac 1 is down Fri 11 Dec 2026 18:00 to "
                                    "Mon 14 Dec 2026 08:30: rebuild")


def test_initials_and_a_waiting_courses_lateness():
    assert initials("Zoë Ångström") == "Z. Å."
    assert initials("jean-paul de la cruz") == "J. P. D."
    assert initials("  ") == "?" and initials("123 !") == "?"
    assert initials("O'Brien 2nd Mary") == "O. M."
    waiting = WaitingCourse("c1", "Ann Lee", "prostate", ready=MONDAY, due=MONDAY + timedelta(days=7))
    assert not waiting.late
    assert not replace(waiting, booked_first=MONDAY + timedelta(days=7)).late
    assert replace(waiting, booked_first=MONDAY + timedelta(days=8)).late


def test_what_a_machine_is_booked_for_and_what_it_offers():
    assert Machine("CT", capabilities=frozenset({"ct", "wide-bore"})).holds is AppointmentKind.SIMULATION
    assert Machine("Room 2", capabilities=frozenset({"room"})).holds is AppointmentKind.REVIEW
    linac = Machine("L1", capabilities=frozenset({"vmat", "dibh"}))
    assert linac.holds is AppointmentKind.FRACTION and Machine("L2").holds is AppointmentKind.FRACTION
    assert linac.has(frozenset({"dibh"})) and linac.has(frozenset()) and linac.has(frozenset({"vmat", "dibh"}))
    assert not linac.has(frozenset({"dibh", "srs"}))


def test_the_agenda_of_a_machine_far_from_utc_with_a_split_day():
    """Days are the department's own: in UTC+14 a morning is the previous day in UTC."""
    kiritimati = ZoneInfo("Pacific/Kiritimati")

    def local(hour: int, day: date = MONDAY) -> datetime:
        return datetime.combine(day, time(hour), tzinfo=kiritimati)

    booked = AgendaEntry("c1", "Ann Lee", AppointmentKind.FRACTION, 1, 5, local(9), local(9) + timedelta(minutes=30))
    later = AgendaEntry("c2", "Bo Ek", AppointmentKind.FRACTION, 2, 5, local(14), local(14) + timedelta(minutes=30))
    machine = MachineAgenda("Linac 1", open_hours=(Period(local(8), local(12)), Period(local(13), local(18))),
                            downtime=(Period(local(16), local(18), "QA"),), entries=(booked, later))
    assert machine.open_minutes(MONDAY, kiritimati) == 240 + 300 - 120
    assert machine.occupancy(MONDAY, kiritimati) == 60 / 420 and not machine.down_all_day(MONDAY, kiritimati)
    assert machine.idle_word(MONDAY, kiritimati) == "closed"  # not all of it down
    assert check_slot(machine, local(12), local(13), tz=kiritimati).reason() == \
        "outside Linac 1's open hours (08:00–12:00, 13:00–18:00)"
    moved = check_slot(machine, local(14), local(15), tz=kiritimati, moving=booked)
    assert moved.reason() == "overlaps Bo Ek's fraction 2 of 5 (14:00–14:30)"  # the moved session skips itself only
    down = MachineAgenda("Linac 2", open_hours=(Period(local(8), local(12)),), downtime=(Period(local(7), local(13)),))
    assert down.down_all_day(MONDAY, kiritimati) and down.idle_word(MONDAY, kiritimati) == "down"
    assert down.occupancy(MONDAY, kiritimati) is None


def test_downtime_outside_the_planners_calendar_is_refused_naming_the_end_that_is():
    from planner.core.department import Downtime

    zone = ZoneInfo("Europe/London")
    with pytest.raises(InputError) as late:
        Downtime("Linac 1", datetime(2030, 4, 2, 8, 0, tzinfo=zone), datetime(9999, 1, 1, 9, 0, tzinfo=zone), "service")
    assert late.value.field is Field.END and "9999" in late.value.reason
    with pytest.raises(InputError) as early:
        Downtime("Linac 1", datetime(1850, 4, 2, 8, 0, tzinfo=zone), datetime(2030, 4, 2, 9, 0, tzinfo=zone), "service")
    assert early.value.field is Field.START and "1850" in early.value.reason
    kept = Downtime("Linac 1", datetime(2200, 12, 31, 8, 0, tzinfo=zone), datetime(2200, 12, 31, 9, 0, tzinfo=zone), "")
    assert kept.end.year == 2200  # the calendar's last day is still in it


def test_a_count_says_its_noun_in_the_singular_only_for_one():
    from planner.core.text import counted

    assert [counted(n, "closure") for n in (0, 1, 2, 11)] == ["0 closures", "1 closure", "2 closures", "11 closures"]


def test_a_typed_downtime_moment_outside_the_calendar_is_refused_before_any_zone_arithmetic():
    from planner.core.department import parse_local_instant

    zone = ZoneInfo("Pacific/Kiritimati")  # +14:00: the last minutes of 9999 overflow when taken to UTC
    for text, day in (("9999-12-31T23:30", "Fri 31 Dec 9999"), ("0001-01-01T00:10", "Mon 1 Jan 1 ")):
        with pytest.raises(InputError) as refused:
            parse_local_instant(Field.START, text, zone)
        assert refused.value.field is Field.START and refused.value.reason.startswith(day.strip())
        assert "outside the planner's calendar" in refused.value.reason


def test_downtime_ending_when_a_session_starts_does_not_overlap_it():
    from planner.core.department import Downtime

    zone = ZoneInfo("Europe/London")
    down = Downtime("Linac 1", datetime(2030, 4, 2, 9, 0, tzinfo=zone), datetime(2030, 4, 2, 10, 0, tzinfo=zone), "service")
    assert not down.overlaps(datetime(2030, 4, 2, 8, 40, tzinfo=zone), datetime(2030, 4, 2, 9, 0, tzinfo=zone))
    assert not down.overlaps(datetime(2030, 4, 2, 10, 0, tzinfo=zone), datetime(2030, 4, 2, 10, 20, tzinfo=zone))
    assert down.overlaps(datetime(2030, 4, 2, 9, 55, tzinfo=zone), datetime(2030, 4, 2, 10, 15, tzinfo=zone))


def test_settings_read_in_again_keep_the_downtime_recorded_on_machines_still_there():
    """Importing the department file again: downtime recorded since (Machine down…) is kept beside
    the file's, each period once and in order; downtime of a machine the file leaves out goes with it."""
    zone = ZoneInfo("America/New_York")
    stored = parse_department(ISSUE_FILE, "stored")
    linac2 = Machine("Linac 2", "A", frozenset({"vmat"}), stored.machines[0].hours)
    fault = Downtime("Linac 1", datetime(2026, 12, 1, 8, tzinfo=zone), datetime(2026, 12, 1, 9, tzinfo=zone), "beam fault")
    late = Downtime("Linac 1", datetime(2026, 12, 9, 8, tzinfo=zone), datetime(2026, 12, 9, 9, tzinfo=zone), "service")
    gone = Downtime("Linac 2", datetime(2026, 12, 3, 8, tzinfo=zone), datetime(2026, 12, 3, 9, tzinfo=zone), "monthly QA")
    old = replace(stored, machines=(*stored.machines, linac2), downtime=(late, *stored.downtime, fault, gone))
    file = parse_department(ISSUE_FILE, "file")  # Linac 1 only, with its quarterly QA

    assert kept_downtime(old.downtime, file) == (late, fault)  # the QA is the file's own; Linac 2 is gone
    merged = with_recorded_downtime(old.downtime, file)
    assert merged.downtime == (fault, file.downtime[0], late)  # by machine, then start: each once
    assert replace(merged, downtime=file.downtime) == file  # nothing else of the file changed
    assert with_recorded_downtime(merged.downtime, merged) == merged
    assert with_recorded_downtime((), file) is file
    assert kept_downtime((), file) == ()
    assert with_recorded_downtime(file.downtime, file) is file  # nothing recorded since


def test_downtime_new_to_the_stored_department_is_told_apart_from_what_it_holds():
    zone = ZoneInfo("America/New_York")
    stored = parse_department(ISSUE_FILE, "stored")
    qa = stored.downtime[0]
    longer = replace(qa, end=qa.end + timedelta(hours=1))
    other = Downtime("Linac 1", datetime(2026, 12, 9, 8, tzinfo=zone), datetime(2026, 12, 9, 9, tzinfo=zone))
    new = replace(stored, downtime=(qa, longer, other))
    assert new_downtime(stored.downtime, new) == (longer, other)  # the same start alone is not the same period
    assert new_downtime((), new) == (qa, longer, other)
    assert new_downtime(new.downtime, stored) == ()
    assert new_downtime(stored.downtime, replace(new, downtime=(replace(qa, reason="renamed"),))) == ()  # the reason does not tell periods apart


@pytest.mark.parametrize("day", [date(1, 1, 1), date(9999, 12, 31)])
def test_a_department_closed_on_a_day_outside_the_planners_calendar_is_refused_whichever_front_end_made_it(day):
    with pytest.raises(InputError) as refused:
        Department(name="Riverside", closures=((day, "never"),))
    assert refused.value.field is Field.CLOSED and "outside the planner's calendar" in refused.value.reason
