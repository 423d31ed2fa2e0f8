"""Two coordinators at two workstations of a department that share one PostgreSQL role (`planner`, as
README's set-up makes): the audit trail, the save-conflict message and `course show` name each of them
beside the role ("alice (role planner)"). Before, every change read "planner": who did what was lost."""

from __future__ import annotations

import pytest

from planner.core.spec import CourseSpec
from planner.store.db import CourseConflict, Store

from .command_line import run


def test_the_audit_trail_names_each_coordinator_beside_the_shared_role(postgres, monkeypatch, capsys):
    url = postgres.new_database()
    monkeypatch.setenv("LOGNAME", "alice")
    alice = Store.open(url)
    monkeypatch.setenv("LOGNAME", "bob")
    bob = Store.open(url)
    try:
        assert (alice.user, bob.user) == ("alice (role planner)", "bob (role planner)")
        spec = CourseSpec(course_id="c1", patient_name="Ann Smith", patient_id="H100", site="prostate")
        alice.save_course(spec)
        bob.save_course(spec.updated(fractions=25), 1)
        with pytest.raises(CourseConflict) as lost:
            alice.save_course(spec.updated(duration=25), 1)
        assert lost.value.details.changed_by == "bob (role planner)"
        assert [(e.who, e.field) for e in alice.course_history("c1")] == [
            ("alice (role planner)", "(created)"), ("bob (role planner)", "fractions")]
    finally:
        alice.close()
        bob.close()
    status, out, _ = run(capsys, "course", "show", "c1", "--db", url)
    assert status == 0 and "bob (role planner)  v2  fractions" in out


def test_a_login_that_is_the_role_is_named_once(postgres, monkeypatch):
    monkeypatch.setenv("LOGNAME", "planner")
    with Store.open(postgres.new_database()) as store:
        assert store.user == "planner"
