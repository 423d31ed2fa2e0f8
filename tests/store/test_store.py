"""The store on SQLite and PostgreSQL: courses kept with versions and an audit trail, the race of two
writers, the patient list, the department, exports, and refusing what cannot be used."""

from __future__ import annotations

import json
import stat
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.core.department import Department, Downtime, Machine
from planner.core.errors import InputError
from planner.core.spec import CourseSpec
from planner.store.db import CourseConflict, CourseNotFound, CourseStatus, Store, StoreError, masked
from planner.store.db.url import mount_type, parse_url, refuse_network_share

TODAY = date(2026, 11, 22)


def course(name: str = "Ann Smith", number: str = "H100", **changes: object) -> CourseSpec:
    spec = CourseSpec(patient_name=name, patient_id=number, site="prostate", preset="20-daily", start=date(2026, 11, 23),
                      tz="America/New_York", holidays="US-NY")
    return spec.updated(**changes)


def riverside(machines: tuple[Machine, ...] | None = None) -> Department:
    linac = Machine("Linac 1", "A", frozenset({"vmat", "sbrt"}), {d: (time(7, 30), time(19)) for d in range(5)})
    new_york = ZoneInfo("America/New_York")
    return Department(name="Riverside", timezone="America/New_York", holidays="US-NY", phone="+1 212 555 0100",
                      closures=((date(2026, 12, 24), "Staff training day"),),
                      machines=machines if machines is not None else (linac, Machine("Tomo", "T")),
                      downtime=(Downtime("Linac 1", datetime(2026, 12, 2, 7, 30, tzinfo=new_york),
                                         datetime(2026, 12, 2, 12, tzinfo=new_york), "Quarterly QA"),))


def test_a_course_is_saved_loaded_and_updated_with_its_history(store_url: str):
    with Store.open(store_url, user="coordinator-a") as store:
        spec = course()
        assert store.save_course(spec, span=(date(2026, 11, 23), date(2026, 12, 18))) == 1
        loaded = store.load_course(spec.course_id)
        assert loaded.spec == spec and loaded.version == 1 and loaded.created_by == "coordinator-a"
        assert loaded.first == date(2026, 11, 23) and loaded.last == date(2026, 12, 18)
        assert loaded.own_calendar  # no department yet: the course keeps its own calendar
        changed = spec.updated(fractions=28, preset=None, time=time(8, 30))
        assert store.save_course(changed, 1, user="coordinator-b") == 2
        assert store.save_course(changed, 2, user="coordinator-b") == 2  # nothing changed: no new version
        assert store.load_course(spec.course_id).spec == changed
        history = store.course_history(spec.course_id)
        assert [(e.version, e.field) for e in history] == [(1, "(created)"), (2, "fractions"), (2, "preset"), (2, "time")]
        time_entry = history[-1]
        assert (time_entry.who, time_entry.old_value, time_entry.new_value) == ("coordinator-b", '"09:00"', '"08:30"')
        assert time_entry.at.tzinfo is not None


def test_two_writers_on_one_course_one_wins_one_gets_the_conflict(store_url: str):
    first = Store.open(store_url, user="alice")
    second = Store.open(store_url, user="bob")
    try:
        spec = course()
        first.save_course(spec)
        mine = first.load_course(spec.course_id)
        theirs = second.load_course(spec.course_id)
        assert second.save_course(theirs.spec.updated(location="Room 2"), theirs.version) == 2
        with pytest.raises(CourseConflict) as caught:
            first.save_course(mine.spec.updated(time=time(7, 45)), mine.version)
        details = caught.value.details
        assert details.changed_by == "bob" and details.version == 2 and details.fields == ("location",)
        assert "bob" in str(caught.value) and "location" in str(caught.value)
        kept = first.load_course(spec.course_id)
        assert kept.spec.location == "Room 2" and kept.spec.time == time(9, 0)  # bob's save stands, nothing mixed
        assert first.save_course(mine.spec.updated(time=time(7, 45), location="Room 2"), kept.version) == 3
    finally:
        first.close()
        second.close()


def test_a_new_course_stored_twice_is_a_conflict_not_a_copy(store_url: str):
    with Store.open(store_url, user="alice") as store:
        spec = course()
        store.save_course(spec)
        with pytest.raises(CourseConflict, match="alice"):
            store.save_course(spec)
        assert store.count_courses() == 1


