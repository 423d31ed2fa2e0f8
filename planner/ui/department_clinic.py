"""The Clinic page of the department settings: the department's name, address, phone, time zone, public
holidays and treatment days as fields (check boxes, pick lists), kept in step with the details rows the
department file's checks read."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QFormLayout, QLineEdit, QWidget

from ..app.department_tables import DETAIL_KEYS, cell_words
from ..core.clinic import WEEKDAY_KEYS, WEEKDAY_NAMES, HolidaySource, PackageHolidays, parse_weekday
from ..core.errors import Field, InputError
from ..core.zones import listed_zones
from .course_form import FieldError, labelled_row, side_by_side
from .holiday_chooser import HolidayChooser
from .text_table import TextTableModel

LABELS = {"name": "&Name:", "address": "&Address:", "phone": "&Phone:", "timezone": "Time &zone:",
          "holidays": "Public &holidays:", "treatment_days": "Treatment da&ys:"}
TIPS = {"phone": "Printed on every sheet and written into every calendar",
        "timezone": "The IANA zone of the clinic's wall clock: type a part of it ('London') to find it",
        "holidays": "Country and region whose public holidays close the clinic: type a part of a name to find it",
        "treatment_days": "The weekdays on which the clinic treats"}


def searchable(combo: QComboBox, settle: bool = False) -> None:
    """A pick list that finds an entry by any part of its words ('kingdom' -> 'United Kingdom (GB)'), typed or chosen.
    With `settle`, what is typed and left becomes the one entry it names, or the chosen entry again: the field never
    shows a text that is not what will be saved."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
    if settle:
        line = combo.lineEdit()
        line.editingFinished.connect(lambda: _settle(combo))


def _settle(combo: QComboBox) -> None:
    typed = combo.currentText().strip().lower()
    if combo.currentIndex() >= 0 and typed == combo.itemText(combo.currentIndex()).lower():
        return
    named = [i for i in range(combo.count()) if typed and typed in combo.itemText(i).lower()]
    exact = [i for i in named if combo.itemText(i).lower() == typed]
    chosen = (exact or named)[0] if exact or len(named) == 1 else combo.currentIndex()
    combo.setCurrentIndex(chosen)
    combo.setEditText(combo.itemText(chosen))


class ClinicPage(QWidget):
    """Fields over the details rows (`details`: one value a row, in DETAIL_KEYS order): an edit writes the row,
    a row written elsewhere shows in its field; each field has its own line for its problem."""

    def __init__(self, details: TextTableModel, holidays: HolidaySource | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details = details
        self._syncing = False
        self.errors: dict[str, FieldError] = {}
        self.fields: dict[str, QWidget] = {}
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name = QLineEdit()
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("e.g. +44 20 7946 0000")
        self.zone = QComboBox()
        self.zone.addItems(listed_zones())
        searchable(self.zone)
        self.holidays = HolidayChooser(holidays if holidays is not None else PackageHolidays())
        searchable(self.holidays.country, settle=True)
        searchable(self.holidays.subdivision, settle=True)
        days, line = side_by_side()
        self.day_boxes: list[QCheckBox] = []
        for index, key in enumerate(WEEKDAY_KEYS):
            box = QCheckBox(key.capitalize())
            box.setToolTip(WEEKDAY_NAMES[index])
            self.day_boxes.append(box)
            line.addWidget(box)
        line.addStretch(1)
        editors: dict[str, QWidget] = {"name": self.name, "address": self.address, "phone": self.phone, "timezone": self.zone,
                                       "holidays": self.holidays.country, "treatment_days": self.day_boxes[0]}
        for key, widget in (("name", self.name), ("address", self.address), ("phone", self.phone), ("timezone", self.zone),
                            ("holidays", self.holidays), ("treatment_days", days)):
            self.errors[key] = labelled_row(form, LABELS[key], widget, editors[key], TIPS.get(key, ""))  # Alt+letter: the field
            self.fields[key] = editors[key]
        self._show_rows()
        for edit, key in ((self.name, "name"), (self.address, "address"), (self.phone, "phone")):
            edit.textEdited.connect(lambda text, key=key: self._write(key, text))
        self.zone.currentTextChanged.connect(lambda text: self._write("timezone", text))
        self.holidays.changed.connect(lambda: self._write("holidays", self.holidays.code()))
        for box in self.day_boxes:
            box.toggled.connect(lambda _on: self._write("treatment_days", self._days_text()))
        details.dataChanged.connect(self._rows_changed)

    def _days_text(self) -> str:
        return ",".join(key for key, box in zip(WEEKDAY_KEYS, self.day_boxes, strict=True) if box.isChecked())

    def value(self, key: str) -> str:
        return str(self.details.data(self.details.index(DETAIL_KEYS.index(key), 0), Qt.ItemDataRole.EditRole) or "")

    def _write(self, key: str, text: str) -> None:
        if not self._syncing:
            self.details.setData(self.details.index(DETAIL_KEYS.index(key), 0), text)

    def _rows_changed(self, first: QModelIndex | QPersistentModelIndex, last: QModelIndex | QPersistentModelIndex,
                      roles: list[int] | None = None) -> None:
        if roles and Qt.ItemDataRole.EditRole not in roles and Qt.ItemDataRole.DisplayRole not in roles:
            return  # a mark, not a value
        self._show_rows()

    def _show_rows(self) -> None:
        """Every field as its row reads (a value typed elsewhere, or read from the department)."""
        self._syncing = True
        try:
            for key, edit in (("name", self.name), ("address", self.address), ("phone", self.phone)):
                if edit.text() != self.value(key):
                    edit.setText(self.value(key))
            if self.zone.currentText() != self.value("timezone"):
                self.zone.setCurrentText(self.value("timezone"))
            self._show_holidays(self.value("holidays").strip())
            try:
                days = {parse_weekday(Field.TREATMENT_DAYS, word) for word in cell_words(self.value("treatment_days"))}
            except InputError:
                days = set()
            for index, box in enumerate(self.day_boxes):
                box.setChecked(index in days)
        finally:
            self._syncing = False

    def _show_holidays(self, code: str) -> None:
        """The region in the pick lists; a code they do not hold is added as written, to be refused at Save."""
        if self.holidays.code() == code.upper():
            return
        self.holidays.set_code(code)
        if self.holidays.code() == code.upper() or not code:
            return
        country, _, region = code.upper().partition("-")
        combos = ((self.holidays.country, country), (self.holidays.subdivision, region))
        for combo, part in combos:
            if part and combo.findData(part) < 0:
                combo.blockSignals(True)
                try:
                    combo.addItem(f"{part} (not in the list)", part)
                    combo.setCurrentIndex(combo.count() - 1)
                    combo.setEnabled(True)
                finally:
                    combo.blockSignals(False)
            elif part:
                combo.blockSignals(True)
                combo.setCurrentIndex(combo.findData(part))
                combo.blockSignals(False)

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each field's problem on its own line under it (none: the line hidden)."""
        for key, error in self.errors.items():
            error.show_message(problems.get(key, ""))
