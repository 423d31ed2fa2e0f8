"""A store with no department books nothing on a machine: once a course there is cancelled, the banner
over its form and the summary say so without "bookings released", and the reinstating question
speaks of no released bookings and no booking to wait for."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from planner.store.db import Store
from planner.ui.course_cancel import BANNER_NAME, cancel_open_course, reinstate_open_course

from .booking_scenario import COURSES, course_spec, main_window_on

COURSE = "course-prostate"


@pytest.fixture
def url(tmp_path) -> str:
    made = f"sqlite:///{tmp_path / 'courses.db'}"
    with Store.open(made) as store:
        store.save_course(course_spec(*COURSES[0]))
    return made


def test_nothing_said_released_or_booked_where_nothing_could_be_booked(qtbot, monkeypatch, url):
    def exec_(box: QMessageBox) -> int:
        next(b for b in box.buttons() if b.text() == "&Cancel course").click()
        return 0

    asked: list[str] = []

    def question(_parent, _title, text, *_a, **_k):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail(f"refused: {a[2]}"))
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(COURSE)
        assert cancel_open_course(window)
        banner = window.form.findChild(QLabel, BANNER_NAME)
        assert banner is not None and banner.isVisible()
        assert banner.text().startswith("Cancelled: this course is read-only.")
        assert "booking" not in banner.text() and "released" not in banner.text()
        assert "Reinstate course…" in banner.text()
        summary = window.summary.text()
        assert "Cancelled" in summary and "released" not in summary
        monkeypatch.setattr(QMessageBox, "question", question)
        assert reinstate_open_course(window)
        assert asked and "booked" not in asked[0] and "bookings" not in asked[0]
        assert asked[0].startswith("Take back the cancellation of Zoë Ångström?")
