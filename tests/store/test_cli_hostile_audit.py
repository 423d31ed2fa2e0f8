"""What an adversarial run of the department-scale commands found, each pinned: bad input ends with
one line on stderr naming the option or argument and the reason, exit status 2, nothing on stdout,
no traceback, and nothing of what the user had is changed (the store, another program's database,
a file beside it)."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from planner.app.file_names import with_course_id
from planner.cli import main
from planner.core.text import printable
from planner.store.db import Store

from .booking_scenario import DEPARTMENT_FILE, place_bookings, stock
from .command_line import run

FROM, TO = "2030-03-26T08:00", "2030-03-26T12:00"
NO_REASON = "--reason: give the reason (got an empty one), or leave --reason out"


def refused(capsys, *argv: str) -> str:
    """The one line a refused command writes (status 2, nothing on stdout); its text after 'planner: error: '."""
    status, out, err = run(capsys, *argv)
    assert status == 2, (status, out, err)
    assert out == "", out
    assert err.endswith("\n") and err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith("planner: error: "), err
    return err.removeprefix("planner: error: ").rstrip("\n")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def url(tmp_path: Path) -> str:
    """The golden department, its six courses, their bookings."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    return url


def downtime_count(url: str) -> int:
    with Store.open(url) as store:
        department = store.department()
        assert department is not None
        return len(department.downtime)


# ---------------------------------------------------------------------- --db URLs that crashed
def test_a_postgresql_port_that_is_not_a_number_is_one_line_without_the_password(capsys):
    line = refused(capsys, "db", "upgrade", "--db", "postgresql://planner:s3cret@dbhost:abc/igrt")
    assert line.startswith("--db: ") and "port is not a number" in line
    assert "s3cret" not in line


@pytest.mark.parametrize("query, reason", [
    ("host=db1,db2,db3&port=5432", "number of hosts and ports don't match"),  # was SQLAlchemy's traceback
    ("host=db1&port=5432,5433", "number of hosts and ports don't match"),
    ("host=db1&port=x", "non-integer port"),
    ("host=" + ",".join(f"db{i}" for i in range(6)), "names 6 hosts; at most 5, so a server that does not answer is given up on "
                                                      "within 10 seconds"),
])
def test_postgresql_hosts_that_cannot_be_tried_quickly_are_one_line_without_the_password(capsys, query, reason):
    for argv in (["agenda", "--date", "2030-03-26"], ["department", "show"]):
        line = refused(capsys, *argv, "--db", f"postgresql://planner:s3cret@/igrt?{query}")
        assert line.startswith("--db: postgresql://planner:***@/igrt?") and reason in line and "s3cret" not in line, line


def test_a_server_that_does_not_answer_is_given_up_on_within_ten_seconds_however_many_hosts_the_url_names(monkeypatch):
    """libpq waits connect_timeout on each host in turn: the planner divides its ten seconds between them,
    and a URL's own connect_timeout=0 (wait for ever) does not win."""
    import planner.store.db.store as store_module
    from planner.store.db import StoreError

    asked: list[int] = []

    def no_server(url, *, connect_args, **options):
        asked.append(connect_args["connect_timeout"])
        raise StoreError("no server here")

    monkeypatch.setattr(store_module, "create_engine", no_server)
    for query, hosts in (("connect_timeout=0", 1), ("host=db1,db2&connect_timeout=0", 2), ("host=a:1&host=b:2&host=c:3", 3),
                         ("host=" + ",".join(f"db{i}" for i in range(5)), 5)):
        with pytest.raises(StoreError):
            Store.open(f"postgresql://planner@dbhost/igrt?{query}")
        assert asked[-1] >= 2 and asked[-1] * hosts <= 10, (query, asked)


def test_an_sqlite_file_name_too_long_for_the_system_is_refused_without_echoing_it(capsys, tmp_path):
    for name in ("x" * 100_000, "y" * 300 + ".db"):  # longer than PATH_MAX; one part longer than NAME_MAX
        line = refused(capsys, "department", "show", "--db", f"sqlite:///{tmp_path}/{name}")
        assert line.startswith("--db: ") and "too long" in line and len(line) < 200


@pytest.mark.parametrize("query", ["timeout=abc", "mode=ro", "uri=true&cache=shared"])
def test_options_after_the_sqlite_file_are_refused_not_crashed_or_warned_about(capsys, url, query):
    line = refused(capsys, "department", "show", "--db", f"{url}?{query}")  # a Python warning would fail the test too
    assert line.startswith(f"--db: {url}: ") and "takes no options after '?'" in line


def test_another_programs_sqlite_database_is_left_exactly_as_it_was(capsys, tmp_path):
    foreign = tmp_path / "places.sqlite"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE bookmarks (url TEXT)")
        connection.execute("INSERT INTO bookmarks VALUES ('https://example.org')")
    connection.close()
    before = digest(foreign)
    for argv in (["db", "upgrade"], ["department", "import", str(DEPARTMENT_FILE)], ["department", "show"],
                 ["course", "save", "--site", "prostate", "--preset", "20-daily", "--start", "2030-04-01",
                  "--patient", "Ann Smith", "--patient-id", "H1"]):
        line = refused(capsys, *argv, "--db", f"sqlite:///{foreign}")
        assert "another program's SQLite database" in line
    assert digest(foreign) == before  # not even its journal mode changed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.sqlite"]


