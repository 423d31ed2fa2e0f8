"""A store with no department books nothing on a machine: once a course there is cancelled, the banner
over its form and the summary say so without "bookings released", and the reinstating question
speaks of no released bookings and no booking to wait for."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMessageBox

from planner.ui.course_cancel import BANNER_NAME, reinstate_open_course

from .test_cancel_without_department import cancelled_in_window, url  # noqa: F401 - the fixture


def test_nothing_said_released_or_booked_where_nothing_could_be_booked(qtbot, monkeypatch, url):  # noqa: F811
    asked: list[str] = []

    def question(_parent, _title, text, *_a, **_k):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    with cancelled_in_window(qtbot, monkeypatch, url, []) as window:
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
