"""Department settings: clinic details, closures, machines with hours and capabilities, and downtime,
each an editable table, and the booking rules, a form; saved as one `Department` through the caller
(the store)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..app.booking import BookingDesk, CalendarUpdate, SlotTaken
from ..app.department_import import downtime_span
from ..app.department_tables import (
    CLOSURE_COLUMNS,
    DETAIL_KEYS,
    DETAIL_LABELS,
    DOWNTIME_COLUMNS,
    MACHINE_COLUMNS,
    TABLE_TITLES,
    CellProblem,
    DepartmentTables,
    cell_words,
    department_from_tables,
    new_downtime_row,
    new_machine_row,
    recorded_rows,
    table_problems,
    tables_from_department,
)
from ..app.store_words import store_reason, store_words
from ..booking.model import ClosureReport
from ..core.clinic import WEEKDAY_KEYS, HolidayRegion, HolidaySource, PackageHolidays
from ..core.department import Department, DepartmentFileError
from ..core.errors import Field, InputError
from ..core.text import counted, quoted
from ..store.db import DowntimeHitsBookings, StoreError
from .booking_rules_form import BookingRulesForm
from .course_form import FieldError
from .department_clinic import ClinicPage
from .department_delegates import (
    CapabilitiesDelegate,
    CheckedTableModel,
    ClosureDateDelegate,
    HoursDelegate,
    MachineChoiceDelegate,
    MarkedCellDelegate,
    MomentDelegate,
    RecordedTableModel,
    closure_day_words,
    moment_words,
)
from .dialog_fit import FRAME_ROOM, screen_room
from .discard_question import may_discard
from .formats import day_text
from .wheel_guard import WheelOnlyWhenFocused, guard_wheel

HINTS = {
    "Closures": "Days the whole clinic is closed, with a name such as 'Staff training day'. Type a date as 24 Dec 2026 or "
                "2026-12-24, or press Alt+Down for the calendar.",
    "Machines": "Capabilities are words such as vmat, sbrt, dibh, srs; ct: a CT simulator (planning scans), room: a clinic room "
                "(reviews); opening hours per weekday as 07:30-19:00 (empty: closed). A new machine starts with the hours "
                "of the one selected.",
    "Downtime": "Planned QA or service, in the clinic's local time; the machine as named under Machines. A new row starts "
                "with the selected machine's next opening hours.",
}
TABLE_KEYS = {"Closures": "closures", "Machines": "machines", "Downtime": "downtime"}
CAPTIONS = {"Closures": "Days the clinic is closed (&table):", "Machines": "Machines and their opening hours (&table):",
            "Downtime": "Planned downtime (&table):"}
ROW_WORDS = {"Closures": "closure", "Machines": "machine", "Downtime": "downtime"}
HOURS_WIDTH_TEXT = "07:30-19:00"


def _shipped_capabilities() -> frozenset[str]:
    """The words the shipped catalogue asks for, when the caller names no catalogue."""
    from ..app.catalogues import catalogue_at
    from ..app.machine_roles import ROLE_WORDS, known_capabilities
    from ..core.errors import CatalogueError

    try:
        return known_capabilities(catalogue_at(""))
    except CatalogueError:
        return ROLE_WORDS


class TableKeys(QObject):
    """An event filter on a table: Insert adds a row, Delete removes the selected ones (not while a cell is edited)."""

    def __init__(self, view: QTableView, actions: dict[Qt.Key, Callable[[], None]]) -> None:
        super().__init__(view)
        self._view = view
        self._actions = actions

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and not event.modifiers()
                and self._view.state() != QAbstractItemView.State.EditingState):
            action = next((act for key, act in self._actions.items() if event.key() == key), None)  # any key code, known or not
            if action is not None:
                action()
                return True
        return False


ROOMY_SIZE = (1040, 560)  # the machines' table shows a week of hours without scrolling


def _refused(what: str, exc: Exception, display_url: str) -> str:
    """'Not saved: REASON' for the store's own refusal (a machine still booked) or bad input; a failure of the database
    itself (another program holds it, its file is damaged...) in the sentence `store_words` makes of it."""
    if isinstance(exc, StoreError) and exc.trouble is not None:
        return f"{what}. {store_words(exc, display_url)}"
    return f"{what}: {store_reason(exc, display_url) if isinstance(exc, StoreError) else exc}"


class DepartmentDialog(QDialog):
    """Edits a copy of the department; `save` is called with the checked result and may raise to refuse it."""

    def __init__(self, department: Department, save: Callable[[Department], None], parent: QWidget | None = None,
                 known_capabilities: frozenset[str] | None = None, desk: BookingDesk | None = None,
                 holidays: HolidaySource | None = None) -> None:
        """`desk`: the booking desk on the same store; with it, new closures over booked days that the store
        refuses are offered as "Close and re-book" (the closure with the re-booking of their patients).
        `holidays`: where the public holidays region is checked (else the holidays package itself)."""
        super().__init__(parent)
        self.setWindowTitle("Department settings")
        self._save = save
        self.desk = desk
        self.holidays = holidays
        self._closed_before = {day for day, _ in department.closures}
        self.closing: list[tuple[date, str]] = []  # the new closures over booked days offered for closing
        self.closure: tuple[ClosureReport, list[CalendarUpdate]] | None = None  # once closed and re-booked here
        self._known = known_capabilities if known_capabilities is not None else _shipped_capabilities()
        self.capability_note = FieldError("warning")  # under the machines: words no catalogue entry asks for
        self.result_department: Department | None = None
        tables = tables_from_department(department)
        self.details = CheckedTableModel(("Value",), [[tables.details[key]] for key in DETAIL_KEYS], row_labels=DETAIL_LABELS)
        recorded = recorded_rows(department)  # who recorded each downtime and closure, and when: the last column
        self.closures = RecordedTableModel(CLOSURE_COLUMNS, tables.closures, lambda _row, cells: recorded.of_closure(cells),
                                          shown={0: closure_day_words})
        self.machines = CheckedTableModel(MACHINE_COLUMNS, tables.machines)
        # Each machine row's name as stored (None: a row added here) and a key of its own, kept in step with the rows: a
        # name edited is a machine renamed (it keeps its bookings, downtime and what its downtime moved). Each downtime
        # row holds the key of its machine's row, so it follows that row's renames, two machines swapping names too.
        self._stored_names: list[str | None] = [row[0] for row in self.machines.rows()]
        self._machine_keys: list[int] = list(range(len(self._stored_names)))
        self._next_key = len(self._machine_keys)
        self._following = False  # a downtime row's machine set to follow a rename: it stays that row's
        self.machines.rowsInserted.connect(self._machine_rows_added)
        self.machines.rowsRemoved.connect(self._machine_rows_removed)
        self.machines.dataChanged.connect(self._machine_renamed)
        self.renamed: dict[str, str] = {}  # at Save: the machines renamed, stored name -> new name
        self.downtime = RecordedTableModel(DOWNTIME_COLUMNS, tables.downtime,
                                           lambda row, cells: recorded.of_downtime(self._as_stored(row, cells)),
                                           shown={1: moment_words, 2: moment_words})
        self._downtime_machines: list[int | None] = [self._machine_key_named(row[0]) for row in self.downtime.rows()]
        self._removed_names: dict[int, str | None] = {}  # each machine row removed here: its name as stored
        self.downtime.rowsInserted.connect(self._downtime_rows_added)
        self.downtime.rowsRemoved.connect(self._downtime_rows_removed)
        self.downtime.dataChanged.connect(self._downtime_machine_chosen)
        self.models: dict[str, CheckedTableModel] = {"details": self.details, "closures": self.closures,
                                                     "machines": self.machines, "downtime": self.downtime}
        self.booking = BookingRulesForm(department.booking)
        self.clinic = ClinicPage(self.details, holidays)
        self.tabs = QTabWidget()
        self.views: dict[str, QTableView] = {}
        self.add_buttons: dict[str, QPushButton] = {}
        self.remove_buttons: dict[str, QPushButton] = {}
        self.tabs.addTab(self.clinic, "&Clinic")
        for title, label in (("Closures", "C&losures"), ("Machines", "&Machines"), ("Downtime", "&Downtime")):
            self.tabs.addTab(self._page(title), label)  # one Alt letter each: Clinic has C, so Closures takes L
        self.tabs.addTab(self.booking, "&Booking")
        self.tabs.currentChanged.connect(self._into_page)
        self._delegates()
        self.machines.dataChanged.connect(self._note_capabilities)
        self.machines.rowsRemoved.connect(self._note_capabilities)
        self._note_capabilities()
        for model in self.models.values():
            model.dataChanged.connect(self._edited)
            model.rowsInserted.connect(self._check_cells)
            model.rowsRemoved.connect(self._check_cells)
        self.error = FieldError()
        self.close_button = QPushButton()
        self.close_button.setToolTip("Record the new closures now and re-book every appointment on those days (as Department "
                                     "closed… in the Bookings window), then save the settings")
        self.close_button.clicked.connect(self.close_and_rebook)
        self.close_button.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        # Alt+S on every page: the Booking page's second session took N for it (the table pages have A and E, the tabs C,
        # L, M, D and B). The Cancel button needs none: Escape.
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Save")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        offer = QHBoxLayout()
        offer.addWidget(self.close_button)
        offer.addStretch(1)
        layout.addLayout(offer)
        layout.addWidget(buttons)
        self._check_cells()
        self._widths()
        for view in self.views.values():  # a cell typed longer than its column widens it, to be read whole
            view.model().dataChanged.connect(lambda first, last, *_, view=view: self._grow_columns(view, first, last))
        room = screen_room(self)  # a 1024×700 laptop too: the right edge, Cancel and the close box stay on screen
        width, height = ROOMY_SIZE
        if room is not None:
            width, height = min(width, room.width() - FRAME_ROOM[0]), min(height, room.height() - FRAME_ROOM[1])
        self.resize(width, height)
        self._wheel_guard = WheelOnlyWhenFocused(self)
        guard_wheel(self, self._wheel_guard)  # the wheel over a list or number it passes does not change it
        self._opened_as = self._state()
        self._unknown_at_open = {(self._machine_keys[row], word) for row, _, word in self.unknown_words()}  # by row: kept through a rename

    def unknown_words(self) -> list[tuple[int, str, str]]:
        """(row, machine, word) for each capability word on the Machines tab that no catalogue entry asks for."""
        from ..app.machine_roles import unknown_capabilities

        return [(row, cells[0].strip(), word) for row, cells in enumerate(self.machines.rows())
                for word in unknown_capabilities([w.lower() for w in cell_words(cells[2])], self._known)]

    def _unknown_words_kept(self) -> bool:
        """Whether the capability words no catalogue entry asks for, typed since the dialog opened, are meant: a typo
        ("rooom") turns a clinic room into a machine that takes treatment sessions. Go back (the default) goes to the
        first one's cell."""
        from ..app.machine_roles import likely_meant

        new = [(row, machine, word) for row, machine, word in self.unknown_words()
               if (self._machine_keys[row], word) not in self._unknown_at_open]
        if not new:
            return True
        lines = []
        for _, machine, word in new:
            meant = likely_meant(word, self._known)
            lines.append(f"• {machine or 'A machine'}: '{word}'" + (f" (did you mean '{meant}'?)" if meant else ""))
        box = QMessageBox(QMessageBox.Icon.Warning, "Capabilities no site asks for",
                          "No site or regimen of the catalogue asks for these capabilities:\n" + "\n".join(lines)
                          + "\n\nA machine is booked by its words: without 'ct' or 'room' it takes treatment sessions, so a "
                          "mistyped word can make a clinic room or a CT simulator a treatment machine.", parent=self)
        back = box.addButton("&Go back", QMessageBox.ButtonRole.RejectRole)
        box.addButton("&Save anyway", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.exec()
        if box.clickedButton() is not back:
            return True
        row, machine, word = new[0]
        self.show_problem(CellProblem("machines", row, MACHINE_COLUMNS.index("Capabilities"),
                                      f"'{word}' is not a capability the catalogue asks for", machine))
        return False

    def _state(self) -> tuple[object, ...]:
        return self.tables(), self.booking.state()

    def reject(self) -> None:
        """Escape, Cancel or the close button: changes are thrown away only when the user says so."""
        if self.isModal() and self.result_department is None and self._state() != self._opened_as \
                and not may_discard(self, "the department's settings"):  # modal: run by exec(), as the window does
            return
        super().reject()

    def _page(self, title: str) -> QWidget:
        model = self.models[TABLE_KEYS[title]]
        page = QWidget()
        column = QVBoxLayout(page)
        hint = QLabel(HINTS[title])
        hint.setWordWrap(True)
        column.addWidget(hint)
        view = QTableView()
        view.setModel(model)
        view.setObjectName(f"{TABLE_KEYS[title]}-table")
        view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a Tab stop even while the table is empty
        view.setTabKeyNavigation(False)  # Tab leaves the table for its buttons; arrows move between cells
        view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.SelectedClicked)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setWordWrap(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.views[title] = view
        caption = QLabel(CAPTIONS[title])
        caption.setBuddy(view)
        column.addWidget(caption)
        column.addWidget(view, 1)
        if title == "Machines":
            column.addWidget(self.capability_note)
        row = QHBoxLayout()
        word = ROW_WORDS[title]
        add = QPushButton(f"&Add {word}")
        add.setToolTip(f"A new {word} row (Alt+A); Insert in the table does the same")
        add.clicked.connect(lambda: self.add_row(title))
        remove = QPushButton(f"R&emove {word}")
        remove.setToolTip(f"Remove the selected {word} rows (Alt+E); Delete in the table does the same")
        remove.clicked.connect(lambda: self.remove_rows(title))
        self.add_buttons[title], self.remove_buttons[title] = add, remove
        keys = TableKeys(view, {Qt.Key.Key_Insert: lambda: self.add_row(title), Qt.Key.Key_Delete: lambda: self.remove_rows(title)})
        view.installEventFilter(keys)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        column.addLayout(row)
        return page

    def _into_page(self, index: int) -> None:
        """A page chosen by its Alt letter from a field (or Save) takes the focus to its first field or table, as a
        keyboard user expects; chosen on the tab bar itself, the focus stays there for the arrows."""
        if QApplication.focusWidget() is self.tabs.tabBar():
            return
        page = self.tabs.widget(index)
        title = next((t for t, view in self.views.items() if view.parentWidget() is page), None)
        first: QWidget = (self.views[title] if title is not None else self.clinic.name if page is self.clinic
                          else self.booking.within)
        first.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _delegates(self) -> None:
        """Each column its editor: dates, hours, capability words, the machine, a date and a time."""
        closures, machines, downtime = self.views["Closures"], self.views["Machines"], self.views["Downtime"]
        for view in self.views.values():
            view.setItemDelegate(MarkedCellDelegate(view))
        closures.setItemDelegateForColumn(0, ClosureDateDelegate(closures))
        machines.setItemDelegateForColumn(2, CapabilitiesDelegate(lambda: sorted(self._known), machines))
        hours = HoursDelegate(machines)
        for offset in range(len(WEEKDAY_KEYS)):
            machines.setItemDelegateForColumn(3 + offset, hours)
        downtime.setItemDelegateForColumn(0, MachineChoiceDelegate(self.machine_names, downtime))
        moment = MomentDelegate(downtime)
        downtime.setItemDelegateForColumn(1, moment)
        downtime.setItemDelegateForColumn(2, moment)

    def _widths(self) -> None:
        """Columns wide enough to read what they hold (the hours whole); a narrow window scrolls sideways."""
        metrics = self.fontMetrics()
        icon = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) + 24  # room for the warning sign and padding
        for title, view in self.views.items():
            view.resizeColumnsToContents()
            header = view.horizontalHeader()
            header.setStretchLastSection(title != "Machines")
            for column in range(view.model().columnCount()):
                least = {"Closures": (metrics.horizontalAdvance("Wed 30 Sep 2026") + icon, 0),
                         "Downtime": (metrics.horizontalAdvance("Linac name 1") + icon, metrics.horizontalAdvance("Wed 30 Sep 2026, 07:30")
                                      + icon, metrics.horizontalAdvance("Wed 30 Sep 2026, 07:30") + icon, 0),
                         "Machines": (metrics.horizontalAdvance("Linac name 1") + icon, metrics.horizontalAdvance("Beam-matched group") + 12,
                                      metrics.horizontalAdvance("vmat, sbrt, dibh, srs") + 12)
                         + (metrics.horizontalAdvance(HOURS_WIDTH_TEXT) + icon,) * len(WEEKDAY_KEYS)}[title]
                if column < len(least):
                    view.setColumnWidth(column, max(view.columnWidth(column), least[column]))

    def _grow_columns(self, view: QTableView, first: QModelIndex, last: QModelIndex) -> None:
        """The columns of the cells just changed widen to show them whole ("Snow: the building is closed" was "Sno…"
        in the Name column of a table that opened empty), up to two thirds of the table; never narrower, and the last
        column, stretched, fills the rest already."""
        header = view.horizontalHeader()
        final = view.model().columnCount() - 1
        room = view.viewport().width() * 2 // 3
        for column in range(first.column(), last.column() + 1):
            if header.stretchLastSection() and column == final:
                continue
            wanted = view.sizeHintForColumn(column)
            if room > 0:
                wanted = min(wanted, room)
            if wanted > view.columnWidth(column):
                view.setColumnWidth(column, wanted)

    def machine_names(self) -> list[str]:
        """The machines named on the Machines tab, as the downtime's machine is chosen."""
        names: list[str] = []
        for row in self.machines.rows():
            if row[0].strip() and row[0].strip() not in names:
                names.append(row[0].strip())
        return names

    def _note_capabilities(self, *_: object) -> None:
        """A note per capability word no catalogue entry asks for: a typo would make a clinic room a treatment machine."""
        from ..app.machine_roles import capability_note

        notes = [note for row in self.machines.rows()
                 for note in capability_note(row[0].strip(), [word.lower() for word in cell_words(row[2])], self._known)]
        self.capability_note.show_message("\n".join(f"Note: {note}" for note in notes))

    def _machine_key_named(self, name: str, keep: int | None = None) -> int | None:
        """The key of the machine row named `name` (`keep` when its row is still so named), None when no row is."""
        names = [row[0].strip() for row in self.machines.rows()]
        if keep is not None and keep in self._machine_keys and names[self._machine_keys.index(keep)] == name.strip():
            return keep
        return next((key for key, named in zip(self._machine_keys, names, strict=True) if named and named == name.strip()), None)

    def _machine_rows_added(self, _parent: QModelIndex, first: int, last: int) -> None:
        count = last - first + 1
        self._stored_names[first:first] = [None] * count
        self._machine_keys[first:first] = range(self._next_key, self._next_key + count)
        self._next_key += count

    def _machine_rows_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        gone = set(self._machine_keys[first:last + 1])
        self._removed_names.update((key, name) for key, name in zip(self._machine_keys[first:last + 1],
                                                                    self._stored_names[first:last + 1], strict=True))
        del self._stored_names[first:last + 1]
        del self._machine_keys[first:last + 1]
        # a removed machine's downtime rows stay marked its own (-1 - key): another machine given its name takes none
        self._downtime_machines = [-1 - key if key in gone else key for key in self._downtime_machines]
        self._recorded_changed()

    def _removed_machines_downtime(self) -> list[CellProblem]:
        """Each downtime row of a machine removed here that names a machine listed now (another renamed to the removed
        one's name): refused, as Save would make the removed machine's downtime the other's."""
        names = {row[0].strip() for row in self.machines.rows() if row[0].strip()}
        problems = []
        for row, (cells, owner) in enumerate(zip(self.downtime.rows(), self._downtime_machines, strict=True)):
            name = cells[0].strip()
            if owner is None or owner >= 0 or name not in names:
                continue
            removed = self._removed_names.get(-1 - owner) or name
            problems.append(CellProblem("downtime", row, 0, f"this downtime is that of the machine removed here ({quoted(removed)}), "
                                        f"not of the one now named {quoted(name)}: remove this row (it goes with its machine); "
                                        f"{quoted(name)} down then too is a row of its own (Add downtime)"))
        return problems

    def _downtime_rows_added(self, _parent: QModelIndex, first: int, last: int) -> None:
        self._downtime_machines[first:first] = [None] * (last - first + 1)

    def _downtime_rows_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        del self._downtime_machines[first:last + 1]

    def _downtime_machine_chosen(self, first: QModelIndex, last: QModelIndex, roles: list[int] | None = None) -> None:
        """A downtime row's machine chosen or typed: the row is that machine's (the row named so; None: no machine is)."""
        if self._following or first.column() > 0 or (roles and Qt.ItemDataRole.EditRole not in roles):
            return  # followed a rename, another cell, or a mark (the warning sign) changed, not the machine
        rows = self.downtime.rows()
        for row in range(first.row(), min(last.row(), len(rows) - 1) + 1):
            self._downtime_machines[row] = self._machine_key_named(rows[row][0], self._downtime_machines[row])

    def _machine_renamed(self, first: QModelIndex, last: QModelIndex, roles: list[int] | None = None) -> None:
        """A machine's name edited: its downtime rows (those of its row, whatever they said) name it as typed now. A
        downtime row of a machine removed here follows no other machine, whatever its name."""
        if first.column() > 0 or (roles and Qt.ItemDataRole.EditRole not in roles):
            return  # another cell, or a mark changed
        rows = self.machines.rows()
        for row in range(first.row(), min(last.row(), len(rows) - 1) + 1):
            now, key = rows[row][0].strip(), self._machine_keys[row]
            if not now:
                continue  # its downtime keeps the name it had until one is typed
            for down_row, (down, owner) in enumerate(zip(self.downtime.rows(), self._downtime_machines, strict=True)):
                if owner == key and down[0].strip() != now:
                    self._following = True
                    try:
                        self.downtime.setData(self.downtime.index(down_row, 0), now)
                    finally:
                        self._following = False

    def _recorded_changed(self) -> None:
        """The downtime's Recorded column said again (a row's machine is no longer the one the store knows it by)."""
        if self.downtime.rowCount():
            column = self.downtime.recorded_column
            self.downtime.dataChanged.emit(self.downtime.index(0, column), self.downtime.index(self.downtime.rowCount() - 1, column),
                                           [Qt.ItemDataRole.DisplayRole])

    def _as_stored(self, row: int, cells: list[str]) -> list[str]:
        """A downtime row as stored: its machine under the name the store knows its machine's row by (a machine renamed
        here keeps who recorded its downtime, as Save keeps it)."""
        owner = self._downtime_machines[row] if row < len(self._downtime_machines) else None
        if not cells or owner is None or owner not in self._machine_keys:
            return cells
        stored = self._stored_names[self._machine_keys.index(owner)]
        return [stored, *cells[1:]] if stored else cells

    def machines_renamed(self) -> dict[str, str]:
        """The stored machines whose name was edited: stored name -> name as typed."""
        return {stored: row[0].strip() for stored, row in zip(self._stored_names, self.machines.rows(), strict=True)
                if stored and row[0].strip() and row[0].strip() != stored}

    def _edited(self, first: QModelIndex, last: QModelIndex, roles: list[int] | None = None) -> None:
        if roles and Qt.ItemDataRole.EditRole not in roles and Qt.ItemDataRole.DisplayRole not in roles:
            return  # a mark changed, not a value
        self._check_cells()

    def _check_cells(self, *_: object) -> list[CellProblem]:
        """Mark every cell the department would refuse (the warning sign and the reason as its tooltip) and put each
        Clinic field's reason under it; returns the problems in the order of the tabs."""
        problems = table_problems(self.tables()) + self._removed_machines_downtime()
        region = self.details.rows()[DETAIL_KEYS.index("holidays")][0].strip()
        if region and not any(p.table == "details" and p.row == DETAIL_KEYS.index("holidays") for p in problems):
            try:
                HolidayRegion.parse(Field.HOLIDAYS, region, self.holidays or PackageHolidays())
            except InputError as exc:
                problems.insert(sum(p.table == "details" for p in problems),
                                CellProblem("details", DETAIL_KEYS.index("holidays"), 0, exc.reason))
        for key, model in self.models.items():
            model.set_problems({(p.row, p.column): p.words() for p in problems if p.table == key})
        self.clinic.show_problems({DETAIL_KEYS[p.row]: p.reason for p in problems if p.table == "details"})
        return problems

    def add_row(self, title: str) -> None:
        """A new row after the last, filled to be edited rather than typed: a machine with the hours of the selected
        one (or the last, or the clinic's treatment days); downtime for the selected machine's next opening hours."""
        view = self.views[title]
        model = self.models[TABLE_KEYS[title]]
        current = view.currentIndex().row() if view.currentIndex().isValid() else None
        cells: list[str] = []
        if title == "Machines":
            cells = new_machine_row(self.machines.rows(), self.details.rows()[DETAIL_KEYS.index("treatment_days")][0], current)
        elif title == "Downtime":
            rows = self.downtime.rows()
            machine = rows[current][0] if current is not None and current < len(rows) else ""
            today = self.desk.today if self.desk is not None else date.today()
            cells = new_downtime_row(self.machines.rows(), machine, today, rows)
        row = model.rowCount()
        model.insertRows(row, 1)
        for column, text in enumerate(cells):
            if text:
                model.setData(model.index(row, column), text)
        index = model.index(row, 0)
        view.setFocus()
        view.setCurrentIndex(index)
        view.scrollTo(index)
        view.edit(index)

    def remove_rows(self, title: str) -> None:
        """The selected rows (or the current one) removed; the current cell stays in the table for the next."""
        view = self.views[title]
        model = self.models[TABLE_KEYS[title]]
        selected = view.selectionModel().selectedIndexes()
        rows = sorted({index.row() for index in selected}, reverse=True)
        if not rows and view.currentIndex().isValid():
            rows = [view.currentIndex().row()]
        column = max(view.currentIndex().column(), 0)
        for row in rows:
            model.removeRows(row, 1)
        if rows and model.rowCount():
            view.setCurrentIndex(model.index(min(rows[-1], model.rowCount() - 1), column))

    def tables(self, booking: dict[str, Any] | None = None) -> DepartmentTables:
        details = {key: row[0] for key, row in zip(DETAIL_KEYS, self.details.rows(), strict=True)}
        return DepartmentTables(details=details, booking=booking or {}, closures=self.closures.rows(),
                                machines=self.machines.rows(), downtime=self.downtime.rows())

    def show_problem(self, problem: CellProblem) -> None:
        """Go to the problem's tab and field or cell, select it, and say in words which and why."""
        if problem.table == "details":
            self.tabs.setCurrentWidget(self.clinic)
            self.clinic.fields[DETAIL_KEYS[problem.row]].setFocus()
        else:
            title = TABLE_TITLES[problem.table]
            view = self.views[title]
            self.tabs.setCurrentIndex(list(TABLE_TITLES.values()).index(title))
            index = self.models[problem.table].index(problem.row, problem.column)
            view.setCurrentIndex(index)
            view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            view.scrollTo(index)
            view.setFocus()
        self.error.show_message(problem.words())

    def accept(self) -> None:
        """Check every table; a refusal (or the store's) is shown under the tables, at its cell, and nothing closes."""
        focused = QApplication.focusWidget()
        for view in self.views.values():  # a cell still being edited is taken as typed (its editor commits on leaving)
            if focused is not None and focused is not view and view.isAncestorOf(focused):
                view.setFocus()
        booking = self.booking.values()
        if booking is None:  # the reason is under the field on the Booking page
            self.tabs.setCurrentWidget(self.booking)
            self.error.show_message("")
            return
        problems = self._check_cells()
        if problems:
            first = problems[0]
            if first.table == "details" and DETAIL_KEYS[first.row] == "holidays":
                self.show_problem(first)  # a region the holidays package does not know would stop every course from being planned
                self.error.show_message(f"Public holidays: {first.reason}")
                return
            self.show_problem(first)
            more = len(problems) - 1
            if more:
                self.error.show_message(f"{first.words()} (and {counted(more, 'other cell')} marked with the warning sign)")
            return
        try:
            department = department_from_tables(self.tables(booking))
        except DepartmentFileError as exc:  # a check no cell holds alone
            self.error.show_message(str(exc))
            return
        try:
            department.clinic_calendar(self.holidays)
        except InputError as exc:
            self.show_problem(CellProblem("details", DETAIL_KEYS.index("holidays"), 0, exc.reason))
            self.error.show_message(f"Public holidays: {exc.reason}")
            return
        if not self._unknown_words_kept():
            return
        self.renamed = self.machines_renamed()
        try:
            self._save(department)
        except DowntimeHitsBookings as exc:  # patients booked in it: the machine-down action re-books them
            self.error.show_message(f"Not saved: {exc.down.machine}'s downtime {downtime_span(exc.down)} hits {exc.hit} booked "
                                    f"appointment{'s' if exc.hit != 1 else ''}. Record it with Department → Bookings… → Machine "
                                    "down…, which re-books those patients and says who moved.")
            return
        except (StoreError, InputError, OSError) as exc:  # the store refuses: the user reads why, the dialog stays open
            self.error.show_message(_refused("Not saved", exc, self.desk.store.display_url if self.desk else ""))
            self._offer_closing(department)
            return
        self.result_department = department
        super().accept()

    def _offer_closing(self, department: Department) -> None:
        """The new closures on days holding bookings, offered to close with the re-booking of their patients."""
        self.closing = []
        self.close_button.hide()
        if self.desk is None:
            return
        added = [(day, note) for day, note in department.closures if day not in self._closed_before and day >= self.desk.today]
        try:
            booked = self.desk.booked_on(day for day, _ in added)
        except (StoreError, InputError):
            return
        self.closing = [(day, note) for day, note in added if day in booked]
        if not self.closing:
            return
        patients = len(set().union(*booked.values()))
        # K: free on every page (the Booking page's Urgent reserve has R, the tables' Remove E)
        offer = f"Close and re-book the {counted(patients, 'affected patient')}"
        self.close_button.setText(offer.replace("re-book", "re-boo&k"))
        self.close_button.show()
        # Said in the window's words: the store's refusal names the command line ("closure --date 2026-12-11"), and
        # the Bookings window, rather than the offer right under it.
        days = ", ".join(day_text(day) for day, _ in self.closing)
        self.error.show_message(f"Not saved: {counted(patients, 'patient')} {'is' if patients == 1 else 'are'} booked on {days}, "
                                f"closed now. “{offer}” below (Alt+K) closes {'it' if len(self.closing) == 1 else 'them'} "
                                "and re-books those patients, then saves; or take the closure out to save the rest.")
        self.close_button.setFocus()  # Enter or Space takes the offer; Save stays a Tab away

    def close_and_rebook(self) -> None:
        """Record the new closures over booked days with every re-booking (all or nothing), then save the settings."""
        if self.desk is None or not self.closing:
            return
        try:
            self.closure = self.desk.close_days(self.closing)
        except SlotTaken as exc:
            self.error.show_message(f"Not closed: someone booked or moved an appointment meanwhile ({exc}); nothing was changed. "
                                    "Save again.")
            self.close_button.hide()
            return
        except (StoreError, InputError) as exc:
            self.error.show_message(_refused("Not closed", exc, self.desk.store.display_url))
            self.close_button.hide()
            return
        self._closed_before |= {day for day, _ in self.closing}
        moved = len({m.course_id for m in (*self.closure[0].moved, *self.closure[0].appended)})
        self.close_button.hide()
        self.accept()
        if self.result() != QDialog.DialogCode.Accepted:  # the other changes still refused: the closure stands, said first
            self.error.show_message(f"The closures are recorded and {counted(moved, 'patient')} re-booked; the other changes "
                                    f"were not saved. {self.error.text()}")
