"""Reading TOML text that may be hostile: the catalogue and the department file both go through here.

The parser is tomli, the standard library's tomllib as its author publishes it, compiled (mypyc), of a version that
reads TOML 1.0 as tomllib does (pyproject.toml): the same answers, about twice as fast (the catalogue, 17 kB: 2.8-5.3
-> 1.5-2.8 ms, read by every command and window that plans or books). Like tomllib it recurses into nested arrays
(RecursionError), turns an integer of thousands of digits into a ValueError, and takes time that grows with the
square of a dotted key's depth (`[a.a.a...]` half a megabyte long takes minutes), so such a text is refused before or
while parsing, with a reason.
"""

from __future__ import annotations

import re
from itertools import repeat
from typing import Any

import tomli

# Strings and comments, removed before counting the dots of a line's keys.
_TOML_TEXT = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*')
MAX_KEY_DOTS = 32  # a.b.c: the planner's files nest keys at most two deep; tomllib slows down steeply with depth


class TomlRefused(ValueError):
    """TOML text that cannot be read; the message is the reason (without the file's name)."""


def deepest_key(text: str) -> int:
    """The most dots on one line outside strings and comments."""
    return max((line.count(".") for line in _TOML_TEXT.sub('""', text).splitlines()), default=0)


def keys_too_deep(text: str) -> bool:
    """Whether a line of `text` holds a dotted key nested deeper than any file of the planner needs. A text with no line
    of more dots than that, strings and comments counted (the shipped catalogue: at most 5), is answered without taking
    its strings and comments out (the catalogue's check 0.78 -> 0.15 ms)."""
    if max(map(str.count, text.splitlines(), repeat(".")), default=0) <= MAX_KEY_DOTS:
        return False
    return deepest_key(text) > MAX_KEY_DOTS


def load_toml(text: str) -> dict[str, Any]:
    """The tables of a TOML text; TomlRefused says why it cannot be read (keys or values nested too
    deeply, a number too long, or the parser's own complaint)."""
    if keys_too_deep(text):
        raise TomlRefused("keys nested too deeply")
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise TomlRefused(str(exc)) from None
    except RecursionError:
        raise TomlRefused("nested too deeply") from None
    except ValueError:  # an integer of more than 4300 digits
        raise TomlRefused("a number too long to read") from None
