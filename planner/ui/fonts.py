"""Whether the computer has a font for every character of a name: without one, Qt draws boxes
(on screen and on paper) and says nothing."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics


def uncovered_characters(text: str, font: QFont) -> list[str]:
    """The characters of `text` that neither `font` nor any installed font can draw, each once."""
    primary = QFontMetrics(font)
    doubtful = sorted({c for c in text if not c.isspace() and not primary.inFontUcs4(ord(c))})
    if not doubtful:
        return []
    families = QFontDatabase.families()
    missing = []
    for character in doubtful:
        if not any(QFontMetrics(QFont(family)).inFontUcs4(ord(character)) for family in families):
            missing.append(character)
    return missing
