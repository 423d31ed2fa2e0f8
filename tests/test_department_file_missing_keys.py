"""A key left out of a department file is said to be missing, in the words of the file's other
refusals, not as if it had been written empty."""

from __future__ import annotations

import pytest

from planner.cli import main
from planner.core.department import DepartmentFileError, parse_department

MINIMAL = '[department]\nname = "D"\n'
LINAC = '\n[[machines]]\nname = "L1"\n'


@pytest.mark.parametrize(("text", "message"), [
    ('[department]\ntimezone = "Europe/London"\n', "d.toml: [department]: 'name' is missing"),
    ("[department]\n", "d.toml: [department]: 'name' is missing"),
    ('[department]\nname = ""\n', "d.toml: [department]: 'name' must not be empty"),  # written empty: said so
    (MINIMAL + '[[machines]]\ngroup = "A"\n', "d.toml: [[machines]] #1: 'name' is missing"),
    (MINIMAL + LINAC + '[[downtime]]\nstart = "2026-12-02T07:00"\nend = "2026-12-02T08:00"\n',
     "d.toml: [[downtime]] #1: 'machine' is missing"),
    (MINIMAL + LINAC + '[[downtime]]\nmachine = "L1"\nend = "2026-12-02T08:00"\n',
     "d.toml: [[downtime]] #1: 'start' is missing (a date and time such as 2026-12-02T07:30)"),
    (MINIMAL + LINAC + '[[downtime]]\nmachine = "L1"\nstart = "2026-12-02T07:00"\n',
     "d.toml: [[downtime]] #1: 'end' is missing (a date and time such as 2026-12-02T07:30)"),
])
def test_a_key_left_out_is_missing(text, message):
    with pytest.raises(DepartmentFileError) as caught:
        parse_department(text, "d.toml")
    assert str(caught.value) == message


def test_department_import_says_the_name_is_missing_in_one_line(capsys, tmp_path):
    path = tmp_path / "riverside.toml"
    path.write_text('[department]\ntimezone = "America/New_York"\n', encoding="utf-8")
    target = tmp_path / "new.db"
    assert main(["department", "import", str(path), "--db", f"sqlite:///{target}"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == f"planner: error: {path}: [department]: 'name' is missing\n"
    assert not target.exists()
