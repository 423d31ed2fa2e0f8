"""The department as editable tables of text (clinic details, closures, machines, downtime) and its
booking rules, and back.

The settings window edits these rows; turning them back into a `Department` goes through the
department file's own checks, so a refusal names the table, the row and the problem exactly as
`department import` would.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field, replace
from typing import Any

from ..core.clinic import WEEKDAY_KEYS
from ..core.department import Department, department_from_json, department_to_json, instant_text
from ..core.errors import InputError
from ..store.settings import Settings

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
        closures=[[c["date"], c["name"]] for c in data["closures"]],
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