def test_a_file_that_is_no_database_is_refused_and_keeps_its_mode(capsys, tmp_path, loose_umask):
    notes = tmp_path / "notes.txt"
    notes.write_text("the department's phone numbers\n")
    notes.chmod(0o644)
    before = digest(notes)
    for argv in (["db", "upgrade"], ["department", "import", str(DEPARTMENT_FILE)], ["department", "show"],
                 ["course", "list"], ["agenda", "--date", "2030-03-25"]):
        line = refused(capsys, *argv, "--db", f"sqlite:///{notes}")
        assert line == f"--db: sqlite:///{notes}: cannot open the database (file is not a database)", argv
    assert stat.S_IMODE(notes.stat().st_mode) == 0o644 and digest(notes) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_an_empty_file_still_becomes_a_new_store(capsys, tmp_path):
    empty = tmp_path / "new.db"
    empty.touch(mode=0o600)
    status, out, err = run(capsys, "db", "upgrade", "--db", f"sqlite:///{empty}")
    assert status == 0 and "Upgraded" in out, err


def test_folders_made_for_a_new_database_are_private_all_the_way_up(capsys, tmp_path):
    status, _, err = run(capsys, "db", "upgrade", "--db", f"sqlite:///{tmp_path}/a/b/c/planner.db")
    assert status == 0, err
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE((tmp_path / "a" / "b" / "c" / "planner.db").stat().st_mode) == 0o600


# ---------------------------------------------------------------------- an empty value is not "not given"
def test_an_empty_value_is_refused_naming_its_option_and_nothing_happens(capsys, url, tmp_path):
    cases = [
        (["department", "export", "-o", ""], "--output"),
        (["agenda", "--date", "2030-03-26", "--pdf", ""], "--pdf"),
        (["agenda", "--date", "2030-03-26", "--pdf", "  "], "--pdf"),
        (["machine-down", "Linac 1", "--from", FROM, "--to", TO, "--write-updates", ""], "--write-updates"),
        (["reoptimise", "--date", "2030-03-18", "--write-updates", ""], "--write-updates"),
        (["reoptimise", "--date", ""], "--date"),
        (["book", "--course-id", "course-prostate", "--earliest", "", "--dry-run"], "--earliest"),
        (["book", "--course-id", "course-prostate", "--prefer-time", "", "--dry-run"], "--prefer-time"),
        (["course", "save", "--course-id", "course-prostate", "--tz", ""], "--tz"),
        (["course", "show", ""], "ID"),
        (["course", "export", " ", "-o", str(tmp_path / "c.igrt.json")], "ID"),
        (["department", "import", ""], "FILE.toml"),
        (["book", "--course-id", "course-prostate", "--machine", "", "--dry-run"], "--machine: give a machine name (got an empty one)"),
        (["agenda", "--date", "2030-03-26", "--machine", " "], "--machine: give a machine name (got an empty one)"),
        (["machine-down", "", "--from", FROM, "--to", TO], "MACHINE: give a machine name (got an empty one)"),
        (["machine-down", "Linac 1", "--from", FROM, "--to", TO, "--reason", ""], NO_REASON),
        (["closure", "--date", "2030-03-26", "--reason", " "], NO_REASON),
    ]
    store_file = Path(url.removeprefix("sqlite:///"))
    before = digest(store_file)
    for argv, option in cases:
        line = refused(capsys, *argv, "--db", url)
        assert line == option or line.startswith(f"{option}: "), (argv, line)  # the option, or the whole line
    assert digest(store_file) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("department.db")) == []


def test_a_reoptimisation_for_a_night_already_past_is_refused_and_moves_nothing(capsys, url):
    """It places anew only courses that have not started by the night it runs for: a past night would take
    courses already on treatment for unstarted ones and move their sessions (closure refuses a past day too)."""
    from datetime import date, timedelta

    from planner.core.dates import day_text

    store_file = Path(url.removeprefix("sqlite:///"))
    before = digest(store_file)
    yesterday = date.today() - timedelta(days=2)  # past in every time zone
    for extra in ([], ["--dry-run"], ["--json"]):
        line = refused(capsys, "reoptimise", "--date", yesterday.isoformat(), *extra, "--db", url)
        assert line.startswith(f"--date: {day_text(yesterday)} is past: a re-optimisation runs for today ("), line
    assert digest(store_file) == before


