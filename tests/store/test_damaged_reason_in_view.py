"""A course opened from the store with a field an older version stored with markup: the form scrolls so the field's
error line is in view. The Adjustments' line (a reason with markup) stopped just below the fold, and at 1366x768 the
Location's was cut off: the form scrolled before the course's lists were filled and the line was laid out, which
moved and grew the form under it."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.core.errors import Field
from tests.test_form_focus_in_view import _in_view, _scroll_area

from .booking_scenario import main_window_on, stock
from .test_damaged_reason_repair import COURSE, with_a_reason_stored_as_an_old_version_would
from .test_damaged_text_repair import stored_as_an_old_version_would


def damaged(field: str, capsys: pytest.CaptureFixture[str], url: str) -> None:
    if field == Field.REASON:
        with_a_reason_stored_as_an_old_version_would(capsys, url)
    else:
        stored_as_an_old_version_would(url, location="<b>Riverside</b> clinic")


@pytest.mark.parametrize("field", [Field.REASON, Field.LOCATION])
@pytest.mark.parametrize("size", [(1366, 768), (1024, 700)])
def test_the_damaged_field_s_error_line_is_in_view_when_the_course_opens(qtbot, monkeypatch, capsys, tmp_path: Path,
                                                                          size, field):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    damaged(field, capsys, url)
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.resize(*size)
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        qtbot.wait(50)  # the keys placed in the window before the course opens, as in use
        area = _scroll_area(window)
        area.verticalScrollBar().setValue(0)
        window.store_link.open_course(COURSE)
        line = window.form.errors[field]
        qtbot.waitUntil(lambda: "markup" in line.text() and line.isVisible())
        qtbot.waitUntil(lambda: _in_view(area, line))
        qtbot.wait(50)
        assert _in_view(area, line)  # and it stays so
