"""The department settings as editable rows of text, and back (no Qt)."""

from __future__ import annotations

import pytest

from planner.app.department_tables import NEW_DEPARTMENT, department_from_tables, tables_from_department
from planner.core.department import DepartmentFileError, parse_department
from tests.test_department import ISSUE_FILE


def test_the_rows_read_back_to_the_same_department():
    department = parse_department(ISSUE_FILE, "issue.toml")
    tables = tables_from_department(department)
    assert tables.details["name"] == "Riverside Cancer Centre" and tables.details["treatment_days"] == "mon,tue,wed,thu,fri"
    linac = tables.machines[0]
    assert linac[:3] == ["Linac 1", "A", "dibh, sbrt, vmat"] and linac[3] == "07:30-19:00" and linac[7] == "07:30-17:00"
    assert linac[8] == "" and tables.closures[0] == ["2026-12-24", "Staff training day"]
    assert tables.downtime == [["Linac 1", "2026-12-02T07:30", "2026-12-02T12:00", "Quarterly QA"]]  # wall clock, as typed
    assert department_from_tables(tables) == department


def test_typed_rows_become_the_department_and_blank_rows_are_no_entries():
    tables = tables_from_department(NEW_DEPARTMENT)
    tables.details.update(timezone="Europe/London", holidays="GB-ENG", treatment_days="mon, tue,wed,thu")
    tables.machines.append(["TrueBeam 2", "B", "vmat; srs", "08:00-18:00", "", "", "", "", "", ""])
    tables.machines.append(["", "", "", "", "", "", "", "", "", ""])
    tables.downtime.append(["TrueBeam 2", "2026-03-29T07:00", "2026-03-29T12:00", "Service"])
    tables.closures.append(["2026-12-24", "Staff training day"])
    department = department_from_tables(tables)
    machine = department.machine("TrueBeam 2")
    assert machine is not None and machine.capabilities == {"vmat", "srs"} and list(machine.hours) == [0]
    assert department.treatment_days == frozenset(range(4)) and department.downtime[0].start.utcoffset().total_seconds() == 3600


@pytest.mark.parametrize(("edit", "problem"), [
    (lambda t: t.machines.append(["Linac 9", "", "", "19:00-07:00", "", "", "", "", "", ""]), r"\[\[machines\]\] #2 \(Linac 9\)"),
    (lambda t: t.downtime.append(["Linac 7", "2026-12-02T07:30", "2026-12-02T12:00", "QA"]), "'Linac 7' is not one of"),
    (lambda t: t.closures.append(["24/12/2026", "Party"]), r"\[\[closures\]\] #2"),
    (lambda t: t.details.update(name=""), "'name' must not be empty"),
    (lambda t: t.details.update(treatment_days=""), "treatment_days"),
])
def test_a_bad_cell_is_refused_naming_the_table_row_and_problem(edit, problem):
    tables = tables_from_department(parse_department(ISSUE_FILE, "issue.toml"))
    edit(tables)
    with pytest.raises(DepartmentFileError, match=problem):
        department_from_tables(tables)
