"""`diff` words its days as the rest of the planner does ('Wed 2 Dec 2026'), not strftime's 'Wed 02 Dec 2026'."""

from __future__ import annotations

import re

from planner.cli import main

EXPORT = ["export", "--site", "prostate", "--preset", "20-daily", "--start", "2026-12-01", "--time", "08:30",
          "--tz", "Europe/London", "--holidays", "none", "--patient", "Ann Smith"]


def test_diff_writes_days_without_a_leading_zero(tmp_path, capsys):
    old, new = tmp_path / "old.ics", tmp_path / "new.ics"
    assert main([*EXPORT, "-o", str(old)]) == 0
    assert main([*EXPORT, "--closed", "2026-12-02", "--previous", str(old), "-o", str(new)]) == 0
    capsys.readouterr()
    assert main(["diff", str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert "Moved: Radiotherapy 2 of 20, from Wed 2 Dec 2026 08:30 to Thu 3 Dec 2026 08:30" in out
    assert not re.search(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) 0\d ", out), out


def test_diff_says_a_session_made_longer_or_shorter_at_the_same_time_is_not_moved(tmp_path, capsys):
    """A session that keeps its start and changes its end (a booked first fraction's extra minutes released with the
    booking, a new session length) read 'Moved: ... from Mon 18 Oct 2027 09:00 to Mon 18 Oct 2027 09:00', words that
    tell the patient on the phone nothing: it says which way the length changed and the new end."""
    old, new = tmp_path / "old.ics", tmp_path / "new.ics"
    assert main([*EXPORT, "--fractions", "2", "--duration", "20", "-o", str(old)]) == 0
    assert main([*EXPORT, "--fractions", "2", "--duration", "30", "--previous", str(old), "-o", str(new)]) == 0
    capsys.readouterr()
    assert main(["diff", str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert "Moved" not in out, out
    assert "Longer: Radiotherapy 1 of 2, Tue 1 Dec 2026 08:30, now until 09:00 (was until 08:50)" in out
    assert "Longer: Radiotherapy 2 of 2, Wed 2 Dec 2026 08:30, now until 09:00 (was until 08:50)" in out
    assert main(["diff", str(new), str(old)]) == 1
    assert "Shorter: Radiotherapy 1 of 2, Tue 1 Dec 2026 08:30, now until 08:50 (was until 09:00)" in capsys.readouterr().out
