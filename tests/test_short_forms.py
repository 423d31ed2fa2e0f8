"""The day view's shorter forms as plain text rules (no Qt): a name shortened to the room of its block as clinical
schedules do (whole, else the family name with the given names' initials where the name says which is its family
name, by a comma or capitals, else the first and the last word whole, never a guess by language; else the initials,
else cut short with an ellipsis), in any script; and a downtime's label ("Down 08:00–13:00 (magnetron)") shortened
to a narrow column. The room is measured here in characters; the window measures with its font."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
    # the order written says nothing of which word is the family name: the first and the last stay whole
    ("Jane Alice Smith", "Jane A. Smith", "J. A. S."),
    ("Nguyễn Thị Minh Khai", "Nguyễn T. M. Khai", "N. T. M. K."),
    ("Maria Garcia Lopez", "Maria G. Lopez", "M. G. L."),
    ("Jean-Luc Picard", "Jean-Luc Picard", "J.-L. P."),
    ("Anne Smith-Jones", "Anne Smith-Jones", "A. S.-J."),
    ("Ludwig van Beethoven", "Ludwig van Beethoven", "L. v. B."),
    ("de Gaulle Charles André", "de Gaulle C. André", "d. G. C. A."),
    ("Nagy Ádám", "Nagy Ádám", "N. Á."),
    ("Kim Min-jun", "Kim Min-jun", "K. M.-j."),
    ("Zoë Ångström", "Zoë Ångström", "Z. Å."),
    ("Élodie Nguyễn", "Élodie Nguyễn", "É. N."),
    ("Eamon O'Neill", "Eamon O'Neill", "E. O."),
    ("Патрик Иванов", "Патрик Иванов", "П. И."),
    ("JANE SMITH", "JANE SMITH", "J. S."),  # all in capitals: no word marked
    ("Cher", "Cher", "Cher"),
    ("Patient 0042", "Patient 0042", "P. 0042"),
    # a comma says which is the family name: before it, kept whole
    ("Smith, Jane Alice", "Smith, J. A.", "J. A. S."),
    ("Garcia Lopez, Maria", "Garcia Lopez, M.", "M. G. L."),
    ("Nguyễn, Thị Minh Khai", "Nguyễn, T. M. K.", "T. M. K. N."),
    # so do capitals: the family name so written kept whole, where it is
    ("Jane Alice SMITH", "J. A. SMITH", "J. A. S."),
    ("NGUYỄN Thị Minh Khai", "NGUYỄN T. M. K.", "N. T. M. K."),
    ("NAGY Ádám", "NAGY Á.", "N. Á."),
    ("KIM Min-jun", "KIM M.-j.", "K. M.-j."),
    ("Ludwig van BEETHOVEN", "L. van BEETHOVEN", "L. v. B."),
    ("Maria GARCIA LOPEZ", "M. GARCIA LOPEZ", "M. G. L."),
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
    assert name_choices(name, *room(15))[0] == "C. M."  # which word is the family name is not known: not guessed
    assert name_choices("Christopher MONTGOMERY", *room(15))[0] == "C. MONTGOMERY"
    assert name_choices("Montgomery, Christopher", *room(15))[0] == "Montgomery, C."
    assert name_choices("Nguyễn Thị Minh Khai", *room(17))[0] == "Nguyễn T. M. Khai"
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


# Words of a name as people type them: a capital, then small letters (of several alphabets).
WORD = st.text(alphabet="abcdeghiklmnorstuyáéíóöőúüñçăâđêôơưễịжзмн", min_size=1, max_size=9).map(str.capitalize)
GIVEN = st.lists(WORD, min_size=1, max_size=3)


@given(family=WORD, given_names=GIVEN)
def test_a_one_word_family_name_stays_whole_written_first_or_last(family, given_names):
    """'Nguyễn Thị Minh Khai' read 'N. T. M. Khai', its family name made an initial: the app cannot know which end of
    a name is its family name, so neither end is ever shortened, whichever way the name is written."""
    assert short_name(" ".join([family, *given_names])).split()[0] == family
    assert short_name(" ".join([*given_names, family])).split()[-1] == family


@given(words=st.lists(WORD, min_size=1, max_size=6))
def test_a_short_form_keeps_every_word_in_its_place_whole_or_as_its_initial(words):
    shown = short_name(" ".join(words)).split()
    assert len(shown) == len(words)
    assert all(each == word or each == f"{word[0]}." for each, word in zip(shown, words, strict=True))
    assert name_initials(" ".join(words)).split() == ([f"{word[0]}." for word in words] if len(words) > 1 else words)


@given(family=WORD.filter(lambda word: len(word) > 1), given_names=GIVEN, first=st.booleans())
def test_a_family_name_marked_by_capitals_or_a_comma_stays_whole_the_given_names_become_initials(family, given_names, first):
    capitals = family.upper()
    words = [capitals, *given_names] if first else [*given_names, capitals]
    assert short_name(" ".join(words)).split() == [capitals if word == capitals else f"{word[0]}." for word in words]
    assert short_name(f"{family}, {' '.join(given_names)}") == f"{family}, {' '.join(f'{word[0]}.' for word in given_names)}"
