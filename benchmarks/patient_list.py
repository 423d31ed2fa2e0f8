"""Opening the patient list on a 5,000-course store (a department with a year of bookings), to the first paint of its
rows, beside a baseline: the same first page read with a bare SQLAlchemy select into a plain Qt table, painted the
same way."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

COURSES = 5000


def _first_paint(show: Callable[[], object], viewport_of: Callable[[object], object]) -> float:
    """Seconds from calling `show` to the first paint of the table's viewport."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    painted: list[float] = []

    class PaintWatch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(time.perf_counter())
            return False

    watch = PaintWatch()
    begin = time.perf_counter()
    widget = show()
    viewport = viewport_of(widget)
    viewport.installEventFilter(watch)  # type: ignore[attr-defined]
    deadline = begin + 10
    while not painted and time.perf_counter() < deadline:
        app.processEvents()  # type: ignore[union-attr]
    viewport.removeEventFilter(watch)  # type: ignore[attr-defined]
    widget.close()  # type: ignore[attr-defined]
    widget.deleteLater()  # type: ignore[attr-defined]
    app.processEvents()  # type: ignore[union-attr]
    if not painted:
        raise RuntimeError("the list was never painted")
    return painted[0] - begin


def measure(repeat: int) -> tuple[float, float, int]:
    """(median ms of the planner's patient list, median ms of the baseline, rows painted)."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QTableView
    from sqlalchemy import select

    from planner.store.db import Store
    from planner.store.db import schema as t
    from planner.ui.patient_list import PatientListPanel
    from tests.store_fill import book_filled, fill_store

    QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="planner-bench-store-"))
    store = Store.open(f"sqlite:///{folder / 'planner.db'}")
    book_filled(store, fill_store(store, COURSES))  # a department's year of bookings: the status reads them
    with store.engine.begin() as conn:  # every tenth course owes its patient a calendar update: the list marks it
        ids = conn.execute(select(t.courses.c.id).order_by(t.courses.c.id)).scalars().all()
        conn.execute(t.courses.update().where(t.courses.c.id.in_(ids[::10])).values(calendar_owed=True))
    rows = 0

    def planner_list() -> PatientListPanel:
        nonlocal rows
        panel = PatientListPanel(store)
        panel.resize(420, 800)
        panel.refresh()
        panel.show()
        rows = panel.model.rowCount()
        assert panel.model.total == COURSES
        return panel

    def baseline() -> QTableView:
        query = (select(t.patients.c.name, t.patients.c.hospital_number, t.courses.c.site, t.courses.c.first_day,
                        t.courses.c.last_day, t.courses.c.cancelled)
                 .join(t.patients, t.patients.c.id == t.courses.c.patient_id)
                 .order_by(t.patients.c.name_folded).limit(200))
        with store.engine.connect() as conn:
            found = conn.execute(query).all()
        model = QStandardItemModel(len(found), 6)
        for r, row in enumerate(found):
            for c, value in enumerate(row):
                model.setItem(r, c, QStandardItem(str(value)))
        view = QTableView()
        view.setModel(model)
        view.model_ = model  # type: ignore[attr-defined]
        view.resize(420, 800)
        view.show()
        return view

    planner_list_view = lambda panel: panel.table.viewport()  # noqa: E731
    bare_view = lambda view: view.viewport()  # noqa: E731
    _first_paint(planner_list, planner_list_view)  # warm: the database's pages and Qt's fonts, as a running app has them
    _first_paint(baseline, bare_view)
    ours, theirs = [], []
    for _ in range(repeat):
        ours.append(_first_paint(planner_list, planner_list_view))
        theirs.append(_first_paint(baseline, bare_view))
    store.close()
    return statistics.median(ours) * 1e3, statistics.median(theirs) * 1e3, rows
