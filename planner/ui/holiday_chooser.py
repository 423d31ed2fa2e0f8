"""Country and region of the public holidays, chosen from the same lists in the form and in Settings."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from ..core.clinic import HolidaySource, holiday_countries, holiday_subdivisions, subdivision_label
from .type_ahead import TypeAheadCombo


class HolidayChooser(QWidget):
    """Emits `changed` when the country or region changes; `code()` is "US-NY", "GB" or ""."""

    changed = Signal()

    def __init__(self, holidays: HolidaySource, code: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.holidays = holidays
        self.country = TypeAheadCombo()  # filling a country's regions may outlast the pause between letters typed
        self.country.addItem("No public holidays", "")
        for country, name in holiday_countries(holidays):
            self.country.addItem(f"{name} ({country})", country)
        self.subdivision = QComboBox()
        self.subdivision.setToolTip("State, province or region whose holidays also apply")
        for combo in (self.country, self.subdivision):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.country, 2)
        row.addWidget(self.subdivision, 1)
        self.setFocusProxy(self.country)
        self.set_code(code)
        self.country.currentIndexChanged.connect(self._country_changed)
        self.subdivision.currentIndexChanged.connect(lambda _index: self.changed.emit())

    def set_code(self, code: str) -> None:
        country, _, subdivision = code.upper().partition("-")
        self.country.blockSignals(True)
        try:
            self.country.setCurrentIndex(max(self.country.findData(country), 0))
        finally:
            self.country.blockSignals(False)
        self._fill_subdivisions(subdivision)

    def code(self) -> str:
        country = self.country.currentData() or ""
        subdivision = self.subdivision.currentData() or ""
        return f"{country}-{subdivision}" if country and subdivision else country

    def _country_changed(self) -> None:
        self._fill_subdivisions("")
        self.changed.emit()

    def _fill_subdivisions(self, chosen: str) -> None:
        fill_subdivisions(self.holidays, self.subdivision, self.country.currentData() or "", chosen)


def fill_subdivisions(holidays: HolidaySource, combo: QComboBox, country: str, chosen: str) -> None:
    """The regions of `country` (as `holidays` knows them) whose holidays may apply, `chosen` selected;
    no signal while filling."""
    combo.blockSignals(True)
    try:
        combo.clear()
        combo.addItem("Whole country", "")
        names = holidays.subdivision_names(country) if country else {}  # asked once, not once a region
        for code in holiday_subdivisions(holidays, country) if country else ():
            combo.addItem(subdivision_label(names, code), code)
        combo.setCurrentIndex(max(combo.findData(chosen), 0))
        combo.setEnabled(combo.count() > 1)
    finally:
        combo.blockSignals(False)
