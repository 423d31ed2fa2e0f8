"""A refused move's reasons as a coordinator reads them: a reason shared by many sessions (the rest of a course
moved past the machine's closing time) said once for all of them, "fractions 3–20: outside Linac 1's open hours
(08:00–18:00)", not once per session; and no more than a few reasons, so the window's message and the command
line's one line stay short when every session meets another patient's booking.

The reasons come from `BookingDesk.check_move` and the course's rules, which name a session's reason
"fraction 7: ...", "review 2: ..."; any other reason is kept as it is."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..core.kinds import AppointmentKind

MOST_REASONS = 6  # a refused move names this many reasons at most, then how many more there are

_PLURALS = {AppointmentKind.FRACTION: "fractions", AppointmentKind.REVIEW: "reviews",
            AppointmentKind.FOLLOW_UP: "follow-ups", AppointmentKind.SIMULATION: "simulations"}
_SESSION_REASON = re.compile(r"(" + "|".join(re.escape(k.value) for k in AppointmentKind) + r") (\d{1,6}): (.+)", re.DOTALL)


def said_once(reasons: Iterable[str]) -> list[str]:
    """Each reason once, in the order first given; one given for several appointments of a kind names them together
    ('fractions 3–7, 9 and 12: the reason')."""
    numbers: dict[tuple[str, str], list[int]] = {}
    order: list[tuple[str, str]] = []  # (kind, reason), or ("", a reason naming no appointment)
    for reason in reasons:
        found = _SESSION_REASON.fullmatch(reason)
        key = (found.group(1), found.group(3)) if found else ("", reason)
        if key not in numbers:
            numbers[key] = []
            order.append(key)
        if found and int(found.group(2)) not in numbers[key]:
            numbers[key].append(int(found.group(2)))
    said = []
    for kind, reason in order:
        given = sorted(numbers[kind, reason])
        if not kind:
            said.append(reason)
        elif len(given) == 1:
            said.append(f"{kind} {given[0]}: {reason}")
        else:
            said.append(f"{_PLURALS[AppointmentKind(kind)]} {numbers_text(given)}: {reason}")
    return said


def shortest_reasons(reasons: Iterable[str], most: int = MOST_REASONS) -> list[str]:
    """`said_once`, at most `most` of them, then '… and N more'."""
    said = said_once(reasons)
    if len(said) <= most:
        return said
    return said[:most] + [f"… and {len(said) - most} more"]


def refusal_line(reasons: Iterable[str], most: int = MOST_REASONS) -> str:
    """The reasons on one line, for the command line's one line on stderr (and an InputError's reason)."""
    return "; ".join(shortest_reasons(reasons, most))


def numbers_text(numbers: list[int]) -> str:
    """[3, 4, 5, 9, 12, 13] -> '3–5, 9, 12 and 13': sorted numbers, each run of three or more as first–last."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts: list[str] = []
    for run in runs:
        parts += [f"{run[0]}–{run[-1]}"] if len(run) > 2 else [str(n) for n in run]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
