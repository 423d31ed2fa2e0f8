"""The window's one way of writing a date, so the form, the list, the views and the messages agree.

The words come from the core (planner.core.dates), so notices built there read the same as the window.
"""

from __future__ import annotations

from ..core.dates import date_text as date_text
from ..core.dates import day_text as day_text
from ..core.dates import short_day_text as short_day

__all__ = ["date_text", "day_text", "short_day"]
