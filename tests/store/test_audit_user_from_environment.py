"""Who saved a course, in an embedded store's audit trail, is the operating-system user as getpass tells it:
$LOGNAME or $USER first. One that is not a clean short line (a line break, an escape sequence that recolours a
coordinator's terminal, markup their window would render as rich text, more than the column holds) is not
written into the trail every coordinator reads: the user id is."""

from __future__ import annotations

import os

import pytest

from planner.core.spec import CourseSpec
from planner.store.db import Store
from planner.store.db.store import default_user


@pytest.mark.parametrize("odd", ["jane\nroot", "\x1b[31mjane", '<img src="/dev/zero">', "j" * 201, "  "])
def test_an_odd_login_name_is_kept_out_of_the_audit_trail(monkeypatch, tmp_path, odd):
    monkeypatch.setenv("LOGNAME", odd)
    monkeypatch.setenv("USER", odd)
    assert default_user() == f"uid {os.getuid()}"
    with Store.open(f"sqlite:///{tmp_path / 'planner.db'}") as store:
        store.save_course(CourseSpec(course_id="c1", patient_name="A B", patient_id="H1", site="prostate"))
        assert store.load_course("c1").updated_by == f"uid {os.getuid()}"


def test_a_plain_login_name_is_written(monkeypatch):
    monkeypatch.setenv("LOGNAME", "jane.doe")
    assert default_user() == "jane.doe"
