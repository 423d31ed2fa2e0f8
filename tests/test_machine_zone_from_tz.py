"""This machine's zone, the default of a course without --tz or a zone in the settings: a $TZ that names no
IANA zone (a typo, a POSIX rule, a control character) was taken as the zone and then refused as '--tz', an
option the user never gave, so no course could be planned without one. It is now passed over for the
machine's configured zone (/etc/localtime), else UTC; a $TZ that names an IANA zone is still used."""

from __future__ import annotations

import pytest

from planner.cli import main
from planner.store.settings import machine_zone

COURSE = ["plan", "--site", "prostate", "--preset", "20-daily", "--start", "2026-11-23"]


@pytest.mark.parametrize("odd", ["Nowhere/Land", "Etc/GMT+99", "America/../Europe/London", "America/New_York\x1b[31m",
                                 "EST5EDT,M3.2.0/2,M11.1.0/2", ":Nowhere/Land"])
def test_a_tz_naming_no_zone_is_passed_over(monkeypatch, capsys, odd):
    monkeypatch.setenv("TZ", odd)
    assert machine_zone() != odd.lstrip(":")
    assert main(COURSE) == 0, capsys.readouterr().err
    assert "--tz" not in capsys.readouterr().err


def test_a_tz_naming_a_zone_is_used(monkeypatch, capsys):
    monkeypatch.setenv("TZ", "Europe/Paris")
    assert machine_zone() == "Europe/Paris"
    assert main(COURSE) == 0
    assert "(Europe/Paris)" in capsys.readouterr().out
