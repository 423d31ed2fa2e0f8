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
