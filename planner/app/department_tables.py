"""The department as editable tables of text (clinic details, closures, machines, downtime) and its
booking rules, and back.

The settings window edits these rows; turning them back into a `Department` goes through the
department file's own checks, so a refusal names the table, the row and the problem exactly as
`department import` would.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ..core.clinic import WEEKDAY_KEYS, WEEKDAY_NAMES, parse_weekday
from ..core.dates import day_text
from ..core.department import (
    CAPABILITY_WORD,  # the file's own pattern for a capability word
    CT_CAPABILITY,
    ROOM_CAPABILITY,
    Department,
    department_from_json,
    department_to_json,
    instant_text,
    machine_key,
    mixed_alphabets,
    parse_local_instant,
    plain_text,
)
from ..core.errors import Field, InputError
from ..core.parsing import parse_date, parse_offset_datetime, parse_time
from ..core.text import phone_problem, quoted
from ..core.zones import zone
from ..store.settings import Settings
from ..wording import recorded_words, unknown_zone

SOURCE = "Department settings"
DETAIL_KEYS = ("name", "address", "phone", "timezone", "holidays", "treatment_days")
DETAIL_LABELS = ("Name", "Address", "Phone", "Time zone", "Public holidays", "Treatment days")
CLOSURE_COLUMNS = ("Date", "Name")
MACHINE_COLUMNS = ("Name", "Beam-matched group", "Capabilities") + tuple(key.capitalize() for key in WEEKDAY_KEYS)
DOWNTIME_COLUMNS = ("Machine", "Start", "End", "Reason")
NEW_DEPARTMENT = Department(name="Radiotherapy department")


def new_department(settings: Settings) -> Department:
    """A department not yet stored, as the desk's settings (Edit → Settings) describe the clinic: its name,
    address, phone, time zone, public holidays and treatment days, which its courses then follow. A value
    the settings hold that a department refuses is left at the default (the dialog shows it to correct)."""
    values: dict[str, Any] = {"name": settings.clinic_name.strip() or NEW_DEPARTMENT.name, "address": settings.clinic_address,
                              "phone": settings.clinic_phone, "timezone": settings.zone_name,
                              "holidays": settings.holidays or None}
    with contextlib.suppress(InputError):
        values["treatment_days"] = settings.treatment_weekdays
    department = NEW_DEPARTMENT
    for key, value in values.items():
        with contextlib.suppress(InputError):
            department = replace(department, **{key: value})
    return department

Rows = list[list[str]]


@dataclass
class DepartmentTables:
    """Every value as the user reads and types it: one list of text cells per row."""

    details: dict[str, str] = field(default_factory=dict)
    booking: dict[str, Any] = field(default_factory=dict)  # the [booking] keys; empty: the defaults
    closures: Rows = field(default_factory=list)
    machines: Rows = field(default_factory=list)
    downtime: Rows = field(default_factory=list)


def cell_words(cell: str) -> list[str]:
    """A cell's list of words, apart by commas, semicolons or spaces as a person types them ('vmat sbrt, dibh');
    no capability or weekday holds a space."""
    return [word for word in re.split(r"[,;\s]+", cell) if word]


def tables_from_department(department: Department) -> DepartmentTables:
    """The department's settings as rows of text."""
    data = department_to_json(department)
    details = {key: "" for key in DETAIL_KEYS}
    details.update({key: data[key] or "" for key in ("name", "address", "phone", "timezone", "holidays")})
    details["treatment_days"] = ",".join(data["treatment_days"])
    machines = [[m["name"], m["group"], ", ".join(m["capabilities"])] + [m["hours"].get(day, "") for day in WEEKDAY_KEYS]
                for m in data["machines"]]
    return DepartmentTables(
        details=details,
        booking=data["booking"],
        closures=sorted([c["date"], c["name"]] for c in data["closures"]),  # by date (ISO dates sort so), not as typed
        machines=machines,
        downtime=[[d.machine, instant_text(d.start, department.zone), instant_text(d.end, department.zone), d.reason]
                  for d in department.downtime],
    )


def _filled(rows: Rows) -> Rows:
    """Rows with at least one cell typed: a blank row added and left empty is not an entry."""
    return [row for row in rows if any(cell.strip() for cell in row)]


