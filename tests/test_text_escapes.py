"""How text read from files and arguments is shown in one safe line: escapes and quoting at their edges."""

from __future__ import annotations

import pytest

from planner.core.errors import Field, InputError
from planner.core.limits import MAX_TEXT_CHARS
from planner.core.text import QUOTE_CHARS, printable, quoted, single_line


def test_each_unsafe_character_is_written_as_its_escape():
    # Bytes that were not UTF-8 arrive as surrogates U+DC80..U+DCFF and are shown as the bytes they were.
    assert printable("\udc80|\udcff") == "\\x80|\\xff"
    # Other lone surrogates, line separators and C1 controls keep their code point.
    assert printable("\udc7f|\udd00|\ud800|\u2028|\u2029|\x85|\x7f|\t") == "\\udc7f|\\udd00|\\ud800|\\u2028|\\u2029|\\x85|\\x7f|\\t"
    assert printable("café ü Ā") == "café ü Ā"


def test_a_quoted_value_is_cut_only_past_its_limit():
    assert quoted("a" * QUOTE_CHARS) == "'" + "a" * QUOTE_CHARS + "'"
    assert quoted("a" * (QUOTE_CHARS + 1)) == "'" + "a" * QUOTE_CHARS + "...'"
    assert quoted("ab\ncd", limit=3) == "'ab\\...'"


def test_each_kind_of_unclean_line_has_its_own_reason_naming_the_field():
    assert single_line(Field.LOCATION, "Room 2") == "Room 2"
    for text in ("a\nb", "a\rb", "a\u2028b", "a\u2029b"):
        assert refusal(Field.LOCATION, text) == f"location: {quoted(text)} must be one line (it holds a line break)"
    for text in ("a\x07b", "a\tb", "a\x85b"):
        assert refusal(Field.LOCATION, text) == f"location: {quoted(text)} holds a control character"
    # The whole surrogate range, both ends included: text that was not UTF-8.
    for text in ("a\ud800", "a\udc80", "a\udfff"):
        assert refusal(Field.PATIENT, text) == f"patient: {quoted(text)} is not valid UTF-8 text"
    assert refusal(Field.PATIENT, "a" * (MAX_TEXT_CHARS + 1)).endswith(f"is {MAX_TEXT_CHARS + 1} characters long (at most {MAX_TEXT_CHARS})")
    assert single_line(Field.PATIENT, "a" * MAX_TEXT_CHARS) == "a" * MAX_TEXT_CHARS


def refusal(field: Field, text: str) -> str:
    with pytest.raises(InputError) as caught:
        single_line(field, text)
    return str(caught.value)


def test_file_size_limits_are_said_alike_in_every_refusal():
    """The course file said 'at most 1000000 bytes', the department file 'over 1 MB': one wording now."""
    from planner.core.text import size_words

    assert [size_words(n) for n in (1_000_000, 4_000_000, 64_000, 4 * 1024 * 1024, 999)] == [
        "1 MB", "4 MB", "64 kB", "4194304 bytes", "999 bytes"]
