"""The Patients list's Status cell of a course whose make-up was never booked read '⚠ Make-up …' at the list's
widths (its count, '1 fraction not given', only in the tooltip). The cell now says the count ('⚠ 1 fraction not
given', in bold; the status's name is in its tooltip, its spoken words and the status filter), and the column is as
wide as its longest status where the name can give way for it. The list folds at the same width as before."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QStyle

from planner.store.db import Store
from planner.ui.patient_list import STATUS_COLUMN, PatientListPanel

from ..test_patients_list_folds import drawn
from .test_make_up_never_booked import AFTER, _today, url  # noqa: F401 - the fixture

CELL = "\u26a0 1 fraction not given"


def status_shown(panel: PatientListPanel) -> str:
    """The status as the list draws it in row 0: its folded first line, or the cell's text elided to its column (the
    '⚠' drawn as the window's warning sign before it, see test_patients_list_sign_on_selection)."""
    if panel.model.folded:
        return f"\u26a0 {drawn(panel, 0, STATUS_COLUMN)[0]}"
    table = panel.table
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    room = table.columnWidth(STATUS_COLUMN) - 2 * margin
    bold = QFont()
    bold.setBold(True)
    return QFontMetrics(bold).elidedText(str(panel.model.index(0, STATUS_COLUMN).data()), Qt.TextElideMode.ElideRight, room)


def panel_at(qtbot, store: Store, width: int) -> PatientListPanel:
    panel = PatientListPanel(store)
    qtbot.addWidget(panel)
    panel.resize(width, 400)
    panel.show()
    qtbot.waitExposed(panel)
    panel.refresh()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    return panel


def test_the_status_cell_says_the_fractions_not_given_whole(url, qtbot, monkeypatch):  # noqa: F811
    _today(monkeypatch, AFTER)
    with Store.open(url) as store:
        for width in (400, 560):  # the dock's first width at 1600x1000 (the list folded), and a dock widened (a column each)
            panel = panel_at(qtbot, store, width)
            assert panel.model.folded == (width == 400)
            cell = panel.model.index(0, STATUS_COLUMN)
            assert cell.data() == CELL and cell.data(Qt.ItemDataRole.FontRole).bold()
            spoken = "Make-up not booked, 1 fraction not given" + (", head-neck" if panel.model.folded else "")
            assert cell.data(Qt.ItemDataRole.AccessibleTextRole) == spoken  # the status's name, heard
            qtbot.waitUntil(lambda panel=panel: status_shown(panel) == CELL)  # whole, not '⚠ Make-up …'
            assert cell.data(Qt.ItemDataRole.ToolTipRole).startswith(f"{spoken}.\n")
            if panel.model.folded:
                assert panel.table.horizontalScrollBar().maximum() == 0  # the folded list still whole in view


def test_the_list_folds_where_it_did(url, qtbot, monkeypatch):  # noqa: F811
    """The status's own width (its 'On treatment') still decides where the list folds, not its longest cell."""
    _today(monkeypatch, AFTER)
    with Store.open(url) as store:
        panel = panel_at(qtbot, store, 560)
        metrics = panel.table.fontMetrics()
        assert panel._widths[STATUS_COLUMN] == max(metrics.horizontalAdvance("On treatment") + 16,
                                                   panel.table.horizontalHeader().fontMetrics().horizontalAdvance("Status") + 24)
        fold_at = panel._name_min + sum(panel._widths[1:5])
        chrome = panel.width() - panel.table.viewport().width()
        panel.resize(fold_at + chrome, 400)
        qtbot.waitUntil(lambda: panel.table.viewport().width() == fold_at)
        assert not panel.model.folded
        panel.resize(fold_at + chrome - 1, 400)
        qtbot.waitUntil(lambda: panel.table.viewport().width() == fold_at - 1)
        assert panel.model.folded