def test_the_patient_list_filters_by_status_and_searches_name_and_number(store_url: str):
    with Store.open(store_url) as store:
        store.save_course(course("Ann Smith", "H100"), span=(date(2026, 12, 1), date(2026, 12, 20)))
        store.save_course(course("Bob Jones", "H200"), span=(date(2026, 11, 1), date(2026, 11, 30)))
        store.save_course(course("Cy O'Neil", "X300"), span=(date(2026, 10, 1), date(2026, 10, 20)))
        gone = course("Di 50%_Off", "H400")
        store.save_course(gone, span=(date(2026, 11, 1), date(2026, 11, 30)))
        store.set_cancelled(gone.course_id, True, 1, user="alice")
        rows = store.list_courses(today=TODAY)
        assert [(r.patient, r.status) for r in rows] == [
            ("Ann Smith", CourseStatus.PLANNED), ("Bob Jones", CourseStatus.ON_TREATMENT),
            ("Cy O'Neil", CourseStatus.FINISHED), ("Di 50%_Off", CourseStatus.CANCELLED)]
        assert [r.patient for r in store.list_courses(CourseStatus.ON_TREATMENT, today=TODAY)] == ["Bob Jones"]
        assert [r.patient for r in store.list_courses("finished", today=TODAY)] == ["Cy O'Neil"]
        assert [r.patient for r in store.list_courses(search="SMI", today=TODAY)] == ["Ann Smith"]
        assert [r.patient for r in store.list_courses(search="x3", today=TODAY)] == ["Cy O'Neil"]
        assert [r.patient for r in store.list_courses(search="%", today=TODAY)] == ["Di 50%_Off"]  # wildcards are literal
        assert store.count_courses(search="h", today=TODAY) == 3
        assert [r.patient for r in store.list_courses(limit=2, offset=1, today=TODAY)] == ["Bob Jones", "Cy O'Neil"]
        assert store.list_course_json(today=TODAY) == [r.to_json() for r in rows]
        assert store.list_course_json("cancelled", today=TODAY) == [rows[-1].to_json()]
        assert json.loads(store.list_course_json_text(today=TODAY)) == [r.to_json() for r in rows]
        assert json.loads(store.list_course_json_text(search="smi", today=TODAY)) == [rows[0].to_json()]
        assert store.list_course_json_text("planned", search="nobody", today=TODAY) == "[]"
        assert rows[0].to_json() == {"course_id": rows[0].course_id, "patient": "Ann Smith", "patient_id": "H100",
                                     "site": "prostate", "first": "2026-12-01", "last": "2026-12-20", "last_not_booked": False,
                                     "status": "planned", "not_given": 0}
        with pytest.raises(InputError, match="'asleep' is not a status"):
            store.list_courses("asleep")
        assert [e.field for e in store.course_history(gone.course_id)] == ["(created)", "cancelled"]


def test_a_patient_is_kept_once_by_hospital_number(store_url: str):
    with Store.open(store_url) as store:
        store.save_course(course("Ann Smith", "H100"))
        store.save_course(course("Ann Smith-Jones", "H100", site="breast"))
        names = {r.patient for r in store.list_courses()}
        assert names == {"Ann Smith-Jones"}  # one patient, renamed by the newer save
        with pytest.raises(InputError, match="hospital number"):
            store.save_course(course("No Number", ""))
        with pytest.raises(InputError, match="one line"):
            store.save_course(course("Two\nLines", "H9"))


def test_the_department_round_trips_and_machines_keep_their_identity(store_url: str):
    with Store.open(store_url, user="physicist") as store:
        assert store.department() is None
        department = riverside()
        store.set_department(department)
        assert store.department() == department
        with store.engine.connect() as conn:
            before = dict(conn.exec_driver_sql("SELECT name, id FROM machines").all())
        trimmed = riverside(machines=(Machine("Linac 1", "A", frozenset({"vmat"})),))
        store.set_department(trimmed)
        assert store.department() == trimmed
        with store.engine.connect() as conn:
            after = dict(conn.exec_driver_sql("SELECT name, id FROM machines").all())
        assert after == {"Linac 1": before["Linac 1"]} == store.machine_ids()