def department_from_tables(tables: DepartmentTables) -> Department:
    """The department the rows describe; raises DepartmentFileError naming the table, row and problem."""
    details = {key: tables.details.get(key, "").strip() for key in DETAIL_KEYS}
    data: dict[str, Any] = {key: value for key, value in details.items() if key != "treatment_days" and value}
    data["name"] = details["name"]  # a name field left blank was written empty, not left out of a file
    data["treatment_days"] = cell_words(details["treatment_days"])
    if tables.booking:
        data["booking"] = dict(tables.booking)
    data["closures"] = [{"date": row[0].strip(), "name": row[1].strip()} for row in _filled(tables.closures)]
    data["machines"] = [
        {"name": row[0].strip(), "group": row[1].strip(),
         "capabilities": cell_words(row[2]),
         "hours": {day: text.strip() for day, text in zip(WEEKDAY_KEYS, row[3:], strict=False) if text.strip()}}
        for row in _filled(tables.machines)
    ]
    data["downtime"] = [{"machine": row[0].strip(), "start": row[1].strip(), "end": row[2].strip(), "reason": row[3].strip()}
                        for row in _filled(tables.downtime)]
    return department_from_json(data, SOURCE)


# ---------------------------------------------------------------- cells checked one by one, in words

NOT_SAVED_WORDS = "not saved yet"  # a downtime or closure row added or changed in the dialog: recorded when saved


@dataclass(frozen=True)
class RecordedRows:
    """Who recorded each downtime and closure, by its row as the tables show it ('recorded by alice on Mon 23 Nov
    2026 09:14'), for the tables' last column: a row added or changed since reads NOT_SAVED_WORDS."""

    downtime: dict[tuple[str, ...], str]
    closures: dict[tuple[str, ...], str]

    def of_downtime(self, row: Sequence[str]) -> str:
        return self.downtime.get(tuple(cell.strip() for cell in row), NOT_SAVED_WORDS)

    def of_closure(self, row: Sequence[str]) -> str:
        return self.closures.get(tuple(cell.strip() for cell in row), NOT_SAVED_WORDS)


def recorded_rows(department: Department) -> RecordedRows:
    """The recorders of `department`'s downtime and closures, keyed by their rows of `tables_from_department`."""
    zone = department.zone
    downtime: dict[tuple[str, ...], str] = {
        (d.machine, instant_text(d.start, zone), instant_text(d.end, zone), d.reason): recorded_words(d.recorded, zone)
        for d in department.downtime}
    closures: dict[tuple[str, ...], str] = {
        (day.isoformat(), note): recorded_words(department.closure_recorded(day), zone) for day, note in department.closures}
    return RecordedRows(downtime, closures)


TABLE_TITLES = {"details": "Clinic", "closures": "Closures", "machines": "Machines", "downtime": "Downtime"}
HOURS_EXAMPLE = "07:30-19:00"
DEFAULT_HOURS = "08:00-18:00"  # a first machine's hours on the clinic's treatment days, for the coordinator to edit


def column_words(table: str, column: int) -> str:
    """A table's column as a sentence names it: 'Tuesday hours', 'Start'."""
    if table == "closures":
        return CLOSURE_COLUMNS[column]
    if table == "machines":
        return MACHINE_COLUMNS[column] if column < 3 else f"{WEEKDAY_NAMES[column - 3]} hours"
    return DOWNTIME_COLUMNS[column]


@dataclass(frozen=True)
class CellProblem:
    """One cell the department cannot take: where it is (the table's row as shown, blank rows counted) and why."""

    table: str  # a key of TABLE_TITLES
    row: int
    column: int
    reason: str  # "'7:30-25:00' is not a time range like 07:30-19:00"
    label: str = ""  # what names the row beside its number: the machine's name

    def words(self) -> str:
        """'Machines, row 2 (Linac 2), Tuesday hours: '7:30-25:00' is not a time range like 07:30-19:00'."""
        if self.table == "details":  # one value a row: the row names the field
            return f"{DETAIL_LABELS[self.row]}: {self.reason}"
        field_words = column_words(self.table, self.column)
        label = f" ({self.label})" if self.label else ""
        return f"{TABLE_TITLES[self.table]}, row {self.row + 1}{label}, {field_words}: {self.reason}"


def hours_problem(text: str) -> str | None:
    """Why a cell of opening hours is not a time range (None: it is one, or empty: closed)."""
    raw = text.strip()
    if not raw:
        return None
    opens, sep, closes = raw.partition("-")
    try:
        if not sep:
            raise InputError(Field.HOURS, "no dash")
        span = parse_time(Field.HOURS, opens), parse_time(Field.HOURS, closes)
    except InputError:
        return f"{quoted(raw)} is not a time range like {HOURS_EXAMPLE}"
    if not span[0] < span[1]:
        return f"{quoted(raw)} closes before it opens"
    return None


