"""A too-large earlier export is refused naming the limit, not the bytes a bounded read happened to take."""

from __future__ import annotations

from planner.cli import main


def test_a_two_megabyte_previous_export_names_the_limit(capsys, tmp_path):
    course, out, huge = tmp_path / "c.json", tmp_path / "new.ics", tmp_path / "huge.ics"
    assert main(["plan", "--site", "prostate", "--preset", "20-daily", "--start", "2026-12-07", "--tz", "Europe/London",
                 "--save", str(course)]) == 0
    huge.write_bytes(b"BEGIN:VCALENDAR\r\n" + b"A" * 2_000_000)
    capsys.readouterr()
    assert main(["export", "--course", str(course), "--previous", str(huge), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.endswith("huge.ics: too large for a course calendar (at most 1 MB)"), err
    assert not out.exists()
