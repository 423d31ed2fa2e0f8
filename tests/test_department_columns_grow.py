"""A closure's name, a downtime's reason or a machine's name typed in Department settings is read whole in its
column: the Name column of an empty Closures table started as wide as its heading, and "Snow: building closed" showed
as "Sno…" beside a Recorded column across the rest of the dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView

from tests.test_department_settings_editor import open_dialog

LONG = {"Closures": (1, "Snow: the building is closed"), "Downtime": (3, "Planned service and beam QA"),
        "Machines": (0, "TrueBeam Linac 3 (bunker B)")}


def test_a_long_name_or_reason_typed_in_a_table_is_shown_whole(qtbot):
    dialog = open_dialog(qtbot)
    for title, (column, text) in LONG.items():
        view = dialog.views[title]
        dialog.tabs.setCurrentIndex(["Clinic", "Closures", "Machines", "Downtime"].index(title))
        dialog.add_row(title)
        if view.state() == QAbstractItemView.State.EditingState:
            view.closePersistentEditor(view.currentIndex())
        model = view.model()
        row = model.rowCount() - 1
        model.setData(model.index(row, column), text)
        needed = view.fontMetrics().horizontalAdvance(text)
        assert view.columnWidth(column) > needed, title  # whole, with the cell's padding
