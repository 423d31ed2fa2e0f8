"""The department's closures beside a course that keeps its own calendar (its own holidays, closures or treatment
days). A department closure (snow, a power cut, Christmas) closes every machine, so it closes that course too, but it
stays the department's: the course's form lists the course's own closures and names the department's apart, read-only,
and saving the course does not make them its own (one the department takes back is gone from the course too)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

Closure = tuple[date, str]  # the day and its note ("Staff training day"; "" for none)


@dataclass(frozen=True)
class DepartmentClosures:
    """The department's closures as a course keeping its own calendar is shown them."""

    closures: tuple[Closure, ...]  # the department's
    own: frozenset[Closure] = frozenset()  # those the course's own calendar holds as well (it took them when it left the department's)

    def own_of(self, closed: Iterable[Closure]) -> tuple[Closure, ...]:
        """The course's own closures among `closed`, the closures it is shown with (its own and the department's)."""
        return tuple(item for item in closed if item not in self.closures or item in self.own)

    def beside(self, own: Iterable[Closure]) -> tuple[Closure, ...]:
        """The department's closures that close the course beside its `own`: a day its own calendar closes keeps the
        course's note."""
        days = {day for day, _ in own}
        return tuple(item for item in self.closures if item[0] not in days)

    def joined(self, own: Iterable[Closure]) -> tuple[Closure, ...]:
        """The closures the course is planned with: its `own` and the department's beside them, by day."""
        own = tuple(own)
        return tuple(sorted((*own, *self.beside(own)), key=lambda item: item[0]))
