"""Databases for the store's tests: a fresh SQLite file, or a fresh database on a throwaway
PostgreSQL cluster that lives in a temporary folder for the test session, listens on a Unix
socket only, and is removed afterwards. initdb refuses to run as root, so as root the cluster
runs as the unprivileged `postgres` user that Debian's package creates."""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_counter = itertools.count(1)
os.environ.pop("IGRT_PLANNER_DB", None)  # a developer's own store stays out of the tests


def postgres_bin() -> Path | None:
    """The folder of initdb and pg_ctl: Debian's /usr/lib/postgresql/<version>/bin, else PATH."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    if versions:
        return versions[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class Cluster:
    """A PostgreSQL server of our own, reached through a socket in its folder."""

    def __init__(self, bindir: Path, folder: Path, run_as: list[str]) -> None:
        self.bindir = bindir
        self.folder = folder
        self.run_as = run_as
        self.data = folder / "data"
        self.socket = folder / "socket"
        self.password = secrets.token_hex(16)
        self.pgpass = Path(tempfile.mkdtemp(prefix="planner-pgpass-")) / "pgpass"

    def run(self, *command: str) -> None:
        result = subprocess.run([*self.run_as, *command], capture_output=True, text=True, timeout=120, cwd=self.folder)
        if result.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {result.stderr.strip() or result.stdout.strip()}")

    def start(self) -> None:
        """initdb with password authentication; the password is found through a ~/.pgpass-style
        file named by PGPASSFILE, as a department's workstation finds it (never in a URL)."""
        self.socket.mkdir()
        password_file = self.folder / "password"
        password_file.write_text(self.password + "\n", encoding="utf-8")
        if self.run_as:
            shutil.chown(self.socket, "postgres", "postgres")
            shutil.chown(password_file, "postgres", "postgres")
        self.run(str(self.bindir / "initdb"), "-D", str(self.data), "-A", "scram-sha-256", "--pwfile", str(password_file),
                 "-U", "planner", "-E", "UTF8", "--locale=C", "--no-sync")
        password_file.unlink()
        self.pgpass.write_text(f"*:*:*:planner:{self.password}\n", encoding="utf-8")
        self.pgpass.chmod(0o600)
        options = f"-c listen_addresses='' -k {self.socket} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self.run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.folder / "server.log"),
                 "-w", "-t", "60", "start")

    def stop(self) -> None:
        self.run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://planner@/{database}?host={self.socket}"

    def new_database(self) -> str:
        """A fresh, empty database; its URL."""
        import psycopg

        name = f"store_{os.getpid()}_{next(_counter)}"
        with psycopg.connect(host=str(self.socket), user="planner", dbname="postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def role_url(self, url: str, grants: str = "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}",
                 name: str = "viewer") -> tuple[str, str]:
        """A new login role (a department's viewer: granted only SELECT by default) on the database at `url`, which the
        planner made: its URL and name (`name` and a number). `grants`: the statements run in that database, `{role}`
        its name. The role has the cluster's password, found through the same password file."""
        import psycopg
        from sqlalchemy.engine import make_url

        role = f"{name}_{os.getpid()}_{next(_counter)}"
        with psycopg.connect(host=str(self.socket), user="planner", dbname="postgres", autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{self.password}'")
        database = str(make_url(url).database)
        with psycopg.connect(host=str(self.socket), user="planner", dbname=database, autocommit=True) as conn:
            for statement in grants.format(role=role).split(";"):
                if statement.strip():
                    conn.execute(statement)
        with self.pgpass.open("a", encoding="utf-8") as pgpass:
            pgpass.write(f"*:*:*:{role}:{self.password}\n")
        return f"postgresql+psycopg://{role}@/{database}?host={self.socket}", role


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    bindir = postgres_bin()
    if bindir is None:
        pytest.fail("PostgreSQL's server is not installed: run scripts/setup.sh test (it installs Debian's postgresql)")
    run_as: list[str] = []
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.fail("running as root, and there is no 'postgres' user to run the test cluster as")
        run_as = ["runuser", "-u", "postgres", "--"]
    # As root, the cluster's folder must be reachable by the postgres user: under /tmp, not $TMPDIR.
    folder = Path(tempfile.mkdtemp(prefix="planner-pg-", dir="/tmp" if run_as else None))
    if run_as:
        shutil.chown(folder, "postgres", "postgres")
    cluster = Cluster(bindir, folder, run_as)
    before = os.environ.get("PGPASSFILE")
    os.environ["PGPASSFILE"] = str(cluster.pgpass)
    try:
        cluster.start()
        yield cluster
    finally:
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(cluster.pgpass.parent, ignore_errors=True)
        if before is None:
            os.environ.pop("PGPASSFILE", None)
        else:
            os.environ["PGPASSFILE"] = before


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'planner.db'}"
    cluster: Cluster = request.getfixturevalue("postgres")
    return cluster.new_database()

@pytest.fixture
def url(tmp_path: Path) -> str:
    """The golden department (tests/store/booking_scenario.py) with its bookings, in SQLite. A test module that wants
    another store defines its own `url`, which takes its place there."""
    from .booking_scenario import place_bookings, stock

    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(made)
    return made


@pytest.fixture
def each_kind(store_url: str) -> str:
    """The golden department with its bookings in a database of each kind (SQLite, PostgreSQL)."""
    from .booking_scenario import place_bookings, stock

    made = stock(store_url)
    place_bookings(made)
    return made


@pytest.fixture
def golden_desk(tmp_path: Path) -> Iterator[object]:
    """A booking desk on the golden department (tests/store/booking_scenario.py) with its bookings, in SQLite."""
    from .booking_scenario import desk_on, place_bookings, stock

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    with desk_on(url) as opened:
        yield opened


@pytest.fixture
def waiting_url(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> str:
    """A SQLite store in which a booked course waits a day the nightly re-optimisation can take off
    (tests/store/reoptimise_scenario.py), the set-up's output swallowed."""
    from .reoptimise_scenario import waiting_store

    url = waiting_store(f"sqlite:///{tmp_path / 'department.db'}")
    capsys.readouterr()
    return url


@pytest.fixture
def waiting_window(qtbot, tmp_path: Path):
    """The department window on the waiting store (tests/store/reoptimise_scenario.py), its desk's
    today the Friday before the waiting course's ready day."""
    from datetime import date

    from planner.app.booking import open_desk
    from planner.core.catalogue import load_catalogue
    from planner.resources_path import default_catalogue_path
    from planner.ui.department_window import DepartmentWindow

    from .reoptimise_scenario import READY, waiting_store

    desk = open_desk(waiting_store(f"sqlite:///{tmp_path / 'department.db'}"), load_catalogue(default_catalogue_path()))
    desk.today = date(2030, 3, 22)
    shown = DepartmentWindow(desk, READY)
    qtbot.addWidget(shown)
    yield shown
    desk.store.close()
