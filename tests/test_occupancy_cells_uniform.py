"""The week's occupancy cells read alike: every cell shows its minutes in one form (not '36 % · 1200 down' beside
'39 % · 900 min down'), a machine down part of a day keeps its booked and open minutes, and the time it was down
is said on a line of its own, always with its unit."""

from __future__ import annotations

import pytest

from planner.ui import department_views
from planner.ui.department_views import OccupancyView
from tests.department_sample import sample_agenda


@pytest.mark.parametrize("width", [1340, 1000, 760])
def test_every_cell_of_the_week_shows_the_same_form(qtbot, monkeypatch, width):
    view = OccupancyView()
    qtbot.addWidget(view)
    view.set_agenda(sample_agenda(days=7))
    view.resize(width, view.sizeHint().height())
    drawn: list[tuple[float, str]] = []  # (the cell's left edge, its words) of each cell with open hours
    at: list[float] = [0.0]
    real_label, real_cell = department_views.occupancy_label, OccupancyView._cell

    def cell(self, painter, palette, rect, *args) -> None:
        at[0] = rect.x()
        real_cell(self, painter, palette, rect, *args)

    def label(*args, **kwargs) -> str:
        drawn.append((at[0], real_label(*args, **kwargs)))
        return drawn[-1][1]

    monkeypatch.setattr(department_views, "occupancy_label", label)
    monkeypatch.setattr(OccupancyView, "_cell", cell)
    view.grab()
    week_x = max(x for x, _ in drawn)
    day_cells, week_cells = [w for x, w in drawn if x < week_x], [w for x, w in drawn if x == week_x]
    assert len(day_cells) > 7 and len(week_cells) == len(view.agenda.machines) + 1

    def form(label: str) -> str:
        first = label.split("\n")[0]
        return "minutes" if " / " in first else "short minutes" if "/" in first else "share"

    assert len({form(c) for c in day_cells}) == 1, day_cells  # one form in every day's cell
    assert len({form(c) for c in week_cells}) == 1, week_cells  # and one in the week's
    downs = [words.split("\n")[1] for _, words in drawn if "\n" in words]
    assert downs and all(line.endswith(" min down") for line in downs)
    if width >= 1340:  # room for the minutes: a day its machine was down part of keeps them
        assert all(form(words) == "minutes" for words in day_cells if "\n" in words)
