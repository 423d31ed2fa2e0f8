"""The window's save of a booked course whose daily time was changed is refused beside the time field, nothing saved,
as `course save --time` is: before, the new time was saved while the bookings kept theirs (a notice said so), and the
course, opened again at its booked times and saved for any other change, took the booked time back without a word."""

from __future__ import annotations

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QMessageBox

from planner.core.errors import Field
from planner.store.db import Store

from .test_window_booking import book, url, window  # noqa: F401 - the window on a department store


def _stored(url: str) -> tuple[int, str]:  # noqa: F811
    with Store.open(url) as store:
        course = store.load_course("course-prostate")
    return course.version, f"{course.spec.time:%H:%M}"


def test_a_new_daily_time_of_a_booked_course_is_not_saved(window, url, monkeypatch):  # noqa: F811
    book(url)  # Linac 3 at 10:00
    window.store_link.open_course("course-prostate")
    before = _stored(url)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: warned.append(f"{title}: {text}"))
    window.form.time.setTime(QTime(11, 0))
    window.form.location.setText("Level 2")
    assert window.save_course() is False
    said = ("the course is booked at 10:00, and saving it does not move its bookings: move them first (Department → "
            "Bookings…, session 1's Move the rest of this course…), or set the booked time again to save the other changes")
    assert warned == [f"Not saved: {said}."]
    assert said[1:] in window.form.errors[Field.TIME].text()
    assert _stored(url) == before
    window.form.time.setTime(QTime(10, 0))  # the booked time again: the other changes are saved
    assert window.save_course() is True
    with Store.open(url) as store:
        course = store.load_course("course-prostate")
        changed = [e.field for e in store.course_history("course-prostate") if e.version == course.version]
    # the time shown is the booking's: the course keeps its planned 08:30 and the history no time changed by the save
    assert (f"{course.spec.time:%H:%M}", course.spec.location, changed) == ("08:30", "Level 2", ["location"])
    assert window.form.time.time() == QTime(10, 0)
