"""Two coordinators edit one stored course: B saves a change of the location, then A, who changed the
number of fractions, loses the race and chooses to save on top of B's version. A's change is saved
and B's location stays: before, A's whole version was saved, silently taking B's location back out
(the dialog showed A's side of it as an empty cell)."""

from __future__ import annotations

import pytest

from planner.app.stored_courses import differences, on_top_of_theirs, open_stored, save_stored
from planner.store.db import Store
from planner.ui import save_conflict
from tests.store_fill import fill_store
from tests.window_helpers import window_on_store


@pytest.fixture
def store(tmp_path):
    with Store.open(f"sqlite:///{tmp_path / 'planner.db'}", user="coordinator-a") as opened:
        fill_store(opened, 3)
        yield opened


@pytest.fixture
def window(qtbot, monkeypatch, store):
    return window_on_store(qtbot, monkeypatch, store)


def test_saving_mine_after_a_lost_race_keeps_the_fields_only_they_changed(window, store, monkeypatch):
    link = window.store_link
    course = link.patients.model.course(0)
    link.open_course(course.course_id)
    theirs = open_stored(store, course.course_id)
    store.user = "coordinator-b"
    save_stored(store, theirs.spec.updated(location="Linac 2"), theirs.version, None)
    store.user = "coordinator-a"
    window.session.edit(window.session.spec.updated(fractions=25), "fractions")
    shown = []

    def save_mine(dialog):
        shown.append({dialog.table.item(r, 0).text(): dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())})
        dialog.choice = save_conflict.ConflictChoice.SAVE_MINE
        return 1

    monkeypatch.setattr(save_conflict.SaveConflictDialog, "exec", save_mine)
    assert window.save_course() is True
    assert shown == [{"fractions": "25", "location": save_conflict.THEIRS_KEPT}]
    stored = store.load_course(course.course_id)
    assert (stored.version, stored.spec.fractions, stored.spec.location) == (3, 25, "Linac 2")
    assert window.session.spec == stored.spec and not window.session.dirty  # the window shows what was saved
    window.session.undo_stack.undo()  # the fields kept from theirs came in as one step
    assert window.session.spec.location != "Linac 2" and window.session.spec.fractions == 25


def test_a_field_both_changed_takes_mine_and_the_rest_theirs(store):
    opened = open_stored(store, store.list_courses()[0].course_id).spec
    theirs = opened.updated(location="Linac 2", fractions=30)
    mine = opened.updated(fractions=25, duration=30)
    merged = on_top_of_theirs(opened, theirs, mine)
    assert (merged.location, merged.fractions, merged.duration) == ("Linac 2", 25, 30)
    told = {d.field: d.mine_changed for d in differences(theirs, mine, opened)}
    assert told == {"location": False, "fractions": True, "duration": True}


def test_closures_both_added_are_both_kept_and_the_dialog_says_so(store):
    """B adds a closure and saves; A, who added another, saves on top: both closures are in the course. Before,
    the list was one value, and A's list (without B's closure) was saved, taking B's closure out unseen."""
    from datetime import date

    opened = open_stored(store, store.list_courses()[0].course_id).spec
    theirs = opened.updated(closed=(*opened.closed, (date(2030, 12, 24), "staff training")))
    mine = opened.updated(closed=(*opened.closed, (date(2030, 12, 31), "service")))
    merged = on_top_of_theirs(opened, theirs, mine)
    assert dict(merged.closed) == {**dict(opened.closed), date(2030, 12, 24): "staff training", date(2030, 12, 31): "service"}
    (shown,) = [d for d in differences(theirs, mine, opened) if d.field == "closed"]
    assert "2030-12-24" in shown.mine and "2030-12-31" in shown.mine, "the dialog shows what saving on top stores"
    assert "2030-12-31" not in shown.theirs


def test_a_closure_removed_changed_or_kept_item_by_item(store):
    from datetime import date

    first, second, third = date(2030, 12, 23), date(2030, 12, 24), date(2030, 12, 29)
    opened = open_stored(store, store.list_courses()[0].course_id).spec.updated(
        closed=((first, "a"), (second, "b"), (third, "c")))
    theirs = opened.updated(closed=((first, "a"), (second, "b, their note"), (third, "c")))  # they changed the second's note
    mine = opened.updated(closed=((second, "b"), (third, "c, my note")))  # the user removed the first, changed the third
    assert dict(on_top_of_theirs(opened, theirs, mine).closed) == {second: "b, their note", third: "c, my note"}
    both = opened.updated(closed=((first, "a"), (second, "mine"), (third, "c")))
    theirs = opened.updated(closed=((first, "a"), (second, "theirs"), (third, "c")))
    assert dict(on_top_of_theirs(opened, theirs, both).closed)[second] == "mine"  # one both changed takes the user's


def test_missed_sessions_marked_by_each_are_both_kept(store):
    from datetime import date, timedelta

    from planner.core.course import MakeUp, MissedSession

    opened = open_stored(store, store.list_courses()[0].course_id).spec
    assert opened.start is not None
    days = [opened.start + timedelta(days=k) for k in range(1, 10) if (opened.start + timedelta(days=k)).weekday() < 5][:2]

    def missing(day: date):
        return opened.updated(adjustments=opened.adjustments.with_missed(MissedSession(day, MakeUp.END, None)))

    merged = on_top_of_theirs(opened, missing(days[0]), missing(days[1]))
    assert sorted(m.day for m in merged.adjustments.missed) == days
