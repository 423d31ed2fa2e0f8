"""`print` says the schedule's warnings (and the print's) once the file is written, `export` once every refusal of the
command is past, just before it writes the calendar: a refusal (a bad --previous, a --week with no appointment, a PDF
onto a terminal) stays the one line on stderr, not warnings and then the error."""

from __future__ import annotations

from planner.cli import main

# No public holidays are known that far ahead: a schedule warning on every command of this course.
COURSE = ["--site", "prostate", "--preset", "20-daily", "--tz", "UTC", "--start", "2199-06-03", "--holidays", "US",
          "--patient", "Ann Smith", "--phone", "+1 212 555 0100"]
WARNING = ("planner: warning: No public holidays of United States are known for 2199: they are planned as open days. "
           "Check the year, or enter them as clinic closures.\n")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_export_refusing_its_previous_calendar_says_only_that(capsys, tmp_path):
    previous = tmp_path / "old.ics"
    previous.write_text("not a calendar", encoding="utf-8")
    status, out, err = run(capsys, "export", *COURSE, "--previous", str(previous), "-o", str(tmp_path / "new.ics"))
    assert (status, out) == (2, "")
    assert err == f"planner: error: --previous: {previous}: not an iCalendar file\n"
    assert not (tmp_path / "new.ics").exists()


def test_export_still_warns_when_the_calendar_is_written(capsys, tmp_path):
    status, out, err = run(capsys, "export", *COURSE, "-o", str(tmp_path / "new.ics"))
    assert status == 0 and err == WARNING
    assert out == f"Wrote 20 appointments to {tmp_path / 'new.ics'}\n"


def test_print_refusing_its_week_says_only_that(capsys, tmp_path, qapp):
    status, out, err = run(capsys, "print", *COURSE, "--week", "2026-01-01", "-o", str(tmp_path / "w.pdf"))
    assert (status, out) == (2, "")
    assert err == "planner: error: --week: the course has no appointment in the week of 2025-12-29\n"


def test_print_still_warns_once_the_pdf_is_written(capsys, tmp_path, qapp):
    status, out, err = run(capsys, "print", *COURSE[:-4], "--week", "2199-06-03", "-o", str(tmp_path / "w.pdf"))
    assert status == 0
    assert err == WARNING + "planner: warning: the print names no clinic phone number, so it does not tell the patient " \
                            "whom to call; give --phone, or the clinic's phone in Settings\n" \
                            "planner: warning: the print names no patient; give --patient\n"
    assert (tmp_path / "w.pdf").read_bytes().startswith(b"%PDF-")
