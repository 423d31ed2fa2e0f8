"""The department as data: the TOML file read and written, refusals naming file, entry and problem,
and each department's own clinic calendar with its own holiday source."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.core.department import (
    Department,
    DepartmentFileError,
    Downtime,
    Machine,
    department_from_json,
    department_to_json,
    department_to_toml,
    load_department,
    parse_department,
)
from planner.core.errors import InputError

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
    department = Department(name='St "Mary\'s" \\ Centre', address="1 Road, Town", phone="0",
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
