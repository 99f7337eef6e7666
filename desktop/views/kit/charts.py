"""Two small charts drawn with QPainter: stacked bars per day (clickable) and a line over days.

Why not QtCharts or pyqtgraph: docs/ARCHITECTURE.md ("Charts") and bench/chart_libraries.py. QtCharts comes only
with PySide6-Addons (171 MB download, 408 MiB installed, pinned to the Essentials' exact version) for the same
first-render time; pyqtgraph brings numpy (58 MiB) and adds about a second to the first chart. Two chart kinds of a
few dozen bars are these ~230 lines, with nothing added to the install.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.views.kit import colours
from desktop.views.widgets import wrap_words

# Colours come from the theme at paint time (desktop/views/kit/colours.py): series, axis text, grid, ground.
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 44.0, 12.0, 12.0, 26.0
LEGEND_ROW = 20.0
LEGEND_MARK = 18.0  # px before a legend label: its colour square and a gap


@dataclass(frozen=True, slots=True)
class ChartSeries:
    """One series: what a click reports (axis, key), its French label, one value per day."""

    axis: str
    key: str
    label: str
    values: tuple[int, ...]


def nice_top(value: int) -> int:
    """The axis top: the smallest 1, 2 or 5 × 10^n at or above `value` (at least 1)."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if m * step >= value:
                return max(1, m * step)
        step *= 10


def grid_steps(top: int) -> int:
    """How many grid intervals make whole numbers: 5 for 1 or 5 × 10^n, 4 for 2 × 10^n, fewer below 5."""
    steps = 4 if str(top)[0] == "2" else 5
    return top if top < steps else steps


def labelled_lines(steps: int, *, gap: float, text: float) -> list[int]:
    """Which of the grid's lines 0…`steps` (`gap` px apart) carry their value, `text` px tall: every line when there
    is room, else every other (or fewer), always the bottom and the top, never one label over the next (the
    dashboard's short sync chart wrote « 50 40 30 20 10 0 » in 40 px)."""
    every = max(1, math.ceil(text / gap)) if gap > 0 else steps
    shown = list(range(0, steps + 1, every))
    if shown[-1] != steps:
        if len(shown) > 1 and (steps - shown[-1]) * gap < text:
            shown.pop()  # too close to the top, which is labelled instead
        shown.append(steps)
    return shown