def test_downtime_from_a_day_already_past_is_refused_and_nothing_is_recorded(capsys, url):
    """Re-booking is for sessions still to come: from a past day it moved sessions already given onto another
    machine (closure refuses a past day too)."""
    from datetime import date, timedelta

    from planner.core.dates import day_text

    downtime = downtime_count(url)
    past = date.today() - timedelta(days=3)  # past in every time zone
    line = refused(capsys, "machine-down", "Linac 1", "--from", f"{past}T08:00", "--to", f"{date.today() + timedelta(days=1)}T08:00",
                   "--db", url)
    assert line.startswith(f"--from: {day_text(past)} is past: downtime is recorded from today ("), line
    assert downtime_count(url) == downtime


def test_the_day_list_names_its_own_option_when_it_cannot_be_written(capsys, url, tmp_path):
    line = refused(capsys, "agenda", "--date", "2030-03-26", "--pdf", str(tmp_path), "--db", url)
    assert line.startswith("--pdf: ") and "folder" in line


# ---------------------------------------------------------------------- an option given twice
@pytest.mark.parametrize("argv, option", [
    (["machine-down", "Linac 1", "--from", FROM, "--from", "2030-03-27T08:00", "--to", TO], "--from"),
    (["machine-down", "Linac 1", "--from", FROM, "--to", TO, "--reason", "a", "--reason", "b"], "--reason"),
    (["book", "--course-id", "course-prostate", "--machine", "Linac 1", "--machine", "Linac 2"], "--machine"),
    (["book", "--course-id", "course-prostate", "--course-id", "course-breast"], "--course-id"),
    (["agenda", "--date", "2030-03-26", "--days", "2", "--days", "3"], "--days"),
    (["reoptimise", "--days", "5", "--days", "6"], "--days"),
    (["unbook", "--course-id", "course-prostate", "--course-id", "course-breast"], "--course-id"),
    (["course", "save", "--course-id", "course-prostate", "--version", "1", "--version", "2"], "--version"),
])
def test_a_single_value_option_given_twice_is_refused_naming_both_values(capsys, url, argv, option):
    downtime = downtime_count(url)
    line = refused(capsys, *argv, "--db", url)
    assert line.startswith(f"{option}: given twice (") and "give it once" in line
    assert downtime_count(url) == downtime  # the downtime was not recorded with either value


def test_course_options_keep_last_one_wins_so_an_alias_can_be_overridden(capsys):
    status, out, err = run(capsys, "plan", "--site", "prostate", "--preset", "20-daily", "--start", "2030-03-25",
                           "--tz", "Europe/London", "--time", "08:30", "--time", "10:00", "--json")
    assert status == 0, err
    assert json.loads(out)["appointments"][0]["start"].startswith("2030-03-25T10:00")


def test_the_database_named_twice_is_refused(capsys, url, tmp_path):
    line = refused(capsys, "agenda", "--date", "2030-03-26", "--db", url, "--db", f"sqlite:///{tmp_path / 'other.db'}")
    assert line.startswith("--db: given twice")
    assert not (tmp_path / "other.db").exists()


# ---------------------------------------------------------------------- which option a refusal names
@pytest.mark.parametrize("argv, option", [
    (["course", "save", "--course-id", "no-such-course", "--time", "10:30"], "--course-id"),
    (["plan", "--course-id", "no-such-course"], "--course-id"),
    (["export", "--course-id", "no-such-course", "-o", "x.ics"], "--course-id"),
    (["course", "show", "no-such-course"], "ID"),
    (["course", "export", "no-such-course", "-o", "x.igrt.json"], "ID"),
])
def test_an_unknown_course_names_the_option_that_gave_it(capsys, url, monkeypatch, tmp_path, argv, option):
    monkeypatch.chdir(tmp_path)
    line = refused(capsys, *argv, "--db", url)
    assert line.startswith(f"{option}: no course no-such-course in ")
    assert not list(tmp_path.glob("x.*"))


def test_a_search_longer_than_any_name_is_refused_naming_search(capsys, url):
    line = refused(capsys, "course", "list", "--search", "x" * 60_000, "--json", "--db", url)
    assert line == "--search: is 60000 characters long (at most 200)"


NOT_UTF8 = "course-\udcff"  # the bytes b"course-\xff" on a command line, as Python hands them over


@pytest.mark.parametrize("argv, option", [
    (["course", "show", NOT_UTF8], "ID"),
    (["course", "show", "--course-id", NOT_UTF8], "--course-id"),
    (["course", "export", NOT_UTF8, "-o", "x.igrt.json"], "ID"),
    (["course", "save", "--course-id", NOT_UTF8, "--patient", "Ann"], "--course-id"),
    (["course", "cancel", "--course-id", NOT_UTF8], "--course-id"),
    (["book", "--course-id", NOT_UTF8, "--dry-run"], "--course-id"),
    (["unbook", "--course-id", NOT_UTF8], "--course-id"),
    (["move", "--course-id", NOT_UTF8, "--session", "3", "--to", "2030-04-02T12:00"], "--course-id"),
    (["plan", "--course-id", NOT_UTF8], "--course-id"),
    (["export", "--course-id", NOT_UTF8, "-o", "x.ics"], "--course-id"),
    (["course", "list", "--search", NOT_UTF8], "--search"),
])
def test_a_course_id_or_search_that_is_not_utf8_is_refused_not_an_internal_error(capsys, url, argv, option):
    """The database failed on it (exit 1, "internal error"); every free-text option refuses such bytes already."""
    assert refused(capsys, *argv, "--db", url) == f"{option}: 'course-\\xff' is not valid UTF-8 text"


