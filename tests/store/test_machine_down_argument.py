"""`machine-down` names its machine as the usage line shows it (MACHINE, a positional argument), not as an option."""

from __future__ import annotations

import contextlib
import io

from planner.cli import main

from .booking_scenario import stock


def test_an_unknown_machine_is_named_as_the_argument(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    status = main(["machine-down", "Linac 9", "--db", url, "--from", "2030-04-02T08:00", "--to", "2030-04-02T13:00"])
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert err.startswith("planner: error: MACHINE: 'Linac 9' is not a machine of the department (known: Linac 1, ")
    assert "--machine" not in err and err.count("\n") == 1
    usage = io.StringIO()
    with contextlib.redirect_stdout(usage), contextlib.suppress(SystemExit):
        main(["machine-down", "--help"])
    assert usage.getvalue().split("\n\n")[0].split()[-1] == "MACHINE"
