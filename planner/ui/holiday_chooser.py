"""Country and region of the public holidays, chosen from the same lists in the form and in Settings."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from ..core.clinic import holiday_countries, holiday_subdivisions


class HolidayChooser(QWidget):
    """Emits `changed` when the country or region changes; `code()` is "US-NY", "GB" or ""."""

    changed = Signal()

    def __init__(self, code: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.country = QComboBox()
        self.country.addItem("No public holidays", "")
        for country, name in holiday_countries():
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
        country = self.country.currentData() or ""
        self.subdivision.blockSignals(True)
        try:
            self.subdivision.clear()
            self.subdivision.addItem("Whole country", "")
            for code in holiday_subdivisions(country) if country else ():
                self.subdivision.addItem(code, code)
            self.subdivision.setCurrentIndex(max(self.subdivision.findData(chosen), 0))
            self.subdivision.setEnabled(self.subdivision.count() > 1)
        finally:
            self.subdivision.blockSignals(False)