def normal_hours(text: str) -> str:
    """Hours as the file writes them ('7:30 - 19:00' -> '07:30-19:00'); text that is not hours as typed."""
    raw = text.strip()
    if not raw or hours_problem(raw) is not None:
        return raw
    opens, _, closes = raw.partition("-")
    return f"{parse_time(Field.HOURS, opens):%H:%M}-{parse_time(Field.HOURS, closes):%H:%M}"


def _text_problem(text: str, required: bool = False, what: str = "") -> str | None:
    try:
        plain_text(Field.NAME, text.strip(), required)
    except InputError as exc:
        return f"{what} is missing" if required and not text.strip() and what else exc.reason
    return None


def _detail_problems(details: dict[str, str]) -> list[CellProblem]:
    found: list[CellProblem] = []

    def add(key: str, reason: str | None) -> None:
        if reason:
            found.append(CellProblem("details", DETAIL_KEYS.index(key), 0, reason))

    value = {key: details.get(key, "") for key in DETAIL_KEYS}
    add("name", _text_problem(value["name"], required=True, what="the department's name"))
    add("address", _text_problem(value["address"]))
    add("phone", _text_problem(value["phone"]) or phone_problem(value["phone"].strip()))
    if value["timezone"].strip():
        try:
            zone(Field.TIMEZONE, value["timezone"])
        except InputError:
            add("timezone", unknown_zone(value["timezone"]))  # as Settings says it: the field is picked from a list
    add("holidays", _text_problem(value["holidays"]))
    days = cell_words(value["treatment_days"])
    try:
        weekdays = [parse_weekday(Field.TREATMENT_DAYS, day) for day in days]
    except InputError as exc:
        add("treatment_days", exc.reason)
    else:
        if not weekdays:
            add("treatment_days", "choose at least one treatment day")
        elif len(set(weekdays)) != len(weekdays):
            add("treatment_days", "a weekday is named twice")
    return found


def _closure_problems(rows: Rows) -> list[CellProblem]:
    found: list[CellProblem] = []
    seen: dict[date, int] = {}
    for index, row in enumerate(rows):
        if not any(cell.strip() for cell in row):
            continue
        text = row[0].strip()
        if not text:
            found.append(CellProblem("closures", index, 0, "the date is missing"))
        else:
            try:
                day = parse_date(Field.DATE, text)
            except InputError:
                found.append(CellProblem("closures", index, 0, f"{quoted(text)} is not a date"))
            else:
                if day in seen:
                    found.append(CellProblem("closures", index, 0, f"{day_text(day)} is already closed on row {seen[day] + 1}"))
                seen.setdefault(day, index)
        if reason := _text_problem(row[1]):
            found.append(CellProblem("closures", index, 1, reason))
    return found


def _machine_problems(rows: Rows) -> list[CellProblem]:
    found: list[CellProblem] = []
    seen: dict[str, int] = {}
    for index, row in enumerate(rows):
        if not any(cell.strip() for cell in row):
            continue
        name = row[0].strip()

        def add(column: int, reason: str | None, index: int = index, name: str = name) -> None:
            if reason:
                found.append(CellProblem("machines", index, column, reason, name))

        add(0, _text_problem(name, required=True, what="the machine's name") or (mixed_alphabets(name) if name else None))
        if name:
            key = machine_key(name)
            if key in seen:
                add(0, f"{quoted(name)} is already the name of row {seen[key] + 1}")
            seen.setdefault(key, index)
        add(1, _text_problem(row[1]))
        words = [word.lower() for word in cell_words(row[2])]
        bad = next((word for word in words if not CAPABILITY_WORD.match(word)), None)
        if bad is not None:
            add(2, f"{quoted(bad)} is not a capability word (lower-case letters, digits, '-' or '_')")
        elif {CT_CAPABILITY, ROOM_CAPABILITY} <= set(words):
            add(2, f"a machine is a CT simulator ('{CT_CAPABILITY}') or a clinic room ('{ROOM_CAPABILITY}'), not both")
        for offset, text in enumerate(row[3:3 + len(WEEKDAY_KEYS)]):
            add(3 + offset, hours_problem(text))
    return found


