"""`closure --dry-run` and `reoptimise --dry-run` list the patients whose exported calendar the real run
would change (the same list, with the same counts, as the real run's "calendars"), and write nothing:
no booking, no closure, no export kept, no calendar marked owed, no file even with --write-updates."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from planner.app.booking import open_desk
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.store.db import bookings as db

from .booking_scenario import place_bookings, stock
from .command_line import run
from .reoptimise_scenario import NIGHT


def exported(url: str, *course_ids: str) -> None:
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        for course_id in course_ids:
            desk.export_calendar(course_id, now=datetime(2030, 3, 1, tzinfo=UTC))


def kept(url: str, *course_ids: str) -> tuple[object, ...]:
    """Everything a dry run must leave as it was: bookings, closures, the exports kept, the calendars owed."""
    with Store.open(url) as store, store.engine.connect() as connection:
        department = store.department()
        return (db.all_bookings(connection), department.closures if department else None,
                tuple(store.last_export(c) for c in course_ids), db.owed_calendars(connection))


def listed(out: str) -> list[tuple[str, str, int, object]]:
    return [(c["course_id"], c["patient"], c["changed"], c["written"]) for c in json.loads(out)["calendars"]]


def test_a_closure_dry_run_lists_the_calendars_the_closure_changes(capsys, tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    exported(url, "course-prostate")
    before = kept(url, "course-prostate")
    folder = tmp_path / "updates"
    folder.mkdir()
    status, out, err = run(capsys, "closure", "--db", url, "--date", "2030-04-02", "--dry-run", "--json", "--write-updates", str(folder))
    assert status == 0, err
    data = json.loads(out)
    assert data["dry_run"] is True and set(data) == {"closed", "dry_run", "urgent", "moved", "appended", "unplaced", "calendars",
                                                      "left_out"}
    would = listed(out)
    assert [(c, p) for c, p, _, _ in would] == [("course-prostate", "Zoë Ångström")] and would[0][2] >= 1 and would[0][3] is None
    assert kept(url, "course-prostate") == before and list(folder.iterdir()) == []
    status, out, err = run(capsys, "closure", "--db", url, "--date", "2030-04-02", "--dry-run")
    assert status == 0 and out.endswith("\nCalendars that would need an update:\n  Zoë Ångström (H0001)\n"), out
    status, out, err = run(capsys, "closure", "--db", url, "--date", "2030-04-02", "--json")
    assert status == 0, err
    assert listed(out) == would  # the real run's list, counts and all


def test_a_reoptimise_dry_run_lists_the_calendars_it_would_change(capsys, waiting_url, tmp_path: Path):
    exported(waiting_url, "course-prostate", "course-lung")
    before = kept(waiting_url, "course-prostate", "course-lung")
    status, out, err = run(capsys, "reoptimise", "--db", waiting_url, "--date", NIGHT, "--dry-run", "--json")
    assert status == 0, err
    would = listed(out)
    assert [(c, p, w) for c, p, _, w in would] == [("course-prostate", "Zoë Ångström", None)] and would[0][2] >= 20
    assert kept(waiting_url, "course-prostate", "course-lung") == before
    status, out, err = run(capsys, "reoptimise", "--db", waiting_url, "--date", NIGHT, "--dry-run")
    assert "\nCalendars that would need an update:\n  Zoë Ångström (H0001)\n" in out + "\n", out
    status, out, err = run(capsys, "reoptimise", "--db", waiting_url, "--date", NIGHT, "--json")
    assert status == 0, err
    assert listed(out) == would