class _Chart(QWidget):
    """Shared frame: days on the x axis, a grid, a legend under the plot."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(title)
        self.setMinimumSize(QSize(320, 220))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.days: tuple[date, ...] = ()
        self.series: tuple[ChartSeries, ...] = ()
        self.empty_text = self.tr("Calcul en cours…")

    def legend_columns(self) -> int:
        """Three legend entries a row, or as many as leave every label whole at this width: counted in characters,
        « Counter (cerfa no. 12668*03) » and « Online vo… » were cut at 1024×768 in English (one entry a row then;
        a label wider than the whole chart is still cut)."""
        u = self.unit()
        width = max(1.0, self.width() - MARGIN_LEFT * u - MARGIN_RIGHT)
        metrics = QFontMetricsF(self.small_font())
        widest = max((metrics.horizontalAdvance(s.label) for s in self.series), default=0.0)
        return next((n for n in (3, 2) if width / n - LEGEND_MARK * u >= widest + 1), 1)

    def legend_rows(self) -> int:
        """The legend's text lines: a row per `legend_columns` entries; one entry a row when a label still does not
        fit, each on as many lines as it takes (« Nouvelle-Calédonie (cerfa n° 16199… » was cut at 1024×768)."""
        columns = self.legend_columns()
        if columns == 1:
            return sum(len(lines) for lines in self.legend_lines(columns))
        return 0 if not self.series else 1 + (len(self.series) - 1) // columns

    def legend_lines(self, columns: int) -> list[list[str]]:
        """Each label as drawn: whole, or wrapped at its words when one column is too narrow for it."""
        if columns > 1:
            return [[s.label] for s in self.series]
        u = self.unit()
        room = max(1.0, self.width() - MARGIN_LEFT * u - MARGIN_RIGHT) - LEGEND_MARK * u
        metrics = QFontMetricsF(self.small_font())
        return [wrap_words(s.label.split(), lambda text: metrics.horizontalAdvance(text) <= room) for s in self.series]

    def small_font(self) -> QFont:
        """Axis and legend text: a little under the body text, and growing with it (OS text size, zoom)."""
        small = QFont(self.font())
        if self.font().pixelSize() > 0:  # the style sheet sizes text in pixels
            small.setPixelSize(max(11, round(self.font().pixelSize() * 0.85)))
        else:
            small.setPointSizeF(max(8.0, self.font().pointSizeF() * 0.85))
        return small

    def unit(self) -> float:
        """1 at the usual text size; 2 when the text is twice as big: margins and legend rows follow."""
        return max(1.0, QFontMetricsF(self.small_font()).height() / 16.0)

    def plot_rect(self) -> QRectF:
        u = self.unit()
        bottom = (MARGIN_BOTTOM + LEGEND_ROW * self.legend_rows()) * u
        return QRectF(
            MARGIN_LEFT * u,
            MARGIN_TOP,
            max(1.0, self.width() - MARGIN_LEFT * u - MARGIN_RIGHT),
            max(1.0, self.height() - MARGIN_TOP - bottom),
        )

    def top_value(self) -> int:
        raise NotImplementedError

    def _frame(self, p: QPainter) -> QRectF:
        theme = colours.current()
        plot = self.plot_rect()
        top = nice_top(self.top_value())
        u = self.unit()
        p.setFont(self.small_font())
        steps = grid_steps(top)
        labelled = labelled_lines(steps, gap=plot.height() / steps, text=p.fontMetrics().height())
        for i in range(steps + 1):
            y = plot.bottom() - plot.height() * i / steps
            p.setPen(QPen(QColor(theme.grid), 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            if i not in labelled:
                continue
            p.setPen(QColor(theme.muted))
            label = str(top * i // steps)
            p.drawText(
                QRectF(0, y - 8 * u, MARGIN_LEFT * u - 6, 16 * u),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
        p.setPen(QPen(QColor(theme.muted), 1))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        n = len(self.days)
        for i, day in enumerate(self.days):
            if (n - 1 - i) % 7 == 0:  # today, and every week before it
                x = plot.left() + plot.width() * (i + 0.5) / n
                p.drawText(
                    QRectF(x - 30 * u, plot.bottom() + 3, 60 * u, 16 * u),
                    Qt.AlignmentFlag.AlignHCenter,
                    day.strftime("%d/%m"),
                )
        columns = self.legend_columns()
        line = 0  # the legend's text line the entry starts on
        for i, lines in enumerate(self.legend_lines(columns)):
            row, col = (line, 0) if columns == 1 else divmod(i, columns)
            x = plot.left() + col * plot.width() / columns
            y = plot.bottom() + (MARGIN_BOTTOM - 4 + row * LEGEND_ROW) * u
            p.fillRect(QRectF(x, y + 3 * u, 12 * u, 12 * u), QColor(theme.series[i % len(theme.series)]))
            p.setPen(QColor(theme.muted))
            room = plot.width() / columns - LEGEND_MARK * u
            for k, part in enumerate(lines):  # a word longer than the column is still cut
                text = p.fontMetrics().elidedText(part, Qt.TextElideMode.ElideRight, int(room))
                p.drawText(
                    QRectF(x + 16 * u, y + k * LEGEND_ROW * u, room, 18 * u), Qt.AlignmentFlag.AlignVCenter, text
                )
            line += len(lines)
        return plot

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        theme = colours.current()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor(colours.current().background))
        if not self.days:
            p.setPen(QColor(theme.muted))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        self.draw(p, self._frame(p))

    def draw(self, p: QPainter, plot: QRectF) -> None:
        raise NotImplementedError


class BarChart(_Chart):
    """Stacked bars, one per day; a click on a bar segment (or Enter on the one chosen with the arrows) reports its
    series and day."""

    bar_clicked = Signal(str, str, object)  # axis, key, date

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the agent reaches the bars with Tab, then the arrows
        self.current: tuple[int, int] | None = None  # (series, day) chosen with the keyboard

    def set_data(self, days: Sequence[date], series: Sequence[ChartSeries]) -> None:
        """Replace what is drawn (every series has one value per day)."""
        self.days, self.series = tuple(days), tuple(series)
        self.current = None
        total = sum(sum(s.values) for s in self.series)
        # What a screen reader user cannot see: the total, then each series' total (RGAA 1.1).
        per_series = self.tr(" ; ").join(
            self.tr("{label} : {value}").format(label=s.label, value=sum(s.values)) for s in self.series
        )
        acts = self.tr("%n acte(s) sur la période", "", total)
        self.setAccessibleDescription(self.tr("{acts}. {series}").format(acts=acts, series=per_series).strip())
        self.update()

    def _segments(self) -> list[tuple[int, int]]:
        """Non-empty segments, day by day, bottom to top: the order the arrows walk."""
        return [(si, d) for d in range(len(self.days)) for si in range(len(self.series)) if self.series[si].values[d]]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        segments = self._segments()
        key = event.key()
        if not segments or key not in _KEYS:
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self.current is not None:
                si, d = self.current
                self.bar_clicked.emit(self.series[si].axis, self.series[si].key, self.days[d])
            return
        if self.current not in segments:
            self.current = segments[-1] if key in (Qt.Key.Key_Left, Qt.Key.Key_Down) else segments[0]
        else:
            i = segments.index(self.current)
            if key in (Qt.Key.Key_Right, Qt.Key.Key_Up):
                i = min(len(segments) - 1, i + 1)
            elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down):
                i = max(0, i - 1)
            self.current = segments[i]
        si, d = self.current
        self.setToolTip(self.segment_text(si, d))
        self.setAccessibleDescription(self.toolTip())
        self.update()

    def top_value(self) -> int:
        return max((sum(s.values[i] for s in self.series) for i in range(len(self.days))), default=0)

    def segment_text(self, series_index: int, day_index: int) -> str:
        """« Procurations — 02/03/2026 : 3 »: the tooltip and what a screen reader says of one segment."""
        s = self.series[series_index]
        day = self.days[day_index].strftime("%d/%m/%Y")
        return self.tr("{label} — {date} : {value}").format(label=s.label, date=day, value=s.values[day_index])

    def bar_rect(self, series_index: int, day_index: int) -> QRectF:
        """Where one segment is drawn (an empty one has no height)."""
        plot = self.plot_rect()
        n = max(1, len(self.days))
        top = nice_top(self.top_value())
        slot = plot.width() / n
        below = sum(self.series[j].values[day_index] for j in range(series_index))
        value = self.series[series_index].values[day_index]
        y0 = plot.bottom() - plot.height() * below / top
        h = plot.height() * value / top
        return QRectF(plot.left() + slot * day_index + slot * 0.15, y0 - h, slot * 0.7, h)

    def hit(self, point: QPointF) -> tuple[int, int] | None:
        """(series, day) of the segment under `point`, if any."""
        for d in range(len(self.days)):
            for si in range(len(self.series)):
                r = self.bar_rect(si, d)
                if r.height() > 0 and r.adjusted(0, -1, 0, 1).contains(point):
                    return si, d
        return None

    def draw(self, p: QPainter, plot: QRectF) -> None:
        theme = colours.current()
        p.setPen(Qt.PenStyle.NoPen)
        for d in range(len(self.days)):
            for si in range(len(self.series)):
                r = self.bar_rect(si, d)
                if r.height() > 0:
                    p.fillRect(r, QColor(theme.series[si % len(theme.series)]))
        if self.current is not None and self.hasFocus():
            p.setPen(QPen(QColor(theme.focus), 3))  # the theme's focus colour
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(self.bar_rect(*self.current).adjusted(-2, -2, 2, 2))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        found = self.hit(event.position())
        if found is None or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        si, d = found
        s = self.series[si]
        self.bar_clicked.emit(s.axis, s.key, self.days[d])

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        found = self.hit(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if found else Qt.CursorShape.ArrowCursor)
        if found is not None:
            si, d = found
            self.setToolTip(self.segment_text(si, d))
        super().mouseMoveEvent(event)


_KEYS = frozenset(
    {
        Qt.Key.Key_Left,
        Qt.Key.Key_Right,
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_Return,
        Qt.Key.Key_Enter,
        Qt.Key.Key_Space,
    }
)


class LineChart(_Chart):
    """One or more lines over days (the sync backlog)."""

    def set_data(self, days: Sequence[date], series: Sequence[ChartSeries]) -> None:
        self.days, self.series = tuple(days), tuple(series)
        last = self.tr(" ; ").join(
            self.tr("{label} : {value}").format(label=s.label, value=s.values[-1]) for s in self.series if s.values
        )
        self.setAccessibleDescription(self.tr("Dernier jour : {values}").format(values=last) if last else "")
        self.update()

    def top_value(self) -> int:
        return max((max(s.values, default=0) for s in self.series), default=0)

    def draw(self, p: QPainter, plot: QRectF) -> None:
        theme = colours.current()
        n = max(1, len(self.days))
        top = nice_top(self.top_value())
        for si, s in enumerate(self.series):
            points = QPolygonF(
                [
                    QPointF(plot.left() + plot.width() * (i + 0.5) / n, plot.bottom() - plot.height() * v / top)
                    for i, v in enumerate(s.values)
                ]
            )
            p.setPen(QPen(QColor(theme.series[si % len(theme.series)]), 2))
            p.drawPolyline(points)
