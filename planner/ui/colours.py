"""Colours on screen that stay readable in any palette: light, dark or high contrast.

Every colour the window draws text in is either a palette colour or checked against the colour
behind it with the WCAG 2 contrast ratio (AA asks 4.5:1 for text). Kinds of appointment keep
their hue, mixed into the palette's own background so a dark palette gets dark tints.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from ..core.kinds import AppointmentKind
from .week_layout import KIND_STYLES

AA_TEXT = 4.5

# Candidates for each tone, darkest first: the first one readable on the background is used.
_TONES = {
    "error": ("#b00020", "#ff8a80", "#ffb4a9"),
    "warning": ("#6b4700", "#ffd27a", "#ffe8b0"),
    "muted": ("#555555", "#b8b8b8", "#d8d8d8"),
    "closed": ("#7a1f1f", "#ffb4b4", "#ffd6d6"),
}


def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""
    return 0.2126 * _channel(colour.redF()) + 0.7152 * _channel(colour.greenF()) + 0.0722 * _channel(colour.blueF())


def contrast(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio between two colours, 1 to 21."""
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def is_dark(palette: QPalette) -> bool:
    return luminance(palette.color(QPalette.ColorRole.Base)) < 0.25


def best_of_black_and_white(background: QColor) -> QColor:
    black, white = QColor("#000000"), QColor("#ffffff")
    return black if contrast(black, background) >= contrast(white, background) else white


def readable(candidates: tuple[str, ...], background: QColor, minimum: float = AA_TEXT) -> QColor:
    """The first candidate with at least `minimum` contrast on `background`, else black or white."""
    for name in candidates:
        colour = QColor(name)
        if contrast(colour, background) >= minimum:
            return colour
    return best_of_black_and_white(background)


def tone(name: str, palette: QPalette, role: QPalette.ColorRole = QPalette.ColorRole.Window) -> QColor:
    """Text colour for an error, warning, muted note or closed day, readable on the palette's `role`."""
    return readable(_TONES[name], palette.color(role))


def tone_on(name: str, background: QColor) -> QColor:
    """The same tones, readable on any `background` (a closed day's shading, a block's fill)."""
    return readable(_TONES[name], background)


def text_on(background: QColor, palette: QPalette) -> QColor:
    """The palette's text colour when it reads on `background`, else black or white."""
    text = palette.color(QPalette.ColorRole.Text)
    return text if contrast(text, background) >= AA_TEXT else best_of_black_and_white(background)


def quiet_text_on(background: QColor, palette: QPalette, minimum: float = AA_TEXT) -> QColor:
    """Muted text that still reads: the quietest mix of `background` towards the palette's text (else black or
    white) with `minimum` contrast on it (a calendar's days of the month before and after)."""
    text = text_on(background, palette)
    found = quietest_mix(background, text, background, minimum, steps=20)
    return text if found is None else found


def quietest_mix(start: QColor, toward: QColor, background: QColor, minimum: float, steps: int = 10,
                 first: int = 1) -> QColor | None:
    """The first of `start` mixed towards `toward` in `steps` equal steps (from step `first`; 0 is `start` itself) with
    `minimum` contrast on `background`, or None when even `toward` has less."""
    for step in range(first, steps + 1):
        colour = mix(start, toward, step / steps)
        if contrast(colour, background) >= minimum:
            return colour
    return None


def mix(first: QColor, second: QColor, share_of_second: float) -> QColor:
    keep = 1 - share_of_second
    return QColor.fromRgbF(first.redF() * keep + second.redF() * share_of_second,
                           first.greenF() * keep + second.greenF() * share_of_second,
                           first.blueF() * keep + second.blueF() * share_of_second)


def kind_fill(kind: AppointmentKind, palette: QPalette) -> QColor:
    """A kind's fill on screen: its printed tint on a light palette, its hue darkened into a dark one."""
    printed = KIND_STYLES[kind].fill
    if not is_dark(palette):
        return printed
    saturated = QColor.fromHsvF(printed.hsvHueF(), 0.7, 0.8)
    return mix(palette.color(QPalette.ColorRole.Base), saturated, 0.35)


def kind_colours(kind: AppointmentKind, palette: QPalette) -> tuple[QColor, QColor]:
    """A block's fill, and the text and outline drawn on it: a dark tint in a dark palette (no pale block that
    glares), its text at least AA's 4.5:1 on it in any palette."""
    fill = kind_fill(kind, palette)
    return fill, text_on(fill, palette)


def closed_fill(palette: QPalette) -> QColor:
    """Closed days: a grey a little away from the palette's background."""
    base = palette.color(QPalette.ColorRole.Base)
    return mix(base, best_of_black_and_white(base), 0.12)


def closed_hatch(palette: QPalette, minimum: float = 3.0) -> QColor:
    """The dots that shade a machine's closed hours: the quietest mix of background and text with 3:1
    against the background (WCAG 1.4.11, graphical objects), so they show in dark palettes too."""
    base = palette.color(QPalette.ColorRole.Base)
    found = quietest_mix(base, palette.color(QPalette.ColorRole.Text), base, minimum, first=2)
    return best_of_black_and_white(base) if found is None else found


