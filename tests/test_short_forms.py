"""The day view's shorter forms as plain text rules (no Qt): a name shortened to the room of its block as clinical
schedules do (whole, else the family name with the given names' initials, else the initials, else cut short with an
ellipsis), in any script; and a downtime's label ("Down 08:00–13:00 (magnetron)") shortened to a narrow column. The
room is measured here in characters; the window measures with its font."""

from __future__ import annotations

import pytest

from planner.core.short_forms import ELLIPSIS, distinct_names, down_label_lines, name_choices, name_initials, short_name


def room(width: int):
    """`fits` and `elided` for a room of `width` characters, cut as Qt cuts: the ellipsis counted in the width."""

    def fits(text: str) -> bool:
        return len(text) <= width

    def elided(text: str, middle: bool = False) -> str:
        if len(text) <= width:
            return text
        if width < 2:
            return ""
        keep = width - 1
        return f"{text[:keep - keep // 2]}{ELLIPSIS}{text[len(text) - keep // 2:]}" if middle else f"{text[:keep]}{ELLIPSIS}"

    return fits, elided


@pytest.mark.parametrize(("name", "short", "letters"), [
    ("Jane Alice Smith", "J. A. Smith", "J. A. S."),
    ("Smith, Jane Alice", "Smith, J. A.", "J. A. S."),
    ("Jean-Luc Picard", "J.-L. Picard", "J.-L. P."),
    ("Anne Smith-Jones", "A. Smith-Jones", "A. S.-J."),
    ("Ludwig van Beethoven", "L. van Beethoven", "L. v. B."),
    ("Zoë Ångström", "Z. Ångström", "Z. Å."),
    ("Élodie Nguyễn", "É. Nguyễn", "É. N."),
    ("Eamon O'Neill", "E. O'Neill", "E. O."),
    ("Патрик Иванов", "П. Иванов", "П. И."),
    ("Cher", "Cher", "Cher"),
    ("Patient 0042", "P. 0042", "P. 0042"),
])
def test_a_name_in_a_script_with_capitals_has_a_short_form_and_initials(name, short, letters):
    assert short_name(name) == short
    assert name_initials(name) == letters


@pytest.mark.parametrize("name", ["王小明", "王 小明", "محمد بن سلمان", "דוד כהן", "สมชาย ใจดี", "山田 太郎"])
def test_a_name_in_a_script_without_capitals_is_not_made_into_initials(name):
    """Initials are not how these names are shortened: they stay whole, or are cut short with an ellipsis."""
    assert short_name(name) == name and name_initials(name) == name
    fits, elided = room(3)
    choices = name_choices(name, fits, elided)
    assert choices and all(ELLIPSIS in choice or choice == name for choice in choices)
    assert all(ELLIPSIS in choice or fits(choice) for choice in choices)


def test_the_whole_name_then_the_family_name_with_initials_then_the_initials_then_an_ellipsis():
    name = "Christopher Montgomery"
    assert name_choices(name, *room(30))[0] == name
    assert name_choices(name, *room(15))[0] == "C. Montgomery"
    assert name_choices(name, *room(8))[0] == "C. M."
    assert name_choices(name, *room(4))[0] == "C.M."
    first = name_choices(name, *room(3))[0]
    assert first.endswith(ELLIPSIS) and len(first) <= 3  # never a hard cut
    jane = name_choices("Jane Alice Smith", *room(9))
    assert jane[0] == "J. A. S." and all(len(each) <= 9 for each in jane)


def test_every_choice_fits_and_any_cut_says_so():
    for name in ("Maria Garcia Lopez", "Jean-Luc Picard-Dupont", "Zoë Ångström", "محمد بن سلمان", "Smith, Jane Alice"):
        for width in range(2, 30):
            fits, elided = room(width)
            for choice in name_choices(name, fits, elided):
                assert fits(choice), (name, width, choice)
                assert choice in (name, short_name(name), name_initials(name), name_initials(name).replace(" ", "")) \
                    or choice.endswith(ELLIPSIS) or ELLIPSIS in choice, (name, width, choice)


def test_two_patients_of_one_column_with_the_same_initials_are_told_apart():
    fits, elided = room(10)
    names = ("Christopher Montgomery", "Christine Montgomery", "Christopher Montgomery")
    shown = distinct_names([(name, name_choices(name, fits, elided)) for name in names])
    assert shown[0] != shown[1] and shown[0] == shown[2]
    assert all(fits(text) for text in shown)


def lines_for(span: str, reason: str, width: int, lines: int) -> list[str]:
    fits, elided = room(width)
    return down_label_lines(span, reason, fits, lambda text: elided(text, False), lines)


def test_a_downtime_label_whole_where_it_fits_then_shorter_forms():
    assert lines_for("08:00–13:00", "magnetron", 40, 1) == ["Down 08:00–13:00 (magnetron)"]
    assert lines_for("08:00–13:00", "magnetron", 20, 5) == ["Down 08:00–13:00", "magnetron"]
    assert lines_for("08:00–13:00", "magnetron", 12, 5) == ["Down", "08:00–13:00", "magnetron"]
    assert lines_for("08:00–13:00", "magnetron", 20, 1) == ["Down 08:00–13:00"]
    assert lines_for("08:00–13:00", "magnetron", 12, 1) == ["Down"]
    assert lines_for("08:00–13:00", "", 12, 3) == ["Down", "08:00–13:00"]
    assert lines_for("all day", "service", 12, 2) == ["Down all day", "service"]


def test_a_downtime_reason_longer_than_its_room_ends_in_an_ellipsis():
    shown = lines_for("08:00–13:00", "cooling water leak in the gantry stand", 12, 4)
    assert shown[:3] == ["Down", "08:00–13:00", "cooling"] and shown[3].endswith(ELLIPSIS) and len(shown[3]) <= 12
    assert lines_for("08:00–13:00", "recalibration", 12, 3) == ["Down", "08:00–13:00", f"recalibrati{ELLIPSIS}"]  # one long word, cut
    for width in range(3, 40):
        for count in range(1, 6):
            for line in lines_for("08:00–13:00", "MLC leaf motor replaced", width, count):
                assert len(line) <= width and (line.endswith(ELLIPSIS) or all(
                    word in ["Down", "08:00–13:00", "MLC", "leaf", "motor", "replaced"] for word in line.strip("()").split())), line
