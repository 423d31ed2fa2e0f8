"""`agenda --days N` lists each machine's lines in time order over the days shown: a downtime on the second day
comes after the first day's bookings, not above them all."""

from __future__ import annotations

from datetime import datetime

from .booking_scenario import place_bookings, stock
from .command_line import run


def starts(lines: list[str]) -> list[datetime]:
    """The start of each dated line ('  Mon 2030-03-25 08:30-08:50  ...')."""
    return [datetime.strptime(f"{line.split()[1]} {line.split()[2][:5]}", "%Y-%m-%d %H:%M") for line in lines]


def test_a_downtime_on_the_second_day_is_listed_after_the_first_days_bookings(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    status, _, err = run(capsys, "machine-down", "Linac 1", "--db", url, "--from", "2030-03-26T07:00",
                         "--to", "2030-03-26T07:30", "--reason", "warm-up fault")
    assert status == 0, err
    for discreet in ((), ("--discreet",)):
        status, out, err = run(capsys, "agenda", "--db", url, "--date", "2030-03-25", "--days", "2", "--machine", "Linac 1",
                               *discreet)
        assert status == 0, err
        lines = out.splitlines()[1:]
        assert lines[0].startswith("  Mon 2030-03-25 "), out  # the first day's bookings first
        assert any("down: warm-up fault" in line for line in lines), out
        assert starts(lines) == sorted(starts(lines)), out
