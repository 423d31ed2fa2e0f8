"""The summary and the notices above the schedule, kept to a share of the pane's height. A booked course
with a missed session has a summary of five lines and as many notices at 1024 x 700: given all the
height they asked for, they left the list two rows and the week about an hour. Past the share they
scroll in their own area (which then takes the keyboard, to be read with the arrow keys). The first line of the
notices always shows under the summary, though: an urgent course not booked yet has a summary of eleven lines
there, and its notices (a holiday moving a session) sat wholly under the fold, unseen without scrolling.
While some notices are out of view a line under the area counts them ("▾ 3 more notices below"; a click shows the
next ones), in the height the area gives up for it: a warning further down no longer hides behind a scroll bar's
thumb, and the schedule keeps its room."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QFocusEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QResizeEvent, QTextDocument
from PySide6.QtWidgets import QAbstractSlider, QFrame, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

HEAD_SHARE = 3  # at most a third of the pane's height
HEAD_LINES = 4  # and never less than four lines of text when the words need them (a very short window)
LEAD_SHARE = 2  # past the share, up to half the pane to show the notices' first line under a long summary
NOTICE_BREAK = "<br>"  # between two notices in the notices' rich text (their own words are escaped)


class MoreNotices(QLabel):
    """How many notices are out of view under (or, scrolled to the end, above) the words; a click shows them."""

    def __init__(self, head: ResultHead) -> None:
        super().__init__()
        self.head = head
        self.setObjectName("more-notices")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Click, or Tab to the notices and use the arrow keys, to read them")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.hide()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            bar = self.head.verticalScrollBar()
            down = bar.value() < bar.maximum()
            bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd if down
                              else QAbstractSlider.SliderAction.SliderToMinimum)
        super().mousePressEvent(event)


class ResultHead(QScrollArea):
    """`words` (the summary, the notices) in a column as tall as they need, up to a share of `pane`'s height, and
    at least as tall as the first of them and the first line of the second (while the second has words)."""

    def __init__(self, pane: QWidget, *words: QLabel) -> None:
        super().__init__()
        self.pane = pane
        self.words = words
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        for each in words:
            column.addWidget(each)
        self.page = page
        self.setWidget(page)
        page.setAutoFillBackground(False)  # (QScrollArea fills it): the focus outline drawn under it shows at its edges
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the words wrap
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a Tab stop only while some of the words are scrolled out of view
        self.more = MoreNotices(self)  # for the pane's column to place right under the area
        self.verticalScrollBar().rangeChanged.connect(self._scrolls)
        self.verticalScrollBar().valueChanged.connect(self.count_out_of_view)
        pane.installEventFilter(self)
        page.installEventFilter(self)

    def cap(self, width: int) -> int:
        """The most height the words are given at `width`."""
        share = max(self.pane.height() // HEAD_SHARE, HEAD_LINES * self.fontMetrics().lineSpacing())
        return max(share, min(self.lead_height(width), self.pane.height() // LEAD_SHARE))

    def lead_height(self, width: int) -> int:
        """The height of the first words and of the first line of the next ones at `width` (0 without these):
        the summary, and a start of the notices to say there are some."""
        if len(self.words) < 2 or not self.words[1].text():
            return 0
        first, second = self.words[0], self.words[1]
        column = self.page.layout()
        # The words' width with the scroll bar beside them (it shows when they do not fit the share).
        inner = max(width - self.verticalScrollBar().sizeHint().width(), 1)
        return first.heightForWidth(inner) + column.spacing() + second.fontMetrics().lineSpacing()

    def words_height(self, width: int) -> int:
        """The height the words need at `width`."""
        return self.page.heightForWidth(width) if self.page.hasHeightForWidth() else self.page.sizeHint().height()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        needed, cap = self.words_height(width), self.cap(width)
        if needed <= cap:
            return needed
        # The words scroll: the line counting the notices out of view takes its height from theirs.
        return max(cap - self.more_height(), min(self.lead_height(width), self.pane.height() // LEAD_SHARE))

    def more_height(self) -> int:
        """The height of the line counting the notices out of view, with the column's spacing above it."""
        column = self.pane.layout()
        return self.more.fontMetrics().lineSpacing() + (column.spacing() if column is not None else 0)

    def notices_out_of_view(self) -> tuple[int, int]:
        """How many notices end below the area's view, and how many start above it."""
        if len(self.words) < 2 or not self.words[1].text():
            return 0, 0
        notices = self.words[1]
        top, bottom = self.verticalScrollBar().value(), self.verticalScrollBar().value() + self.viewport().height()
        document = QTextDocument()
        document.setDocumentMargin(0)  # as a QLabel lays out its rich text
        document.setDefaultFont(notices.font())
        document.setTextWidth(notices.contentsRect().width())
        lines = notices.text().split(NOTICE_BREAK)
        below = above = 0
        start = notices.y()
        for count in range(1, len(lines) + 1):
            document.setHtml(NOTICE_BREAK.join(lines[:count]))
            end = notices.y() + round(document.size().height())
            below += end > bottom + 1
            above += start < top - 1
            start = end
        return below, above

    def count_out_of_view(self) -> None:
        """Say under the area how many notices are out of its view (shown only while the words scroll)."""
        bar = self.verticalScrollBar()
        if bar.maximum() <= 0:
            self.more.hide()
            return
        below, above = self.notices_out_of_view()
        if below:
            words = f"▾ {below} more notice{'s' if below != 1 else ''} below"
        elif bar.value() < bar.maximum():
            words = "▾ More below"
        elif above:
            words = f"▴ {above} more notice{'s' if above != 1 else ''} above"
        else:
            words = "▴ More above"
        self.more.setText(words)
        self.more.setAccessibleName(words)
        self.more.show()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.count_out_of_view()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        hint.setHeight(self.heightForWidth(max(self.width(), 1)))
        return hint

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """With the keyboard in it, an outline round the words (the area has no frame of its own to show it)."""
        super().paintEvent(event)
        if not self.hasFocus():
            return
        from .contrast_style import focus_colour

        painter = QPainter(self.viewport())
        try:
            painter.setPen(QPen(focus_colour(self.palette()), 2))
            painter.drawRect(self.viewport().rect().adjusted(1, 1, -1, -1))
        finally:
            painter.end()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        self.viewport().update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        self.viewport().update()

    def _scrolls(self, _least: int, most: int) -> None:
        """Some of the words are out of view (`most` > 0): Tab stops here, for the arrow keys to scroll them."""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if most > 0 else Qt.FocusPolicy.NoFocus)
        self.count_out_of_view()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """The pane's height (the share) or the words (their height) changed: asked for its height again."""
        kind = event.type()
        if (watched is self.pane and kind == QEvent.Type.Resize) or (watched is self.page and kind == QEvent.Type.LayoutRequest):
            self.updateGeometry()
        if watched is self.page and kind in (QEvent.Type.LayoutRequest, QEvent.Type.Resize):
            QTimer.singleShot(0, self, self.count_out_of_view)  # new notices: counted once they are laid out
        return False