def test_a_course_follows_the_department_calendar_unless_it_overrides_it(store_url: str):
    with Store.open(store_url) as store:
        department = riverside()
        store.set_department(department)
        plain = course(closed=department.closures)
        assert store.save_course(plain) == 1
        stored = store.load_course(plain.course_id)
        assert not stored.own_calendar
        moved = department.__class__(**{**department.__dict__, "timezone": "America/Chicago"})
        store.set_department(moved)
        assert store.load_course(plain.course_id).effective_spec(store.department()).tz == "America/Chicago"
        own = course("Bo Own", "H7", tz="Europe/London", holidays=None)
        store.save_course(own)
        stored_own = store.load_course(own.course_id)
        assert stored_own.own_calendar and stored_own.effective_spec(moved).tz == "Europe/London"


def test_the_last_export_is_kept_per_course(store_url: str):
    with Store.open(store_url) as store:
        spec = course()
        store.save_course(spec)
        assert store.last_export(spec.course_id) is None
        store.record_export(spec.course_id, b"BEGIN:VCALENDAR\r\nSEQUENCE:0\r\nEND:VCALENDAR\r\n")
        store.record_export(spec.course_id, b"BEGIN:VCALENDAR\r\nSEQUENCE:1\r\nEND:VCALENDAR\r\n")
        assert store.last_export(spec.course_id) == b"BEGIN:VCALENDAR\r\nSEQUENCE:1\r\nEND:VCALENDAR\r\n"
        with pytest.raises(CourseNotFound):
            store.record_export("no-such-course", b"x")


def test_a_missing_course_is_named(store_url: str):
    with Store.open(store_url) as store:
        with pytest.raises(CourseNotFound, match="no course nope"):
            store.load_course("nope")
        with pytest.raises(CourseNotFound):
            store.save_course(course(), 3)


def test_a_database_from_a_newer_planner_is_refused(store_url: str):
    Store.open(store_url).close()
    with Store.open(store_url) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="newer version of the planner") as caught:
        Store.open(store_url)
    assert "9999" in str(caught.value)


def test_a_5000_course_store_lists_and_searches(store_url: str):
    with Store.open(store_url) as store:
        start = date(2026, 1, 5)
        items = []
        for n in range(5000):
            first = start + timedelta(days=n % 400)
            items.append((course(f"Patient {n:04d}", f"H{n:05d}"), (first, first + timedelta(days=27))))
        assert len(store.add_courses(items)) == 5000
        assert len(store.add_courses(items[:10])) == 0  # already there: left as they are
        assert store.count_courses() == 5000
        everyone = store.list_courses(today=TODAY)
        assert len(everyone) == 5000 and everyone[0].patient == "Patient 0000"
        found = store.list_courses(search="patient 4999", today=TODAY)
        assert [r.patient_id for r in found] == ["H04999"]
        on = store.list_courses(CourseStatus.ON_TREATMENT, today=TODAY)
        assert on and all(r.first <= TODAY <= r.last for r in on)  # type: ignore[operator]
        assert len(on) + len(store.list_courses("planned", today=TODAY)) + len(store.list_courses("finished", today=TODAY)) == 5000


def test_the_sqlite_file_is_private_and_tuned(tmp_path: Path):
    path = tmp_path / "new" / "planner.db"
    with Store.open(f"sqlite:///{path}") as store:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000


def test_sqlite_on_a_network_share_is_refused_naming_the_reason(tmp_path: Path):
    table = tmp_path / "mounts"
    share = tmp_path / "share"
    share.mkdir()
    table.write_text(f"/dev/sda1 / ext4 rw 0 0\nserver:/export {share} nfs4 rw 0 0\n", encoding="utf-8")
    assert mount_type(share / "planner.db", table) == "nfs4"
    assert mount_type(tmp_path, table) == "ext4"
    url = parse_url(f"sqlite:///{share / 'planner.db'}")
    with pytest.raises(StoreError, match=r"network share \(nfs4\).*PostgreSQL"):
        refuse_network_share(share / "planner.db", url, table)
    refuse_network_share(tmp_path / "planner.db", url, table)  # a local disk is fine


def test_passwords_never_appear_in_messages(tmp_path: Path):
    url = "postgresql://planner:s3cret@127.0.0.1:1/nowhere"
    assert "s3cret" not in masked(url) and "***" in masked(url)
    with pytest.raises(StoreError) as caught:
        Store.open(url)
    message = str(caught.value)
    assert "s3cret" not in message and "127.0.0.1:1/nowhere" in message and "cannot open" in message
    with pytest.raises(StoreError, match="SQLite or PostgreSQL"):
        Store.open("mysql://root:s3cret@localhost/x")
    with pytest.raises(StoreError, match="not a regular file"):
        Store.open(f"sqlite:///{tmp_path}")


