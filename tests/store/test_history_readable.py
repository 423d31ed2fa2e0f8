"""History (the course's audit trail) in the coordinator's words: "Time zone", "Treatment days",
"Calendar" with "the department's"/"its own", values in words. A time-zone-only save from the window
records the time zone alone: the window no longer writes out a course's unset pattern and session
length (pattern null→daily, duration null→20 sat beside it), and such entries already in a store are
left out of the window's History and of `course show --json`, which keeps the raw field names."""

from __future__ import annotations

import json
from datetime import date, time

import pytest

from planner.app.audit_words import readable_change, readable_field
from planner.app.stored_courses import course_audit
from planner.core.catalogue import load_catalogue
from planner.core.clinic import PackageHolidays
from planner.core.kinds import Pattern
from planner.core.spec import CourseSpec
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui.course_form import CourseForm
from planner.ui.course_history import CourseHistoryModel

from .command_line import run

CATALOGUE = load_catalogue(default_catalogue_path())
NO_PRESET = CourseSpec(course_id="c-1", patient_name="Ann Smith", patient_id="H1", site="prostate", fractions=20,
                       start=date(2030, 3, 25), time=time(8, 30), tz="Europe/London")


def test_the_form_leaves_unset_what_it_only_shows_as_the_default(qtbot):
    form = CourseForm(CATALOGUE, PackageHolidays())
    qtbot.addWidget(form)
    form.set_spec(NO_PRESET)
    assert form.pattern.currentData() == "daily" and form.duration.value() == 20  # shown as what they give
    shown = form.spec()
    assert (shown.pattern, shown.duration) == (None, None)  # and left unset: nothing changed
    form.duration.setValue(30)
    assert form.spec().duration == 30  # a real change is kept
    assert NO_PRESET.updated(pattern=Pattern.DAILY, duration=20).defaults_kept(NO_PRESET, CATALOGUE) == NO_PRESET
    weekly = NO_PRESET.updated(pattern=Pattern.WEEKLY)
    assert weekly.defaults_kept(NO_PRESET, CATALOGUE) == weekly


@pytest.fixture
def url(tmp_path) -> str:
    """A store whose course an older window saved with a new time zone and its defaults written out."""
    address = f"sqlite:///{tmp_path / 'department.db'}"
    with Store.open(address, user="coordinator-a") as store:
        store.save_course(NO_PRESET)
        store.save_course(NO_PRESET.updated(tz="Europe/Dublin", pattern=Pattern.DAILY, duration=20), 1)
        store.save_course(NO_PRESET.updated(tz="Europe/Dublin", pattern=Pattern.DAILY, duration=20,
                                            days=frozenset(range(6))), 2, own_calendar=False)
    return address


def test_entries_that_only_wrote_out_a_default_are_left_out(url):
    with Store.open(url) as store:
        everything = [entry.field for entry in store.course_history("c-1")]
        assert {"pattern", "duration"} <= set(everything)  # the store holds what it was given
        shown = [(entry.version, entry.field) for entry in course_audit(store, "c-1", CATALOGUE)]
    assert shown == [(1, "(created)"), (2, "tz"), (3, "days"), (3, "own_calendar")]


def test_course_show_json_keeps_raw_names_without_the_spurious_entries(capsys, url):
    status, out, err = run(capsys, "course", "show", "c-1", "--json", "--db", url)
    assert status == 0, err
    history = json.loads(out)["history"]
    assert [(entry["version"], entry["field"]) for entry in history] == [(1, "(created)"), (2, "tz"), (3, "days"),
                                                                          (3, "own_calendar")]
    assert history[1]["old"] == '"Europe/London"' and history[1]["new"] == '"Europe/Dublin"'


def test_history_reads_in_the_forms_words(url):
    with Store.open(url) as store:
        entries = course_audit(store, "c-1", CATALOGUE)
    model = CourseHistoryModel()
    model.set_entries(entries)
    rows = {model.data(model.index(r, 3)): [model.data(model.index(r, c)) for c in (4, 5)] for r in range(model.rowCount())}
    assert rows["Time zone"] == ["Europe/London", "Europe/Dublin"]
    assert rows["Treatment days"] == ["Mon, Tue, Wed, Thu, Fri", "Mon, Tue, Wed, Thu, Fri, Sat"]
    assert rows["Calendar"] == ["its own", "the department's"]
    assert "Course added to the store" in rows
    assert (readable_field("pattern"), readable_change("pattern", '"twice-weekly"')) == ("Frequency", "Twice weekly")
    assert readable_change("duration", "30") == "30 min"
    assert readable_change("start", '"2030-03-25"') == "Mon 25 Mar 2030"
    assert readable_change("closed", '[{"date": "2030-12-24", "note": "Linac service"}]') == "Tue 24 Dec 2030 (Linac service)"
    assert readable_change("location", "null") == "" and readable_change("location", None) == ""
    assert readable_field("some.new_field") == "some.new_field"  # one it does not know: as stored


def test_an_audit_value_that_no_longer_reads_is_shown_as_it_stands():
    """A store changed by hand: its text, not a traceback in the History dock or `course show`."""
    from datetime import UTC, datetime

    from planner.app.audit_words import readable_change, real_changes
    from planner.core.catalogue import load_catalogue
    from planner.core.spec import CourseSpec
    from planner.resources_path import default_catalogue_path
    from planner.store.db import AuditEntry

    assert readable_change("location", "{not json") == "{not json"
    entry = AuditEntry(datetime(2030, 3, 1, tzinfo=UTC), "someone", "c-1", 2, "pattern", "{broken", "[also")
    assert real_changes([entry], CourseSpec(site="prostate"), load_catalogue(default_catalogue_path())) == [entry]


def test_course_show_still_shows_a_course_when_the_catalogue_does_not_read(capsys, url, tmp_path, monkeypatch):
    """The catalogue only leaves out what merely spelt out a default: one that does not read shows the whole history."""
    broken = tmp_path / "catalogue.toml"
    broken.write_text("[[sites]\n", encoding="utf-8")
    monkeypatch.setenv("IGRT_PLANNER_CATALOGUE", str(broken))
    status, out, err = run(capsys, "course", "show", "c-1", "--json", "--db", url)
    assert status == 0, err
    assert {"tz", "pattern", "duration"} <= {entry["field"] for entry in json.loads(out)["history"]}
