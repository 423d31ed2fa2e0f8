"""Text the planner takes in and shows: one clean line, and quoting that keeps a message on one line.

A name, place, note or id holds no line break, control character or undecodable byte (a
command-line argument that is not UTF-8 arrives as a lone surrogate): such text is refused,
never written raw into a calendar, a course file or a terminal.
"""

from __future__ import annotations

import re

from .errors import Field, InputError
from .limits import MAX_TEXT_CHARS

# C0 and C1 controls, DEL, the Unicode line and paragraph separators, lone surrogates, and the
# bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069), which reorder the
# rest of a terminal line or a list row ("Trojan source"); right-to-left names need none of them.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
QUOTE_CHARS = 80
# '<' opening a tag ('<b>', '</i>', '<img src=...>', '<!--'). Qt shows a label, message box or tooltip whose first line
# holds a tag as rich text, and an <img> or a style sheet there makes it read the file named (a pipe hangs the
# window, /dev/zero fills its memory), so no text the planner takes in holds one. '<' before a digit or a space
# ('Hb <90') is plain text.
MARKUP = re.compile(r"<(?=[A-Za-z/!?])")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return repr(char)[1:-1]  # \n, \x1b, \x85, \u2028, \ud800: Python's own escapes


def printable(text: str) -> str:
    """`text` with every control character, line break and undecodable byte written as an
    escape (`\\n`, `\\x1b`, `\\xff`): safe to print to a terminal, always one line."""
    return _UNSAFE.sub(_escape, text)


def holds_unsafe(text: str) -> bool:
    """Whether `text` holds a character `printable` escapes (control, line break, bidirectional override...)."""
    return _UNSAFE.search(text) is not None


def quoted(text: str, limit: int = QUOTE_CHARS) -> str:
    """A value quoted in an error message: escaped (a tag's '<' as \\x3c, so a message shown in the window
    stays plain text), and cut short when long."""
    shown = MARKUP.sub(r"\\x3c", printable(text))
    if len(shown) > limit:
        shown = shown[:limit] + "..."
    return f"'{shown}'"


def too_long(text: str, limit: int) -> str | None:
    """Why `text` is refused for its length (None when it is within `limit`): the one wording every field's length
    refusal uses, on its own after the field's name or after the value quoted."""
    if len(text) <= limit:
        return None
    return f"is {len(text)} characters long (at most {limit})"


def single_line_problem(text: str, limit: int = MAX_TEXT_CHARS) -> str | None:
    """Why `text` is not one clean line of at most `limit` characters (None when it is)."""
    found = _UNSAFE.search(text)
    if found:
        code = ord(found.group())
        if 0xD800 <= code <= 0xDFFF:
            return f"{quoted(text)} is not valid UTF-8 text"
        if found.group() in "\r\n\u2028\u2029":
            return f"{quoted(text)} must be one line (it holds a line break)"
        return f"{quoted(text)} holds a control character"
    if MARKUP.search(text):
        return f"{quoted(text)} holds markup (a '<' right before a letter): plain text only"
    long = too_long(text, limit)
    if long:
        return f"{quoted(text)} {long}"
    return None


def single_line(field: Field, text: str) -> str:
    """`text` unchanged when it is one clean line of at most MAX_TEXT_CHARS; otherwise an InputError naming `field`."""
    problem = single_line_problem(text)
    if problem:
        raise InputError(field, problem)
    return text


_PHONE = re.compile(r"\+?[0-9 ()./-]+(?:\s*(?:ext\.?|x)\s*[0-9]+)?", re.IGNORECASE)
PHONE_DIGITS = 3  # at least: an internal extension; a number a patient calls has more


def phone_problem(text: str) -> str | None:
    """Why `text` is not a phone number a patient could call (None: it is, or it is empty): digits, spaces and
    + ( ) - . / only, an extension after 'ext' or 'x', and at least PHONE_DIGITS digits. It is printed on every
    sheet and written into every calendar ("call reception" or "518-555-0142x" would reach the patient)."""
    number = text.strip()
    if not number:
        return None
    if not number.isascii() or _PHONE.fullmatch(number) is None or sum(c.isdigit() for c in number) < PHONE_DIGITS:
        return (f"{quoted(number)} is not a phone number: digits, spaces and + ( ) - . / only, an extension as "
                "'ext 12' or 'x12'")
    return None


def counted(number: int, noun: str) -> str:
    """'1 closure', '2 closures': a count with its noun, singular or plural (regular nouns only)."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def size_words(limit: int) -> str:
    """A file size limit as a message says it: 1_000_000 -> '1 MB', 64_000 -> '64 kB', else '1234 bytes'."""
    for unit, name in ((1_000_000, "MB"), (1_000, "kB")):
        if limit >= unit and limit % unit == 0:
            return f"{limit // unit} {name}"
    return f"{limit} bytes"