def _downtime_problems(rows: Rows, machines: Rows, timezone: str) -> list[CellProblem]:
    found: list[CellProblem] = []
    names = {row[0].strip() for row in _filled(machines)}
    try:
        tz = zone(Field.TIMEZONE, timezone or "UTC")
    except InputError:
        tz = ZoneInfo("UTC")
    for index, row in enumerate(rows):
        if not any(cell.strip() for cell in row):
            continue
        machine = row[0].strip()

        def add(column: int, reason: str | None, index: int = index, machine: str = machine) -> None:
            if reason:
                found.append(CellProblem("downtime", index, column, reason, machine))

        if not machine:
            add(0, "choose the machine that is down")
        elif machine not in names:
            add(0, f"{quoted(machine)} is not one of the machines on the Machines tab")
        span = []
        for column in (1, 2):
            text = row[column].strip()
            if not text:
                add(column, "the date and time are missing")
                continue
            try:
                span.append(parse_local_instant(Field.START if column == 1 else Field.END, text, tz))
            except InputError as exc:
                add(column, exc.reason)
        if len(span) == 2 and not span[0] < span[1]:
            add(2, "the downtime must end after it starts")
        add(3, _text_problem(row[3]))
    return found


def table_problems(tables: DepartmentTables) -> list[CellProblem]:
    """Every cell the department file's checks would refuse, in the order of the tabs, each in words; the
    holidays region is checked where its source is known (the window)."""
    return [*_detail_problems(tables.details), *_closure_problems(tables.closures), *_machine_problems(tables.machines),
            *_downtime_problems(tables.downtime, tables.machines, tables.details.get("timezone", "").strip())]


def new_machine_row(machines: Rows, treatment_days: str, like: int | None = None) -> list[str]:
    """A machine row for the coordinator to edit rather than type: the hours of the machine on row `like` (else the
    last machine with hours), else DEFAULT_HOURS on the clinic's treatment days; no name, group or capabilities."""
    candidates = ([machines[like]] if like is not None and 0 <= like < len(machines) else []) + machines[::-1]
    for row in candidates:
        hours = [cell.strip() for cell in row[3:3 + len(WEEKDAY_KEYS)]]
        if any(hours) and not any(hours_problem(cell) for cell in hours):
            return ["", "", ""] + hours + [""] * (len(WEEKDAY_KEYS) - len(hours))
    try:
        days = {parse_weekday(Field.TREATMENT_DAYS, word) for word in cell_words(treatment_days)}
    except InputError:
        days = set()
    days = days or set(range(5))
    return ["", "", ""] + [DEFAULT_HOURS if weekday in days else "" for weekday in range(len(WEEKDAY_KEYS))]


def _downtime_spans(rows: Rows, machine: str) -> list[tuple[datetime, datetime]]:
    """The start and end (wall clock) of each readable downtime row of `machine`."""
    spans = []
    for row in _filled(rows):
        if len(row) < 3 or row[0].strip() != machine:
            continue
        try:  # read as the department file reads it (the wall clock, its offset aside)
            start, end = (parse_offset_datetime(Field.START, text).replace(tzinfo=None) for text in row[1:3])
        except InputError:
            continue
        spans.append((start, end))
    return spans


def new_downtime_row(machines: Rows, machine: str, today: date, downtime: Rows | None = None) -> list[str]:
    """Downtime for the coordinator to edit: `machine` (else the first machine) from its opening to its closing on
    the first day after `today` it is open and has no downtime yet in `downtime` (four weeks at most ahead; else
    tomorrow, DEFAULT_HOURS)."""
    named = [row for row in _filled(machines) if row[0].strip()]
    row = next((r for r in named if r[0].strip() == machine), named[0] if named else None)
    name = row[0].strip() if row is not None else machine
    taken = _downtime_spans(downtime or [], name)
    for ahead in range(1, 29):
        day = today + timedelta(days=ahead)
        text = row[3 + day.weekday()].strip() if row is not None and len(row) > 3 + day.weekday() else ""
        if text and hours_problem(text) is None:
            opens, _, closes = text.partition("-")
            first, last = (datetime.combine(day, parse_time(Field.HOURS, clock)) for clock in (opens, closes))
            if not any(start < last and first < end for start, end in taken):
                break
    else:
        day = today + timedelta(days=1)
        opens, _, closes = DEFAULT_HOURS.partition("-")
    start, end = (f"{day.isoformat()}T{parse_time(Field.HOURS, clock):%H:%M}" for clock in (opens, closes))
    return [name, start, end, ""]
