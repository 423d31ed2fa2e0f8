"""An adjustment's reason an older version stored with markup reads as damaged like any other free text, with a repair:
`course save --course-id ID --reason TEXT` (given with no adjustment) replaces it, the refusal says so; the window lists
the adjustment with its reason plain and marked, and saves once it is edited or removed; the department's work reads
the course with the reason left out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select, update

from planner.store.db import Store
from planner.store.db import schema as t

from .booking_scenario import stock
from .command_line import run
from .test_damaged_text_repair import COURSE, refused, stored_document

MOVE = ("--move", "3=2030-03-27T13:00")


def with_a_reason_stored_as_an_old_version_would(capsys: pytest.CaptureFixture[str], url: str, reason: str = "<b>x") -> None:
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, *MOVE, "--reason", "transport", "--db", url)
    assert status == 0, err
    with Store.open(url) as store, store.engine.begin() as conn:
        document = json.loads(conn.execute(select(t.courses.c.spec).where(t.courses.c.id == COURSE)).scalar_one())
        document["adjustments"]["moves"][0]["reason"] = reason
        conn.execute(update(t.courses).where(t.courses.c.id == COURSE).values(spec=json.dumps(document, sort_keys=True)))


def test_a_reason_with_markup_is_refused_naming_the_repair_and_course_save_reason_repairs_it(capsys, tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with_a_reason_stored_as_an_old_version_would(capsys, url)
    line = refused(capsys, "course", "show", COURSE, "--db", url)
    assert "field 'adjustments.moves.reason' (fraction-3)" in line and "holds markup" in line, line
    assert f"course save --course-id {COURSE} --reason TEXT" in line and "<b>" not in line, line

    # another change, the damaged reason left: refused, naming it and how; a reason with markup of its own: refused too
    line = refused(capsys, "course", "save", "--course-id", COURSE, "--location", "Riverside", "--db", url)
    assert "the reason of the move of fraction 3" in line and "--reason" in line and "<b>" not in line, line
    line = refused(capsys, "course", "save", "--course-id", COURSE, "--reason", "<i>y", "--db", url)
    assert line.startswith("--reason: ") and "markup" in line, line
    # on a course with no damaged reason, --reason alone still needs an adjustment
    line = refused(capsys, "course", "save", "--course-id", "course-prostate", "--reason", "transport", "--db", url)
    assert "give it with --move" in line, line

    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--reason", "patient unwell", "--db", url)
    assert status == 0, err
    assert stored_document(url)["adjustments"]["moves"] == [  # type: ignore[index]
        {"appointment": "fraction-3", "reason": "patient unwell", "start": "2030-03-27T13:00"}]
    status, out, err = run(capsys, "course", "show", COURSE, "--json", "--db", url)
    assert status == 0, err
    assert json.loads(out)["version"] == 3


def test_the_agenda_goes_on_with_a_course_whose_reason_is_damaged(capsys, tmp_path: Path):
    from .booking_scenario import place_bookings

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    with_a_reason_stored_as_an_old_version_would(capsys, url)
    status, out, err = run(capsys, "agenda", "--date", "2030-03-25", "--db", url)
    assert status == 0, err
    assert "Amir Haddad (H0002)" in out
    assert err.count("\n") == 1 and f"course save --course-id {COURSE} --reason TEXT" in err and "<b>" not in err, err


def test_the_window_lists_the_damaged_reason_plain_and_marked_and_saves_once_it_is_edited(qtbot, monkeypatch, capsys,
                                                                                           tmp_path: Path):
    from PySide6.QtWidgets import QMessageBox

    from planner.core.errors import Field
    from planner.ui.adjustments import EditAdjustmentDialog

    from .booking_scenario import main_window_on

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with_a_reason_stored_as_an_old_version_would(capsys, url)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: said.append(text))
    headings: list[str] = []

    def edited(dialog: EditAdjustmentDialog) -> int:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QLabel

        heading = dialog.findChildren(QLabel)[0]
        headings.append(heading.text())
        assert heading.textFormat() == Qt.TextFormat.PlainText
        dialog.reason.setCurrentText("transport")
        return 1

    monkeypatch.setattr(EditAdjustmentDialog, "exec", edited)
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(COURSE)
        assert said == []  # opened, not refused
        form = window.form
        items = [form.adjustments.list.item(i).text() for i in range(form.adjustments.list.count())]
        assert items == ["Fraction 3 moved to Wed 27 Mar 2030 13:00 (<b>x)"]  # a list item: plain text, never rendered
        qtbot.waitUntil(lambda: "holds markup" in form.errors[Field.REASON].text())
        assert form.errors[Field.REASON].isVisible() and "move of fraction 3" in form.errors[Field.REASON].text()
        assert not window.store_link.save()  # still damaged: not saved
        with Store.open(url) as store:
            assert store.load_course(COURSE, repairing=True).version == 2

        form.adjustments.list.setCurrentRow(0)
        form.adjustments.edit.click()
        assert headings and "(<b>x)" in headings[0]
        qtbot.waitUntil(lambda: not form.errors[Field.REASON].isVisible())
        assert window.store_link.save()
    assert stored_document(url)["adjustments"]["moves"][0]["reason"] == "transport"  # type: ignore[index]
