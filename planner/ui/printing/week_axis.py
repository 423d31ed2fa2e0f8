"""The printed week's time axis: where each minute of the day sits on the page.

A linear axis gave a ten-minute session a few points, less than its text needs; the block grew and pushed
the next one down, so a 07:10 review printed on the 09:00 row. Here the axis itself gives each stretch of
time the room its appointments' text needs, and the empty hours share what is left: every block starts at
its own time, the hour lines move with it, and nothing is pushed.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """`points` of page height needed between the minutes of the day `start` and `end`."""

    start: float
    end: float
    points: float


@dataclass(frozen=True)
class TimeAxis:
    """A piecewise linear map from minutes of the day to points down the page."""

    edges: tuple[float, ...]  # minutes, ascending, the first and last are the axis' ends
    ys: tuple[float, ...]  # the point each edge sits at

    @property
    def first(self) -> float:
        return self.edges[0]

    @property
    def last(self) -> float:
        return self.edges[-1]

    def y(self, minute: float) -> float:
        minute = min(max(minute, self.first), self.last)
        index = min(bisect_right(self.edges, minute), len(self.edges) - 1)
        lo, hi = self.edges[index - 1], self.edges[index]
        share = 0.0 if hi == lo else (minute - lo) / (hi - lo)
        return self.ys[index - 1] + share * (self.ys[index] - self.ys[index - 1])


def stretched_axis(top: float, height: float, first: float, last: float, spans: list[Span]) -> TimeAxis | None:
    """An axis from minute `first` at `top` to minute `last` at `top + height` in which each span has at least
    its points, as close to even as that allows; None when the spans need more than `height` together."""
    inside = [Span(max(s.start, first), min(s.end, last), s.points) for s in spans
              if s.end > s.start and s.end > first and s.start < last]
    edges = sorted({first, last, *(s.start for s in inside), *(s.end for s in inside)})
    lengths = [b - a for a, b in zip(edges, edges[1:], strict=False)]
    ordered = sorted(inside, key=lambda s: (s.end, s.start))
    where = {minute: index for index, minute in enumerate(edges)}

    def heights(per_minute: float) -> list[float]:
        result = [per_minute * length for length in lengths]
        for span in ordered:  # by end: room added at a span's end never undoes an earlier span's
            i, j = where[span.start], where[span.end]
            short = span.points - sum(result[i:j])
            if short > 0:
                result[j - 1] += short
        return result

    if sum(heights(0.0)) > height + 0.01:
        return None
    low, high = 0.0, height / max(1.0, last - first)
    for _ in range(40):  # the largest even share of the empty time that still fits
        middle = (low + high) / 2
        if sum(heights(middle)) <= height:
            low = middle
        else:
            high = middle
    parts = heights(low)
    spare = height - sum(parts)
    total = sum(lengths) or 1.0
    parts = [part + spare * length / total for part, length in zip(parts, lengths, strict=True)]
    ys = [top]
    for part in parts:
        ys.append(ys[-1] + part)
    return TimeAxis(tuple(edges), tuple(ys))
