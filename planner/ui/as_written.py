"""Tooltips and message boxes that show text word for word.

Qt takes a tooltip or a message box whose first line holds a tag for rich text, and an <img> there makes it read
the file it names (a pipe hangs the window, /dev/zero fills its memory). The planner refuses such text as it comes
in, but a store shared with an older planner, or edited by hand, may still hold a name or a value with one, and a
message may quote a file's path.
"""

from __future__ import annotations

from typing import Any

from ..core.text import MARKUP


def as_written(tip: Any) -> Any:
    """`tip` unchanged, unless it is text holding a tag: then that text escaped as rich text, so Qt shows it as written."""
    if not isinstance(tip, str) or MARKUP.search(tip) is None:
        return tip
    # Imported here: this module is imported before the window's first paint, and html (2-4 ms) serves only the few
    # tips that hold a tag (tests/test_start_frame_cost.py)
    from html import escape

    return "<p style='white-space:pre-wrap'>" + escape(tip, quote=False).replace("\n", "<br>") + "</p>"
