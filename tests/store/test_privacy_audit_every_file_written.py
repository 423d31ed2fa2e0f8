"""Every file the command line writes, in one working day of a department, is readable by the user
alone (0600) and every folder it makes is theirs alone (0700), whatever the umask (022 here): the
settings, the store, the holiday cache, course files, calendars, their updates and every PDF."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from planner.cli import main
from planner.store.settings import Settings, save_settings, settings_path

from .booking_scenario import DEPARTMENT_FILE

COURSE = ["--site", "prostate", "--preset", "20-daily", "--start", "2030-03-25", "--time", "08:30", "--tz", "Europe/London",
          "--patient", "Zoë Ångström", "--patient-id", "H0001"]


def ok(capsys, *argv: str) -> str:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert status == 0, err
    return out


def test_every_file_and_folder_the_command_line_writes_is_private(capsys, tmp_path, monkeypatch, loose_umask):
    home = tmp_path / "home"
    monkeypatch.setenv("IGRT_PLANNER_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("IGRT_PLANNER_CACHE_DIR", str(home / "cache"))
    save_settings(Settings(clinic_phone="+44 20 7946 0000"))  # as the window's Settings dialog saves them
    out = tmp_path / "out"
    out.mkdir()
    updates = tmp_path / "updates"
    updates.mkdir()
    monkeypatch.chdir(out)

    ok(capsys, "plan", *COURSE, "--holidays", "GB-ENG", "--save", "zoe.igrt.json")
    ok(capsys, "export", "--course", "zoe.igrt.json", "-o", "zoe.ics")
    ok(capsys, "export", "--course", "zoe.igrt.json", "--discreet", "--prep-events", "-o", "zoe-discreet.ics")
    for layout in ("week", "glance", "sheet"):
        ok(capsys, "print", "--course", "zoe.igrt.json", "--layout", layout, "--discreet", "-o", f"zoe-{layout}.pdf")
    ok(capsys, "department", "import", str(DEPARTMENT_FILE))
    course_id = json.loads(ok(capsys, "course", "save", *COURSE, "--json"))["course_id"]
    booked = ok(capsys, "book", "--course-id", course_id, "--machine", "Linac 1")
    assert "Linac 1" in booked.splitlines()[0], booked
    ok(capsys, "export", "--course-id", course_id, "--discreet", "-o", "stored.ics")
    ok(capsys, "course", "export", course_id, "-o", "stored.igrt.json")
    ok(capsys, "department", "export", "-o", "department.toml")
    ok(capsys, "agenda", "--date", "2030-03-25", "--discreet", "--pdf", "day.pdf")
    ok(capsys, "closure", "--date", "2030-03-26", "--reason", "snow", "--write-updates", str(updates))

    written = {
        "settings": [settings_path()],
        "store": [home / "data" / "planner.db"],
        "holiday cache": [home / "cache" / "holidays.json"],
        "outputs": sorted(out.iterdir()),
        "calendar updates": sorted(updates.iterdir()),
    }
    assert len(written["outputs"]) == 10 and len(written["calendar updates"]) == 1
    for what, paths in written.items():
        for path in paths:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, f"{what}: {path.name} is {oct(path.stat().st_mode)}"
    for folder in (home / "data", home / "cache"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder.name
    leftovers = [p.name for p in (*out.iterdir(), *updates.iterdir(), *(home / "data").iterdir()) if p.name.endswith(".part")]
    assert leftovers == []


def test_the_discreet_outputs_name_no_treatment_anywhere(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ok(capsys, "plan", *COURSE, "--save", "zoe.igrt.json")
    ok(capsys, "export", "--course", "zoe.igrt.json", "--discreet", "--prep-events", "-o", "zoe.ics")
    ok(capsys, "print", "--course", "zoe.igrt.json", "--layout", "sheet", "--discreet", "-o", "zoe.pdf")
    from pypdf import PdfReader

    calendar = Path("zoe.ics").read_text(encoding="utf-8").lower()
    reader = PdfReader("zoe.pdf")
    pages = " ".join(page.extract_text() for page in reader.pages).lower()
    metadata = " ".join(str(value) for value in (reader.metadata or {}).values()).lower()
    raw = Path("zoe.pdf").read_bytes().lower()
    for word in ("prostate", "radiotherapy", "treatment", "bladder", "igrt", "oncology", "cancer"):
        assert word not in calendar, f".ics: {word}"
        assert word not in pages, f"pages: {word}"
        assert word not in metadata, f"PDF metadata: {word}"
        assert word.encode() not in raw, f"PDF bytes (XMP): {word}"
