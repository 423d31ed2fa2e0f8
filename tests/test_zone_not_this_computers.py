"""A time zone names the clinic's clock, never this computer's own setting: 'localtime' (another computer reads it
otherwise) and the C library's copies under 'posix/' and 'right/' (whose times count leap seconds, 27 seconds off)
are refused naming the field, and no window offers them in its list."""

from __future__ import annotations

import pytest

from planner.core.errors import Field, InputError
from planner.core.zones import listed_zones, zone

from .store.command_line import run


@pytest.mark.parametrize("name, reason", [
    ("localtime", "'localtime' is this computer's setting, not an IANA time zone: name the clinic's zone (e.g. Europe/London), "
                  "so the course reads the same on every computer"),
    ("posixrules", "'posixrules' is this computer's setting, not an IANA time zone: name the clinic's zone (e.g. Europe/London), "
                   "so the course reads the same on every computer"),
    ("right/Europe/London", "'right/Europe/London' is not an IANA time zone: write it without 'right/' ('Europe/London')"),
    ("posix/", "'posix/' is not an IANA time zone: write it without 'posix/' (e.g. Europe/London)"),
])
def test_this_computers_zone_files_are_refused(name, reason):
    with pytest.raises(InputError) as refused:
        zone(Field.TZ, name)
    assert (refused.value.field, refused.value.reason) == (Field.TZ, reason)
    assert str(zone(Field.TZ, "Europe/London")) == "Europe/London"


def test_the_lists_to_pick_from_hold_zones_only():
    names = listed_zones()
    assert "Europe/London" in names and "US/Eastern" in names and names == sorted(names)
    assert not [n for n in names if n.lower() in ("localtime", "posixrules") or n.startswith(("posix/", "right/"))]


def test_the_command_line_refuses_it_in_one_line(capsys):
    status, out, err = run(capsys, "plan", "--site", "prostate", "--preset", "20-daily", "--start", "2026-12-07",
                           "--tz", "localtime")
    assert status == 2 and out == ""
    assert err.splitlines() == ["planner: error: --tz: 'localtime' is this computer's setting, not an IANA time zone: name the "
                                "clinic's zone (e.g. Europe/London), so the course reads the same on every computer"]