def now_colour(palette: QPalette, minimum: float = 3.0) -> QColor:
    """The day view's line at the current time: the palette's link colour (blue, light blue, or cyan in high contrast:
    not the selection's colour, which outlines the chosen booking) where it shows 3:1 against the background (WCAG
    1.4.11), else the quietest mix of it towards the text that does."""
    base = palette.color(QPalette.ColorRole.Base)
    link, text = palette.color(QPalette.ColorRole.Link), palette.color(QPalette.ColorRole.Text)
    found = quietest_mix(link, text, base, minimum, first=0)
    return text if found is None else found


GRID_STRONG = 3.0  # hour and column lines: WCAG 1.4.11's 3:1 for graphical objects
GRID_QUIET = 1.5  # half-hour lines, drawn dotted as well


def grid_line(palette: QPalette, strong: bool) -> QColor:
    """A grid line from the palette's background and text (never Mid or Dark, which a high-contrast
    palette makes black on black): the quietest mix that still shows against the background."""
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    minimum = GRID_STRONG if strong else GRID_QUIET
    for step in range(9 if strong else 4, 21):
        colour = mix(base, text, step / 20)
        if contrast(colour, base) >= minimum:
            return colour
    return text


DISTINCT_FILL = 1.3  # a disabled field's fill against an enabled one's: told apart at a glance
DISTINCT_TEXT = 2.5  # or its text against enabled text (a dark palette's mid grey on near white)
DISABLED_ROLES = (QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase, QPalette.ColorRole.Button)
DISABLED_TEXT_ROLES = (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText)


def distinct_disabled(palette: QPalette) -> dict[QPalette.ColorRole, QColor]:
    """Disabled colours for a dark palette whose disabled fields would pass for editable ones (a high-contrast
    palette: black fields either way, white text or light grey): a grey fill and a grey text that reads on it
    (WCAG's 4.5:1, so a cancelled course's values stay readable). Empty when the palette tells them apart
    already, by fill or by text, and for a light palette (Fusion greys a disabled field's fill there)."""
    if not is_dark(palette):
        return {}
    active, disabled = QPalette.ColorGroup.Active, QPalette.ColorGroup.Disabled
    base, text = palette.color(active, QPalette.ColorRole.Base), palette.color(active, QPalette.ColorRole.Text)
    if (contrast(palette.color(disabled, QPalette.ColorRole.Base), base) >= DISTINCT_FILL
            or contrast(palette.color(disabled, QPalette.ColorRole.Text), text) >= DISTINCT_TEXT):
        return {}
    fill = next((mix(base, text, step / 20) for step in range(1, 11) if contrast(mix(base, text, step / 20), base) >= DISTINCT_FILL),
                mix(base, text, 0.5))
    written = next((mix(text, base, step / 20) for step in range(1, 15)
                    if contrast(mix(text, base, step / 20), text) >= DISTINCT_TEXT
                    and contrast(mix(text, base, step / 20), fill) >= AA_TEXT), text)
    colours = dict.fromkeys(DISABLED_ROLES, fill)
    window = palette.color(active, QPalette.ColorRole.Window)
    colours.update({role: written for role in DISABLED_TEXT_ROLES
                    if role is not QPalette.ColorRole.WindowText or contrast(written, window) >= AA_TEXT})
    return colours


def with_distinct_disabled(palette: QPalette) -> QPalette:
    """`palette` with distinct_disabled's colours in its Disabled group (itself when it needs none)."""
    for role, colour in distinct_disabled(palette).items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, colour)
    return palette


def dark_palette() -> QPalette:
    """A typical dark desktop palette (for tests, screenshots, and users who choose one)."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.AlternateBase: "#262626",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#3d6fb4",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#353535",
        QPalette.ColorRole.ToolTipText: "#e6e6e6", QPalette.ColorRole.PlaceholderText: "#9a9a9a",
        QPalette.ColorRole.Link: "#8ab4f8", QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Light: "#505050", QPalette.ColorRole.Midlight: "#404040",
        QPalette.ColorRole.Mid: "#303030", QPalette.ColorRole.Dark: "#202020", QPalette.ColorRole.Shadow: "#000000",
    }
    for role, name in roles.items():
        palette.setColor(role, QColor(name))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#8a8a8a"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#8a8a8a"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#8a8a8a"))
    return palette


def high_contrast_palette() -> QPalette:
    """White on black with yellow selection, like the desktops' high-contrast themes."""
    palette = QPalette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase,
                 QPalette.ColorRole.Button, QPalette.ColorRole.ToolTipBase, QPalette.ColorRole.Dark,
                 QPalette.ColorRole.Mid, QPalette.ColorRole.Shadow):
        palette.setColor(role, QColor("#000000"))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.ToolTipText, QPalette.ColorRole.BrightText, QPalette.ColorRole.Light,
                 QPalette.ColorRole.Midlight):
        palette.setColor(role, QColor("#ffffff"))
    # A hint in an empty field ("Full name") must not pass for typed text: grey, still 8:1 on black.
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#a6a6a6"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#ffff00"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#000000"))
    palette.setColor(QPalette.ColorRole.Link, QColor("#00ffff"))
    # A field that takes no input (a cancelled course's form) is grey with grey text, not black with near-white
    # text that passes for editable.
    return with_distinct_disabled(palette)
