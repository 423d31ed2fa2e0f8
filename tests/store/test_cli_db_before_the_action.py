"""`--db URL` written before a command's action (`db --db URL upgrade`, as `db --help` shows it) was
overwritten by the action's own default: the embedded file was upgraded, or the department imported
into it, instead of the database named. Before or after the action, the URL given is the one used."""

from __future__ import annotations

import contextlib
import io

import pytest

from planner.cli import main
from planner.store.db import Store

from .booking_scenario import DEPARTMENT_FILE


@pytest.fixture
def embedded(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv("IGRT_PLANNER_DATA_DIR", str(folder))
    monkeypatch.delenv("IGRT_PLANNER_DB", raising=False)
    return folder


def run(*argv: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(list(argv))


@pytest.mark.parametrize("before", [True, False])
def test_the_url_given_is_upgraded_and_imported_into_wherever_it_stands(tmp_path, embedded, before):
    url = f"sqlite:///{tmp_path / 'named.db'}"
    upgrade = ["db", "--db", url, "upgrade"] if before else ["db", "upgrade", "--db", url]
    assert run(*upgrade) == 0
    imported = ["department", "--db", url, "import", str(DEPARTMENT_FILE)] if before else \
        ["department", "import", str(DEPARTMENT_FILE), "--db", url]
    assert run(*imported) == 0
    assert (tmp_path / "named.db").exists()
    assert not embedded.exists() or not any(embedded.iterdir())  # the embedded file was left alone
    with Store.open(url) as store:
        department = store.department()
    assert department is not None and department.name == "Riverside Cancer Centre"