@pytest.mark.parametrize("given", ["sqlite:///planner-\udcff.db", "postgresql://planner:secret@dbhost/igrt-\udcff"])
def test_a_database_url_that_is_not_utf8_is_refused_without_its_password(capsys, given):
    line = refused(capsys, "department", "show", "--db", given)
    assert line.startswith("--db: '") and line.endswith("is not a database URL: it is not valid UTF-8 text")
    assert "secret" not in line


def test_the_database_named_twice_shows_no_password(capsys, tmp_path):
    line = refused(capsys, "course", "list", "--db", "postgresql://planner:secret@dbhost/igrt?sslpassword=other",
                   "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert line.startswith("--db: given twice ('postgresql://planner:***@dbhost/igrt")
    assert "secret" not in line and "other" not in line


def test_a_status_that_is_no_status_is_quoted_short_so_the_reason_stays_in_the_line(capsys, url):
    """A long --status was echoed whole, and the message cut at its length cap before it said why and what to use."""
    line = refused(capsys, "course", "list", "--status", "x" * 60_000, "--db", url)
    assert line.startswith("--status: 'xxxx") and len(line) < 300
    from planner.store.db import CourseStatus

    assert line.endswith(f"...' is not a status (use {', '.join(status.value for status in CourseStatus)})")
    assert "make-up not booked" in line  # every status, the newest too
    assert refused(capsys, "course", "list", "--status", "<b>on", "--db", url).startswith("--status: '\\x3cb>on' is not")


def test_an_id_that_cannot_be_a_course_id_is_refused_as_the_argument(capsys, url):
    assert refused(capsys, "course", "show", "a\nb", "--db", url) == "ID: 'a\\nb' is not a course id"


# ---------------------------------------------------------------------- text that reorders a terminal line
RTL_OVERRIDE = "\u202e"


def test_a_bidirectional_override_is_escaped_in_messages():
    assert printable(f"Ann {RTL_OVERRIDE}htimS") == "Ann \\u202ehtimS"
    assert printable("\u2066x\u2069") == "\\u2066x\\u2069"
    assert printable("שלום Ann") == "שלום Ann"  # right-to-left letters themselves are not escaped


def test_a_bidirectional_override_in_a_name_reason_or_machine_is_refused(capsys, url, tmp_path):
    line = refused(capsys, "course", "save", "--site", "prostate", "--preset", "20-daily", "--start", "2030-04-01",
                   "--patient", f"Ann {RTL_OVERRIDE}htimS", "--patient-id", "H9", "--db", url)
    assert line.startswith("--patient: ") and "\\u202e" in line and RTL_OVERRIDE not in line
    downtime = downtime_count(url)
    line = refused(capsys, "machine-down", "Linac 1", "--from", FROM, "--to", TO, "--reason", f"{RTL_OVERRIDE}tluaf", "--db", url)
    assert line.startswith("--reason: ")
    assert downtime_count(url) == downtime
    department = tmp_path / "department.toml"
    department.write_text(DEPARTMENT_FILE.read_text(encoding="utf-8").replace('name = "Linac 3"', f'name = "Linac {RTL_OVERRIDE}3"'),
                          encoding="utf-8")
    line = refused(capsys, "department", "import", str(department), "--db", url)
    assert "'name' must be one line without control characters" in line and RTL_OVERRIDE not in line


# ---------------------------------------------------------------------- a course file that is a symbolic link loop
def test_importing_a_symbolic_link_loop_says_so(capsys, tmp_path):
    os.symlink("b.json", tmp_path / "a.json")
    os.symlink("a.json", tmp_path / "b.json")
    status, _, err = run(capsys, "import", str(tmp_path / "a.json"), "--db", f"sqlite:///{tmp_path / 'new.db'}")
    assert status == 2
    assert err.count("\n") == 1 and "a.json: cannot read (Too many levels of symbolic links)" in err


# ---------------------------------------------------------------------- standard output that cannot be written
class FullDisk:
    """Standard output on a full disk: every write fails as the system would say it."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fileno(self) -> int:
        raise io.UnsupportedOperation("fileno")


def test_a_booking_whose_answer_cannot_be_written_is_one_line_and_stays_booked(capsys, monkeypatch, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    monkeypatch.setattr(sys, "stdout", FullDisk())
    status = main(["book", "--course-id", "course-prostate", "--earliest", "2030-03-25", "--json", "--db", url])
    err = capsys.readouterr().err
    assert status == 2
    assert err == ("planner: error: standard output: cannot write (No space left on device); "
                   "the command was carried out, only its answer is lost\n")
    monkeypatch.undo()
    status, out, _ = run(capsys, "agenda", "--date", "2030-03-25", "--json", "--db", url)
    assert any(b["course_id"] == "course-prostate" for m in json.loads(out)["machines"] for b in m["bookings"])


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_output_to_a_full_device_is_one_line_in_a_real_process(tmp_path):
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "planner", "sites"], stdout=full, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, timeout=120, cwd=tmp_path,
                                env={**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")})
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, err
    assert err.count("\n") == 1 and "standard output: cannot write" in err and "Traceback" not in err


# ---------------------------------------------------------------------- a database changed by hand or by another program
def damage(url: str, statement: str) -> None:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        connection.execute(statement)
    connection.close()


def test_a_stored_course_nested_a_hundred_thousand_deep_is_one_line(capsys, url, tmp_path):
    damage(url, "UPDATE courses SET spec = '" + "[" * 100_000 + "]" * 100_000 + "' WHERE id = 'course-breast'")
    for argv, named in ((["course", "show", "course-breast"], "ID"), (["plan", "--course-id", "course-breast"], "--course-id"),
                        (["course", "export", "course-breast", "-o", str(tmp_path / "c.igrt.json")], "ID")):
        line = refused(capsys, *argv, "--db", url)  # the course given cannot be used, not the store
        assert line.startswith(f"{named}: ") and "course course-breast cannot be read" in line, line
    assert not (tmp_path / "c.igrt.json").exists()
    line = refused(capsys, "book", "--course-id", "course-breast", "--dry-run", "--db", url)
    assert line.startswith("--course-id: ") and "course course-breast cannot be read" in line
    status, _, err = run(capsys, "reoptimise", "--date", "2030-03-18", "--dry-run", "--db", url)  # the others' goes on
    assert status == 0 and "Traceback" not in err and err.count("\n") <= 1, err


@pytest.mark.parametrize("statement", [
    "UPDATE department SET timezone = 'Mars/Olympus_Mons'",
    "UPDATE machines SET capabilities = '{' WHERE name = 'Linac 1'",
    "UPDATE machines SET hours = '[1]' WHERE name = 'Linac 1'",
    "UPDATE department SET closures = '[{\"date\": \"soon\"}]'",
    "UPDATE department SET treatment_days = 'funday'",
    "UPDATE downtime SET starts_at = 'garbage'",
])
def test_damaged_department_rows_are_one_line_in_every_command(capsys, url, statement):
    damage(url, statement)
    for argv in (["department", "show"], ["agenda", "--date", "2030-03-26"], ["course", "list"],
                 ["book", "--course-id", "course-breast", "--dry-run"]):
        status, out, err = run(capsys, *argv, "--db", url)
        if status == 0:  # a command that does not need the damaged part still answers
            continue
        assert status == 2 and out == "" and err.count("\n") == 1, (argv, err)
        assert err.startswith("planner: error: --db: ") and "damaged" in err and "import the department file again" in err


def test_a_database_damaged_past_its_first_pages_is_one_line_in_every_booking_command(capsys, url, tmp_path):
    """The file opens (its schema's pages are whole) but the bookings' table is garbage: the booking desk,
    which reads the database directly, said so with SQLAlchemy's traceback."""
    path = Path(url.removeprefix("sqlite:///"))
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        (root,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'bookings'").fetchone()
    connection.close()
    with open(path, "r+b") as damaged:
        damaged.seek((root - 1) * page_size)
        damaged.write(b"\xff" * page_size)
    for argv in (["agenda", "--date", "2030-03-26"], ["machine-down", "Linac 1", "--from", FROM, "--to", TO],
                 ["reoptimise", "--date", "2030-03-18", "--dry-run"], ["unbook", "--course-id", "course-breast"],
                 ["plan", "--course-id", "course-prostate"], ["export", "--course-id", "course-prostate", "-o", str(tmp_path / "p.ics")]):
        line = refused(capsys, *argv, "--db", url)
        assert line.startswith(f"--db: {url}: ") and "malformed" in line, (argv, line)
    assert not (tmp_path / "p.ics").exists()


def test_importing_only_bad_files_prints_nothing_on_stdout_and_one_line_each(capsys, tmp_path):
    named = tmp_path / "line\nbreak.json"  # a file name with a line break stays on its one line
    named.write_text("{not json", encoding="utf-8")
    store = tmp_path / "new.db"
    status, out, err = run(capsys, "import", str(named), "--db", f"sqlite:///{store}")
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "line\\nbreak.json: not a course file" in err


# ---------------------------------------------------------------------- calendar updates that cannot be written
@pytest.fixture
def exported(capsys, url, tmp_path) -> str:
    """The golden store with course-prostate's calendar exported once (so a re-booking changes it)."""
    status, _, err = run(capsys, "export", "--course-id", "course-prostate", "-o", str(tmp_path / "prostate.ics"), "--db", url)
    assert status == 0, err
    return url


def prostate_starts(url: str) -> list[str]:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        rows = connection.execute("SELECT starts_at FROM bookings WHERE course_id = 'course-prostate' ORDER BY starts_at").fetchall()
    connection.close()
    return [row[0] for row in rows]


def prostate_down(capsys, url: str, *extra: str) -> tuple[int, str, str]:
    first = prostate_starts(url)[0]  # take the first fraction's whole morning
    day = first[:10]
    return run(capsys, "machine-down", machine_of_prostate(url), "--from", f"{day}T08:00", "--to", f"{day}T12:00", *extra, "--db", url)


def machine_of_prostate(url: str) -> str:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        (name,) = connection.execute("SELECT m.name FROM bookings b JOIN machines m ON m.id = b.machine_id "
                                     "WHERE b.course_id = 'course-prostate' ORDER BY b.starts_at LIMIT 1").fetchone()
    connection.close()
    return str(name)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc, a folder no one can create files in")
def test_a_folder_that_cannot_take_the_updates_is_refused_before_anything_is_booked(capsys, exported):
    before, downtime = prostate_starts(exported), downtime_count(exported)
    status, out, err = prostate_down(capsys, exported, "--write-updates", "/proc")
    assert status == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("planner: error: --write-updates: cannot write into /proc (")
    assert prostate_starts(exported) == before and downtime_count(exported) == downtime


def test_updates_failing_half_way_say_what_was_done_in_one_line(capsys, monkeypatch, exported, tmp_path):
    import planner.store.files

    def full_disk(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(planner.store.files, "write_private", full_disk)
    folder = tmp_path / "updates"
    folder.mkdir()
    downtime = downtime_count(exported)
    status, out, err = prostate_down(capsys, exported, "--write-updates", str(folder))
    assert status == 2 and out == "" and err.count("\n") == 1, err
    assert err.startswith(f"planner: error: --write-updates: cannot write the calendar updates into {folder} (No space left on device); "
                          "the downtime was recorded and its patients re-booked: export the changed courses")
    assert downtime_count(exported) == downtime + 1  # what was done is kept, and said


def test_an_update_never_replaces_a_file_of_the_same_name_that_is_not_the_courses_calendar(capsys, exported, tmp_path):
    folder = tmp_path / "updates"
    folder.mkdir()
    status, out, err = prostate_down(capsys, exported, "--write-updates", str(folder), "--json")
    assert status == 0, err
    (written,) = folder.iterdir()
    first = written.read_bytes()
    day = prostate_starts(exported)[0][:10]  # the course's own earlier update is replaced by the newer one
    status, _, err = run(capsys, "machine-down", machine_of_prostate(exported), "--from", f"{day}T08:00", "--to", f"{day}T18:00",
                         "--write-updates", str(folder), "--db", exported)
    assert status == 0, err
    assert written.read_bytes() != first and stat.S_IMODE(written.stat().st_mode) == 0o600
    written.write_text("the user's own notes\n", encoding="utf-8")  # now a file the user put there, by the same name

    def last_day_down() -> tuple[int, str, str]:  # the course's last day: its first day, and so its calendar's name, stay
        with sqlite3.connect(exported.removeprefix("sqlite:///")) as connection:
            day, machine = connection.execute(
                "SELECT b.starts_at, m.name FROM bookings b JOIN machines m ON m.id = b.machine_id "
                "WHERE b.course_id = 'course-prostate' ORDER BY b.starts_at DESC LIMIT 1").fetchone()
        connection.close()
        return run(capsys, "machine-down", machine, "--from", f"{day[:10]}T07:00", "--to", f"{day[:10]}T19:00",
                   "--write-updates", str(folder), "--db", exported)

    status, out, err = last_day_down()
    assert status == 0, err  # the update is named by its course too, beside the user's file
    beside = folder / with_course_id(written.name, "course-prostate")  # a longer tag of the course, never its id
    assert written.read_text(encoding="utf-8") == "the user's own notes\n" and sorted(folder.iterdir()) == sorted([written, beside])
    assert f"wrote {beside}" in out
    beside.write_text("more of the user's notes\n", encoding="utf-8")  # that name too now the user's: nothing is written
    status, out, err = last_day_down()
    assert status == 2 and out == "" and err.count("\n") == 1, err
    assert f"({beside.name} is already there and is not this course's calendar; it was left as it was" in err
    assert "the downtime was recorded and its patients re-booked" in err
    assert written.read_text(encoding="utf-8") == "the user's own notes\n"
    assert beside.read_text(encoding="utf-8") == "more of the user's notes\n" and len(list(folder.iterdir())) == 2
    other = tmp_path / "elsewhere.txt"
    other.write_text("kept\n", encoding="utf-8")
    beside.unlink()
    os.symlink(other, beside)  # a link of that name: neither it nor what it leads to is replaced
    status, out, err = run(capsys, "calendar-updates", "--write-updates", str(folder), "--db", exported)
    assert status == 2 and "is not this course's calendar" in err, err
    assert beside.is_symlink() and other.read_text(encoding="utf-8") == "kept\n"
    status, out, _ = run(capsys, "calendar-updates", "--json", "--db", exported)  # still owed: nothing was written
    assert status == 0 and [c["course_id"] for c in json.loads(out)["calendars"]] == ["course-prostate"]


def test_names_written_into_the_database_by_hand_cannot_drive_the_terminal(capsys, url):
    """(A machine's name is checked as the department is read: see the damaged rows above.)"""
    damage(url, "UPDATE patients SET name = 'Eve\x1b[2J\u202eevE' WHERE hospital_number = 'H0001'")
    for argv in (["agenda", "--date", "2030-03-25", "--days", "5"], ["course", "list"], ["course", "show", "course-prostate"],
                 ["department", "show"]):
        status, out, err = run(capsys, *argv, "--db", url)
        assert status == 0, err
        assert all(ch.isprintable() or ch == "\n" for ch in out) and "\u202e" not in out, (argv, out)
    assert "Eve\\x1b[2J\\u202eevE" in run(capsys, "course", "list", "--db", url)[1]


def test_a_store_without_a_department_is_named_as_the_database(capsys, tmp_path):
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    assert run(capsys, "db", "upgrade", "--db", empty)[0] == 0
    for argv in (["department", "show"], ["department", "export"], ["agenda", "--date", "2030-03-25"]):
        assert refused(capsys, *argv, "--db", empty).startswith(f"--db: {empty} has no department yet"), argv


def test_a_bad_store_is_named_by_what_chose_it(capsys, monkeypatch, tmp_path):
    """A user who gave no --db is told which variable or setting named the store."""
    monkeypatch.setenv("IGRT_PLANNER_DB", "foo://x")
    for argv in (["agenda", "--date", "2030-03-25"], ["course", "list"], ["department", "show"]):
        assert refused(capsys, *argv).startswith("IGRT_PLANNER_DB: foo://x: the store runs on SQLite or PostgreSQL"), argv
    assert refused(capsys, "course", "list", "--db", "bar://y").startswith("--db: bar://y: ")
    monkeypatch.delenv("IGRT_PLANNER_DB")
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.json").write_text(json.dumps({"database": f"sqlite:///{tmp_path / 'missing.db'}"}), encoding="utf-8")
    monkeypatch.setenv("IGRT_PLANNER_CONFIG_DIR", str(config))
    for argv in (["agenda", "--date", "2030-03-25"], ["course", "list"]):
        assert refused(capsys, *argv).startswith("settings: database: sqlite:///"), argv
    assert not (tmp_path / "missing.db").exists()


def test_a_stored_value_that_cannot_be_planned_is_named_as_the_courses_field_not_an_option(capsys, url, tmp_path):
    """`import` keeps a course that cannot be planned yet; what refuses it later names the stored field,
    not an option such as --tz that the user never gave."""
    from planner.core.spec import CourseSpec
    from planner.store.course_file import save_course

    path = tmp_path / "mars.igrt.json"
    save_course(CourseSpec(course_id="mars", patient_name="Ann Smith", patient_id="H42", site="prostate", preset="20-daily",
                           tz="Mars/Olympus_Mons"), path)
    status, _, err = run(capsys, "import", str(path), "--db", url)
    assert status == 0, err
    for argv in (["plan", "--course-id", "mars"], ["export", "--course-id", "mars", "-o", str(tmp_path / "m.ics")],
                 ["course", "save", "--course-id", "mars", "--time", "10:30"]):
        line = refused(capsys, *argv, "--db", url)
        assert line.startswith("--course-id: course mars: field 'tz': 'Mars/Olympus_Mons' is not an IANA time zone"), (argv, line)
    assert refused(capsys, "plan", "--course-id", "mars", "--tz", "Pluto/Base", "--db", url).startswith("--tz: 'Pluto/Base'")
    assert not (tmp_path / "m.ics").exists()


def test_an_empty_file_is_not_made_a_database_by_a_command_that_only_reads(capsys, tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    for argv in (["department", "show"], ["course", "list"], ["agenda", "--date", "2030-03-25"]):
        line = refused(capsys, *argv, "--db", f"sqlite:///{empty}")
        assert line.startswith(f"--db: sqlite:///{empty} is an empty file, not a planner database yet"), argv
    assert empty.stat().st_size == 0


@pytest.fixture
def locked(monkeypatch, tmp_path) -> Path:
    """A folder the user may not look into (tests may run as root, for whom no mode forbids it: Path.stat
    answers as the system would answer another user)."""
    folder = tmp_path / "locked"
    real_stat = Path.stat

    def stat_or_refuse(self: Path, *args: object, **kwargs: object) -> os.stat_result:
        if str(self).startswith(f"{folder}/"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", stat_or_refuse)
    return folder


def test_a_database_or_course_file_in_a_folder_the_user_may_not_enter_is_one_line(capsys, locked, tmp_path):
    for argv in (["department", "show"], ["db", "upgrade"], ["agenda", "--date", "2030-03-25"]):
        line = refused(capsys, *argv, "--db", f"sqlite:///{locked}/planner.db")
        assert line == f"--db: sqlite:///{locked}/planner.db: cannot reach the file (Permission denied)", argv
    status, out, err = run(capsys, "import", f"{locked}/course.igrt.json", "--db", f"sqlite:///{tmp_path / 'new.db'}")
    assert status == 2 and out == ""
    assert err == f"planner: error: {locked}/course.igrt.json: cannot read (Permission denied)\n"


def test_a_database_that_is_a_loop_of_symbolic_links_is_not_said_to_be_missing(capsys, tmp_path):
    os.symlink("b.db", tmp_path / "a.db")
    os.symlink("a.db", tmp_path / "b.db")
    line = refused(capsys, "department", "show", "--db", f"sqlite:///{tmp_path / 'a.db'}")
    assert line == f"--db: sqlite:///{tmp_path / 'a.db'} is a symbolic link that leads to no file"
    line = refused(capsys, "db", "upgrade", "--db", f"sqlite:///{tmp_path / 'a.db'}")
    assert "Too many levels of symbolic links" in line


def test_a_department_file_whose_closure_shuts_booked_time_is_one_line_naming_the_command_that_rebooks(capsys, store_url, tmp_path):
    url = stock(store_url)  # on SQLite and on PostgreSQL: the check reads the bookings inside the write
    place_bookings(url)
    capsys.readouterr()
    text = DEPARTMENT_FILE.read_text(encoding="utf-8")
    closed = tmp_path / "closed.toml"
    closed.write_text(text.replace("date = 2030-03-08", "date = 2030-03-26"), encoding="utf-8")  # a booked Tuesday
    assert closed.read_text(encoding="utf-8") != text
    with Store.open(url) as store:
        before = store.department()
    line = refused(capsys, "department", "import", str(closed), "--db", url)
    assert "would fall outside the new opening hours, treatment days or closures" in line
    assert "machine-down" in line
    with Store.open(url) as store:
        assert store.department() == before


# ---------------------------------------------------------------------- department files built to hang or crash the reader
@pytest.mark.parametrize("text, reason", [
    ("[" + ".".join(["a"] * 50_000) + "]\n", "not valid TOML: keys nested too deeply"),  # tomllib: minutes at 1 MB
    (".".join(["a"] * 50_000) + " = 1\n", "not valid TOML: keys nested too deeply"),
    (DEPARTMENT_FILE.read_text(encoding="utf-8") + "\n[booking]\nurgent_within_days = 1" + "0" * 5000 + "\n",
     "not valid TOML: a number too long to read"),  # tomllib's ValueError was a traceback
])
def test_a_department_file_built_to_hang_or_crash_the_parser_is_one_line_and_the_store_is_kept(capsys, url, tmp_path, text, reason):
    hostile = tmp_path / "hostile.toml"
    hostile.write_text(text, encoding="utf-8")
    with Store.open(url) as store:
        before = store.department()
    assert refused(capsys, "department", "import", str(hostile), "--db", url) == f"{hostile}: {reason}"
    with Store.open(url) as store:
        assert store.department() == before


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_closure_written_as_a_toml_date_outside_the_planners_calendar_is_refused_as_one_written_as_text(capsys, url, tmp_path, day):
    for written in (day, f'"{day}"'):  # a TOML date, then text: both refused the same way
        department = tmp_path / "department.toml"
        department.write_text(DEPARTMENT_FILE.read_text(encoding="utf-8").replace("date = 2030-03-08", f"date = {written}"),
                              encoding="utf-8")
        line = refused(capsys, "department", "import", str(department), "--db", url)
        assert line.startswith(f"{department}: [[closures]] #1: 'date': ") and "outside the planner's calendar" in line, line
    with Store.open(url) as store:
        department_now = store.department()
        assert department_now is not None and [d.isoformat() for d, _ in department_now.closures] == ["2030-03-08"]


@pytest.mark.parametrize("command", [["calendar-updates"], ["closure", "--date", "2030-03-26", "--dry-run"],
                                     ["machine-down", "Linac 1", "--from", FROM, "--to", TO]])
def test_a_write_updates_folder_name_too_long_is_refused_in_one_line(capsys, tmp_path, command):
    """os.stat fails with ENAMETOOLONG: no longer 'internal error', exit 1, and nothing is re-booked."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    before = hashlib.sha256((tmp_path / "department.db").read_bytes()).hexdigest()
    message = refused(capsys, *command, "--db", url, "--write-updates", str(tmp_path / ("x" * 300)))
    assert message.startswith("--write-updates: cannot write into ") and "File name too long" in message
    assert hashlib.sha256((tmp_path / "department.db").read_bytes()).hexdigest() == before


def test_a_url_scheme_in_capitals_is_the_same_store_not_refused_as_another_kind(capsys, url):
    path = url.removeprefix("sqlite:///")
    status, out, err = run(capsys, "department", "show", "--db", f"SQLite:///{path}")
    assert status == 0 and err == "" and "Riverside Cancer Centre" in out
    status, _, err = run(capsys, "department", "show", "--db", "POSTGRESQL://planner@127.0.0.1:1/x")
    assert status == 2 and "runs on SQLite or PostgreSQL" not in err and "cannot open the database" in err