def test_the_fast_revision_check_agrees_with_alembic():
    from planner.store.db.migrate import head_revision, head_revision_fast, known_revisions

    assert head_revision_fast() == head_revision()
    assert {"0001", "0002"} <= known_revisions()


def test_a_damaged_stored_course_is_named_not_a_traceback(store_url: str):
    with Store.open(store_url) as store:
        spec = course()
        store.save_course(spec)
        with store.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE courses SET spec = '{\"app\": \"x\"}'")
        with pytest.raises(StoreError, match=f"course {spec.course_id} cannot be read"):
            store.load_course(spec.course_id)


def test_course_json_in_the_store_is_the_course_file(store_url: str):
    with Store.open(store_url) as store:
        spec = course()
        store.save_course(spec)
        with store.engine.connect() as conn:
            stored = json.loads(conn.exec_driver_sql("SELECT spec FROM courses").scalar_one())
        assert stored["app"] == "igrt-course-planner" and stored["course_id"] == spec.course_id


def test_two_writers_saving_at_the_same_moment_one_wins(store_url: str):
    """Both read version 1, then save at once from two threads (two connections): exactly one save
    lands, the other is refused naming the winner, and the stored course is the winner's whole."""
    import threading

    first = Store.open(store_url, user="alice")
    second = Store.open(store_url, user="bob")
    try:
        spec = course()
        first.save_course(spec)
        barrier = threading.Barrier(2)
        outcome: dict[str, object] = {}

        def save(store: Store, who: str, location: str) -> None:
            mine = store.load_course(spec.course_id)
            barrier.wait(timeout=30)
            try:
                outcome[who] = store.save_course(mine.spec.updated(location=location), mine.version)
            except CourseConflict as exc:
                outcome[who] = exc

        threads = [threading.Thread(target=save, args=(first, "alice", "Room A")),
                   threading.Thread(target=save, args=(second, "bob", "Room B"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        winners = [who for who, result in outcome.items() if result == 2]
        losers = [result for result in outcome.values() if isinstance(result, CourseConflict)]
        assert len(winners) == 1 and len(losers) == 1, outcome
        assert losers[0].details.changed_by == winners[0] and losers[0].details.fields == ("location",)
        stored = first.load_course(spec.course_id)
        assert stored.version == 2 and stored.spec.location == {"alice": "Room A", "bob": "Room B"}[winners[0]]
        assert [e.field for e in first.course_history(spec.course_id)] == ["(created)", "location"]
    finally:
        first.close()
        second.close()


def test_postgresql_takes_the_password_from_pgpass_or_the_url_and_never_shows_it(postgres, monkeypatch):
    url = postgres.new_database()  # no password in it: every PostgreSQL test finds it in PGPASSFILE
    assert ":" not in url.split("@")[0].removeprefix("postgresql+psycopg://")
    monkeypatch.setenv("LOGNAME", "planner")
    with Store.open(url) as store:
        assert store.user == "planner"  # the audit names the database role (here also the login)
    with_password = url.replace("planner@", f"planner:{postgres.password}@")
    with Store.open(with_password) as store:
        assert postgres.password not in store.display_url and "***" in store.display_url
    wrong = url.replace("planner@", "planner:not-the-password@")
    with monkeypatch.context() as patch:
        patch.setenv("PGPASSFILE", "/nonexistent")
        with pytest.raises(StoreError) as caught:
            Store.open(wrong)
    message = str(caught.value)
    assert "not-the-password" not in message and "password authentication failed" in message


def test_postgresql_gets_btree_gist_for_machine_bookings(postgres):
    with Store.open(postgres.new_database()) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT extname FROM pg_extension WHERE extname = 'btree_gist'").scalar() == "btree_gist"


def test_imported_courses_follow_the_department_calendar_when_they_say_the_same(store_url: str):
    with Store.open(store_url) as store:
        department = riverside()
        store.set_department(department)
        same = course("Same Cal", "H1", closed=department.closures)
        own = course("Own Cal", "H2", tz="Europe/London")
        assert store.add_courses([(same, (None, None)), (own, (None, None))]) == [same.course_id, own.course_id]
        assert not store.load_course(same.course_id).own_calendar
        assert store.load_course(own.course_id).own_calendar
