"""In the Bookings window, the waiting course with the keys' focus frame (reached by Tab, no click)
is the one Ctrl+B books: it said 'Choose a course in Waiting to start first' until Space selected it."""

from __future__ import annotations


def test_book_takes_the_row_with_the_focus_frame(waiting_window, monkeypatch):
    window = waiting_window
    waiting = window.waiting
    assert waiting.rowCount() >= 1
    booked: list[str] = []
    monkeypatch.setattr(window, "book_course", lambda course_id: booked.append(course_id))
    waiting.clearSelection()
    waiting.setCurrentCell(-1, -1)
    window.book_selected()
    assert booked == [] and window.message.text() == "Choose a course in 'Waiting to start' first."
    waiting.setCurrentCell(waiting.rowCount() - 1, 0)
    waiting.clearSelection()  # the focus frame on the row, nothing selected
    assert not waiting.selectionModel().selectedRows()
    window.book_selected()
    assert booked == [waiting.courses[-1].course_id]
