"""File names and the messages that quote them, shown in the window as they are, on one line.

A file's name is the one text the window shows that the planner never checked when it came in: a
name may hold a line break (the title, a menu item or the status bar would show two lines, the
second looking like the window's own words), a right-to-left override (U+202E: 'course', the override,
then 'nosj.fdp' reads as 'coursefdp.json'), a NUL byte (a recent file edited into the settings file) or an invisible
character (two recent files that look the same). Each such character is shown as its escape
(backslash n, backslash u202e), as the command line shows them. A path thousands of characters long
(folders nested deep) is shown cut in its middle: its message box grew taller than the screen, its OK
button below the screen's edge.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from ..core.text import printable

# Characters that show as nothing and that no script needs in a file's name: the zero-width space, the word joiner,
# the zero-width no-break space (a stray byte-order mark). The joiners (U+200C, U+200D) stay: Persian and Indic
# names and emoji need them.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff]")
SHOWN_CHARS = 1000  # the most of a message shown (a path 4,096 long in it: some 14 lines); its start and its end (the reason)
MENU_CHARS = 120  # in a menu, which does not wrap


def shown_name(name: str | PurePath, limit: int = SHOWN_CHARS) -> str:
    """`name` (a file's name or path, or a message quoting one) with every control character, line break,
    bidirectional override and invisible character written as its escape: one line, in its own order. Longer
    than `limit` characters, its middle is left out ('…'): its first quarter and the rest from its end."""
    shown = _INVISIBLE.sub(lambda match: f"\\u{ord(match.group()):04x}", printable(str(name)))
    if len(shown) <= limit:
        return shown
    head = limit // 4
    return f"{shown[:head]}…{shown[len(shown) - (limit - head - 1):]}"
