"""The department's work reads the same stored courses again and again (the Bookings window at every activation reads
the day, the week and the waiting list; every re-booking builds an engine of all courses going on). Each stored text's
reading is remembered by the text itself: the same row is parsed once, a row saved anew (another text, another name
on the patient's row) is read anew, and a text that does not read is refused every time."""

from __future__ import annotations

import json

import pytest

from planner.core.spec import CourseSpec
from planner.store.course_file import spec_to_json
from planner.store.db import stored_spec
from planner.store.db.errors import StoreError

SPEC = CourseSpec(course_id="course-remembered", patient_name="Ann Remembered", patient_id="H4242", site="prostate",
                  fractions=20)


@pytest.fixture
def parsed(monkeypatch):
    seen: list[str] = []
    real = stored_spec.spec_from_json
    monkeypatch.setattr(stored_spec, "spec_from_json", lambda data, where, damaged=None, **kw: seen.append(where) or real(data, where, damaged, **kw))
    stored_spec._read_for_work.cache_clear()
    yield seen
    stored_spec._read_for_work.cache_clear()


def test_the_same_row_is_parsed_once_and_a_changed_row_anew(parsed):
    text = json.dumps(spec_to_json(SPEC))
    first, _ = stored_spec.damage_of(SPEC.course_id, text, "Ann Remembered", "H4242")
    again, _ = stored_spec.damage_of(SPEC.course_id, text, "Ann Remembered", "H4242")
    assert again == first and len(parsed) == 1
    renamed, _ = stored_spec.damage_of(SPEC.course_id, text, "Ann Renamed", "H4242")  # the patient's row changed
    assert renamed.patient_name == "Ann Renamed" and len(parsed) == 2
    changed = json.dumps(spec_to_json(SPEC.updated(fractions=25)))
    longer, _ = stored_spec.damage_of(SPEC.course_id, changed, "Ann Renamed", "H4242")
    assert longer.fractions == 25 and len(parsed) == 3


def test_fields_read_past_are_said_each_time_and_a_text_that_does_not_read_is_refused_each_time(parsed):
    data = spec_to_json(SPEC)
    data["a_newer_field"] = 1
    text = json.dumps(data)
    for _ in range(2):
        unknown: list[str] = []
        stored_spec.damage_of(SPEC.course_id, text, "Ann Remembered", "H4242", unknown)
        assert unknown == ["a_newer_field"]
    assert len(parsed) == 1
    for _ in range(2):
        with pytest.raises(StoreError):
            stored_spec.damage_of(SPEC.course_id, "{not json", "Ann Remembered", "H4242")
