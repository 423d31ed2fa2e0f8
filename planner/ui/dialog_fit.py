"""A dialog as tall as its wrapped text needs at its width: a label that wraps (a reason, a preview)
tells its layout its height only for a given width, so a top-level dialog does not grow to it by itself
and its lines would be squeezed over one another."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def fit_height(dialog: QWidget, *, shrink: bool = False) -> None:
    """Resize `dialog` to the height its layout needs at its width: never shorter than now unless
    `shrink` (a long message gave way to a short one), never shorter than its minimum size."""
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    needed = max(dialog.minimumSizeHint().height(), layout.totalHeightForWidth(dialog.width()))
    dialog.resize(dialog.width(), needed if shrink else max(dialog.height(), needed))
