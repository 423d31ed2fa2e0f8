"""The first start's guidance at the top of the form: set the clinic up in Settings (and a department's
machines in Department settings) before the first course goes to a patient."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..core.clinic import HolidaySource, region_words
from ..store.settings import Settings


def clinic_is_set_up(settings: Settings) -> bool:
    """Whether the settings name the clinic or its phone: a clinic that typed neither has not set itself up."""
    return bool(settings.clinic_name.strip() or settings.clinic_phone.strip())


def setup_words(settings: Settings, department: bool, holidays_from: HolidaySource | None = None) -> str:
    """What the hint says: what is missing, what the courses use meanwhile, and where to set it."""
    region = region_words(settings.holidays, holidays_from)
    holidays = f"the public holidays of {region}" if settings.holidays else "no public holidays"
    words = ("<b>Set up your clinic first.</b> Its name, phone number, time zone and public holidays go on every "
             f"calendar and print. Until then, courses use this computer's time zone ({settings.zone_name}) and {holidays}, "
             "and tell the patient no number to call.")
    if department:
        words += " A department with treatment machines then lists them in Department settings, on the Department menu."
    return words


class SetupHint(QFrame):
    """A framed note with Open Settings… and Not now; it hides itself once the clinic is set up."""

    def __init__(self, settings: Settings, open_settings: Callable[[], None], department: bool,
                 holidays_from: HolidaySource | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.holidays_from = holidays_from
        self.setObjectName("setupHint")  # a border in the text's colour: seen in every palette, dark and high contrast
        self.setStyleSheet("#setupHint { border: 1px solid palette(window-text); border-radius: 3px; }")
        self.setAccessibleName("Set up your clinic")
        self.department = department
        self.label = QLabel(setup_words(settings, department, holidays_from))
        self.label.setWordWrap(True)
        self.open_button = QPushButton("Open Settings…")
        self.open_button.setToolTip("Edit → Settings…: the clinic's name, phone, time zone, public holidays and treatment days")
        self.open_button.clicked.connect(open_settings)
        self.later_button = QPushButton("Not now")
        self.later_button.setToolTip("Hide this note until the planner starts again")
        self.later_button.clicked.connect(self.hide)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.later_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.addWidget(self.label)
        column.addLayout(buttons)

    def follow(self, settings: Settings) -> None:
        """After Settings are saved: gone once the clinic is set up, else its words on the new settings."""
        if clinic_is_set_up(settings):
            self.hide()
        else:
            self.label.setText(setup_words(settings, self.department, self.holidays_from))
