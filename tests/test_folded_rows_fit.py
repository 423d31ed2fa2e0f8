"""A folded Patients list cell holds two lines, the name over the hospital number. Beside the 'Update owed' sign the
name was elided to a room a few pixels wider than the style draws it in, so the style wrapped it at its last space:
'Zoë' over 'Ångstr……', and the hospital number, the patient's second identifier, fell out of the cell. Each line is
now elided to the room the style draws it in, with or without the sign, so the cell lays out as its two lines."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView

from planner.ui.folded_rows import FoldedDelegate
from planner.ui.warning_sign import warning_sign

NAMES = ("Zoë Ångström-Nguyễn", "Zoë Ångström", "Maria Garcia Lopez de la Fuente")


class FoldedNames(QStandardItemModel):
    """Rows of a name with the hospital number folded under it; row 0 carries the sign, as a patient owed an update."""

    folded = True
    folded_under = {0: 1}

    def __init__(self, name: str) -> None:
        super().__init__(2, 2)
        self.name = name
        signed = QStandardItem(name)
        signed.setData(warning_sign(), Qt.ItemDataRole.DecorationRole)
        self.setItem(0, 0, signed)
        self.setItem(1, 0, QStandardItem(name))

    def folded_lines(self, row: int, column: int) -> tuple[str, str]:
        return (self.name, "H107")


def drawn_lines(view: QTableView, option: QStyleOptionViewItem) -> list[str]:
    """The lines the style draws the cell's text in, laid out as QCommonStyle lays out an item's text: its text
    rectangle less a margin each side, wrapped at a word (else anywhere), a line separator kept as a break."""
    style = view.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    width = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view).width() - 2 * margin
    layout = QTextLayout(option.text, option.font)
    wrap = QTextOption()
    wrap.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(wrap)
    layout.beginLayout()
    lines: list[str] = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(option.text[line.textStart():line.textStart() + line.textLength()])
    layout.endLayout()
    return lines


def test_a_folded_name_beside_the_sign_keeps_the_hospital_number_on_its_second_line(qtbot):
    for name in NAMES:
        model = FoldedNames(name)
        view = QTableView()
        qtbot.addWidget(view)
        view.setModel(model)
        delegate = FoldedDelegate(model, view)
        view.setItemDelegate(delegate)
        view.verticalHeader().setDefaultSectionSize(60)
        view.resize(500, 300)
        view.show()
        for width in range(80, 240):  # from wide enough for the number beside the sign
            view.setColumnWidth(0, width)
            for row in (0, 1):  # with the sign, and without
                index = model.index(row, 0)
                option = QStyleOptionViewItem()
                view.initViewItemOption(option)
                option.rect = view.visualRect(index)
                option.widget = view
                delegate.initStyleOption(option, index)
                assert bool(option.features & QStyleOptionViewItem.ViewItemFeature.HasDecoration) == (row == 0)
                lines = drawn_lines(view, option)
                assert len(lines) == 2, (name, width, row, lines)
                assert lines[1] == "H107", (name, width, row, lines)
                assert lines[0].rstrip("\u2028") in (name, *(name[:n] + "…" for n in range(len(name)))), lines
