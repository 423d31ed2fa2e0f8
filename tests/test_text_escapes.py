"""How text read from files and arguments is shown in one safe line: escapes and quoting at their edges."""

from __future__ import annotations

from planner.core.text import QUOTE_CHARS, printable, quoted


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
