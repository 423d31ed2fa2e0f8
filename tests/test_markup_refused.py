"""No text the planner takes in holds markup. Qt shows a label, message box or tooltip whose first line holds a
tag as rich text, and an <img> there makes it read the file it names: a course file whose patient is called
'<img src="/dev/zero">' filled the window's memory (a pipe hung it) as soon as the Open dialog's preview named
the patient. Such text is refused naming the field, like a control character, and a message quoting it shows
the '<' escaped; '<' before a digit or a space ('Hb <90') is plain text and kept."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from planner.cli import main
from planner.core.department import plain_text
from planner.core.errors import Field, InputError
from planner.core.text import quoted, single_line_problem
from planner.store.course_file import CourseFileError, load_course

HOSTILE = '<img src="/dev/zero">'
COURSE = ["--site", "prostate", "--preset", "20-daily", "--start", "2026-11-23", "--tz", "UTC"]


@pytest.mark.parametrize("text", [HOSTILE, "<b>Jane</b>", "Jane</i>", "<!-- x -->", "a<span"])
def test_markup_is_refused_and_quoted_escaped(text):
    problem = single_line_problem(text)
    assert problem is not None and "holds markup" in problem
    assert "<" not in quoted(text).replace("'<'", "")  # the message shows no tag to render
    with pytest.raises(InputError, match="without markup"):
        plain_text(Field.NAME, text)


@pytest.mark.parametrize("text", ["Hb <90", "a < b", "<3 weeks", "O'Brien-Smith", "Zoë Ångström"])
def test_a_less_than_sign_that_opens_no_tag_is_plain_text(text):
    assert single_line_problem(text) is None
    assert plain_text(Field.NAME, text) == text


def test_a_course_file_naming_a_patient_with_markup_is_refused_naming_the_field(tmp_path, capsys):
    course = tmp_path / "course.json"
    assert main(["plan", *COURSE, "--patient", "Jane Doe", "--save", str(course)]) == 0
    data = json.loads(course.read_text(encoding="utf-8"))
    data["patient"]["name"] = HOSTILE
    course.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CourseFileError, match="field 'name'.*holds markup"):
        load_course(course)
    capsys.readouterr()
    assert main(["plan", "--course", str(course)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "holds markup" in err and "<img" not in err


def test_the_command_line_refuses_markup_in_an_option(capsys):
    assert main(["plan", *COURSE, "--location", "<b>Level 2</b>"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("planner: error: --location:") and "holds markup" in err


def test_the_open_dialogs_preview_shows_a_refused_file_as_plain_text(qtbot, tmp_path):
    from planner.ui.files import CourseOpenDialog

    course = tmp_path / "course.json"
    course.write_text(json.dumps({"schema": 2, "patient": {"name": HOSTILE, "id": "H1"}}), encoding="utf-8")
    dialog = CourseOpenDialog(None, str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show_preview(str(course))
    assert dialog.preview.textFormat() == Qt.TextFormat.PlainText
    assert dialog.preview.text().startswith("Not a course the planner can open")


@pytest.mark.parametrize(("schema", "shown"), [('<img src="/dev/zero">', "'\\x3cimg src=\"/dev/ze...'"), ("2", "'2'"), (99, "99"),
                                               ("\x1b[31m", "'\\x1b[31m'")])
def test_a_course_files_schema_is_quoted_as_read(tmp_path, schema, shown):
    """The schema was written raw into the message, which the window shows in a message box: markup there was
    taken as rich text (an <img> read the file it names), and a schema "2" read 'schema 2 is not supported'."""
    course = tmp_path / "course.json"
    course.write_text(json.dumps({"schema": schema, "app": "igrt-course-planner"}), encoding="utf-8")
    with pytest.raises(CourseFileError) as refused:
        load_course(course)
    assert f"course file schema {shown} is not supported (expected 1 or 2)" in str(refused.value)


def test_a_reason_with_markup_is_refused_saying_so(tmp_path, capsys):
    """A reason's refusal said 'at most 200 characters' (course file) or 'control characters' (--reason) for any
    problem; markup is named as such."""
    course = tmp_path / "course.json"
    assert main(["plan", *COURSE, "--save", str(course)]) == 0
    data = json.loads(course.read_text(encoding="utf-8"))
    data["adjustments"]["moves"] = [{"appointment": "fraction-5", "start": "2026-11-30T10:00", "reason": HOSTILE}]
    course.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CourseFileError, match="field 'adjustments.moves': the reason .* holds markup"):
        load_course(course)
    capsys.readouterr()
    assert main(["plan", *COURSE, "--shift-from", "3", "--reason", "<i>transport</i>"]) == 2
    assert capsys.readouterr().err == ("planner: error: --reason: must be plain text, without markup "
                                       "(a '<' right before a letter)\n")
