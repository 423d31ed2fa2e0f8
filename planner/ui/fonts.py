"""Whether the computer has a font for every character of a name: without one, Qt draws boxes
(on screen and on paper) and says nothing. And how far a name's tallest letters rise above the font's ascent, the
room a line's first baseline leaves above it: the ring of 'Å' rises beyond it and touched a block's top outline."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QFontMetricsF


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


def rise_above_ascent(metrics: QFontMetrics | QFontMetricsF, text: str) -> float:
    """How far `text`'s tallest glyph rises above the font's ascent (the ring of 'Å', in DejaVu Sans about a pixel at
    9 pt; the accent of another tall capital in some fonts): what a line drawn from the top of its room needs above
    it besides. 0 for text whose glyphs stay within the ascent, and for plain ASCII text, which is not measured."""
    if text.isascii():
        return 0.0
    return max(0.0, -metrics.tightBoundingRect(text).top() - metrics.ascent())


def first_line_drop(metrics: QFontMetrics | QFontMetricsF, text: str, above: float, clear: float, spare: float) -> float:
    """How much lower than usual to draw a line whose room starts `above` pixels under an outline, so that its tallest
    glyph keeps `clear` pixels from the outline: no more than the `spare` room under the text, and 0 for text that
    stays within the font's ascent (a block's height and its plain names are laid out as before)."""
    rise = rise_above_ascent(metrics, text)
    if rise <= 0:
        return 0.0
    return max(0.0, min(clear + rise - above, spare))
