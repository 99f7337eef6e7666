"""Tables that keep every column in sight on a small screen: columns that share the width, rows as tall as their
wrapped text.

Qt's own answer, `QTableView.resizeRowsToContents`, asks the delegate for every cell of every row: 250 ms for a
day of 1,000 acts on the GUI thread, at each resize of the window. Here only the columns that can wrap are measured,
with the table's font metrics, each distinct text once per width (a day's statuses are a handful), and a row is
left at the default height when its text holds on one line: ~10 ms for the same 1,000 acts. `fit_columns` measures
a wrapping column's longest texts only (SIZING_SAMPLE), to find the widths at which rows take the fewest lines.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QStyle, QTableView

TALL = 1_000_000  # px: the height a text is measured in, never reached
# A table's least height, in lines of its text or in rows under its titles: kept as a count, measured again at each
# text size (`hold_again`, from kit/zoom.py); in pixels, fixed when the screen was built, a table had 2 px of rows
# under its titles once the agent made the text 200 %.
HELD_LINES, HELD_ROWS = "guichetHeldLines", "guichetHeldRows"
SIZING_SAMPLE = 30  # a wrapping column's longest texts measured to fit it (every row's height is measured)


def text_margins(table: QTableView) -> int:
    """px of a cell's width that is not its text: the delegate's margin on each side (QCommonStyle's text margin) and
    the grid's line."""
    return 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1) + 1


def fit_to_contents(table: QTableView) -> None:
    """Each column as wide as its title and texts, except a stretching last one, which takes the rest of the width.

    `QTableView.resizeColumnsToContents` sizes the last column too, and its stretch then waits for the table's next
    resize: an empty history's header line stopped after its last title, half the table's width (session 23)."""
    header = table.horizontalHeader()
    count = header.count()
    stretching = header.stretchLastSection()
    for column in range(count - 1 if stretching else count):
        table.resizeColumnToContents(column)


def hold_lines(table: QTableView, lines: int) -> None:
    """At least `lines` lines of the table's text tall, at every text size."""
    table.setProperty(HELD_LINES, lines)
    table.ensurePolished()  # measured in the style sheet's font, not the application's
    table.setMinimumHeight(table.fontMetrics().height() * lines)


def hold_rows(table: QTableView, rows: int) -> None:
    """At least `rows` rows in sight under the table's titles and above its sideways scroll bar, at every text size.

    The bar is counted whenever it may show: at 200 % text a list scrolls sideways (`fit_columns`), and the bar took
    its height from the rows (the passport cases' list held none in sight under the open case, session 33)."""
    table.setProperty(HELD_ROWS, rows)
    table.ensurePolished()
    titles = table.horizontalHeader()
    tall = 0 if titles.isHidden() else max(titles.sizeHint().height(), titles.minimumHeight())
    bar = table.horizontalScrollBar()
    sideways = 0
    if table.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
        bar.ensurePolished()
        sideways = max(bar.sizeHint().height(), bar.minimumHeight())
    rows_tall = rows * table.verticalHeader().defaultSectionSize()
    table.setMinimumHeight(tall + rows_tall + sideways + 2 * table.frameWidth())


def hold_again(table: QTableView) -> None:
    """The least height `hold_lines` or `hold_rows` gave, measured in the text size of now."""
    lines, rows = table.property(HELD_LINES), table.property(HELD_ROWS)
    if isinstance(lines, int):
        hold_lines(table, lines)
    if isinstance(rows, int):
        hold_rows(table, rows)


def fit_row_heights(table: QTableView, text: Callable[[int, int], str], columns: Sequence[int]) -> int:
    """Each row of `table` as tall as the wrapped text of `columns` (`text(row, column)`; hidden ones aside) needs,
    one line's default height at least, with that height's padding kept around several lines. Returns how many rows
    are taller."""
    model = table.model()
    header = table.verticalHeader()
    single = header.defaultSectionSize()
    metrics = table.fontMetrics()
    line = metrics.height()
    margin = text_margins(table)
    columns = [column for column in columns if not table.isColumnHidden(column)]
    widths = {column: max(1, table.columnWidth(column) - margin) for column in columns}
    measured: dict[tuple[str, int], int] = {}

    def height(words: str, width: int) -> int:
        key = (words, width)
        found = measured.get(key)
        if found is None:
            box = metrics.boundingRect(QRect(0, 0, width, TALL), Qt.TextFlag.TextWordWrap, words)
            found = measured[key] = max(line, box.height())
        return found

    taller = 0
    for row in range(model.rowCount()):
        need = max((height(text(row, column), widths[column]) for column in columns), default=line)
        size = single if need <= line else single - line + need
        taller += size > single
        if header.sectionSize(row) != size:
            header.resizeSection(row, size)
    return taller


def _one_line(metrics: QFontMetricsF, text: str) -> int:
    """px of `text` unwrapped: its widest line (a text may break lines of its own), rounded up: laid out in the
    px `QFontMetrics` rounds to the nearest, « En attente du central » wrapped."""
    return math.ceil(max(metrics.horizontalAdvance(line) for line in text.split("\n")))


def _widest_piece(metrics: QFontMetricsF, text: str) -> int:
    """px of the widest piece of `text` Qt will not break: laid out 1 px wide, each line is one."""
    return math.ceil(metrics.boundingRect(QRectF(0, 0, 1, TALL), Qt.TextFlag.TextWordWrap, text).width())


def share(room: int, least: Sequence[int], wanted: Sequence[int]) -> list[int] | None:
    """Widths for columns that share `room` px, or None when even their `least` widths do not fit.

    Each column gets its least, then one level for all up to what each wants (its text on one line): a column that
    wants little (a short name) is whole on one line before the long ones (the validity) share what is left. The last
    column that wants any px (the others are hidden) takes the few px the level leaves, and the room left over when
    every column has what it wants."""
    if sum(least) > room:
        return None

    def widths(level: int) -> list[int]:
        return [max(lo, min(want, level)) for lo, want in zip(least, wanted, strict=True)]

    low, high = 0, max(wanted, default=0)
    while low < high:  # the highest level whose widths fit the room
        middle = (low + high + 1) // 2
        if sum(widths(middle)) <= room:
            low = middle
        else:
            high = middle - 1
    shared = widths(low)
    last = max((i for i, want in enumerate(wanted) if want > 0), default=None)  # a hidden column wants 0
    if last is not None:
        shared[last] += room - sum(shared)
    return shared


def fit_columns(table: QTableView, text: Callable[[int, int], str], wrap: Sequence[int], *, cap: int) -> bool:
    """Size every column of `table` so that all are in sight: a column outside `wrap` as wide as its widest text on
    one line, the `wrap` columns sharing what is left, never narrower than their title or the widest piece of text
    Qt will not break (a word, a date, « MARTIN- » of a hyphenated name). The rows are made as short as the room
    allows: the fewest lines any wrapping text needs (a status on two lines rather than four beside a validity on
    three), then what is left shared (see `share`), which only makes texts whole or shorter. Returns True when even
    the least widths do not fit (200 % text): then every text keeps one line, a `wrap` column wraps at `cap` px only,
    and the table scrolls sideways, as a data table may (RGAA 10.11)."""
    model = table.model()
    header = table.horizontalHeader()
    metrics = QFontMetricsF(table.font())
    margin = text_margins(table)
    least: list[int] = []
    wanted: list[int] = []
    longest: dict[int, list[tuple[int, str]]] = {}  # a wrapping column's longest texts, longest first
    for column in range(model.columnCount()):
        if header.isSectionHidden(column):
            least.append(0)
            wanted.append(0)
            continue
        texts = {text(row, column) for row in range(model.rowCount())}
        title = header.sectionSizeHint(column)
        widths = sorted(((_one_line(metrics, t) + margin, t) for t in texts), reverse=True)
        wanted.append(max(title, widths[0][0] if widths else 0))
        if column in wrap:
            longest[column] = widths[:SIZING_SAMPLE]
            least.append(
                min(wanted[-1], max(title, max((_widest_piece(metrics, t) for t in texts), default=0) + margin))
            )
        else:
            least.append(wanted[-1])
    room = table.viewport().width()
    overflowing = sum(least) > room
    if overflowing:
        shared = [
            max(lo, min(want, cap)) if column in wrap else want
            for column, (lo, want) in enumerate(zip(least, wanted, strict=True))
        ]
    else:
        spacing = metrics.lineSpacing()

        def lines_at(words: str, width: int) -> int:
            box = metrics.boundingRect(QRectF(0, 0, width - margin, TALL), Qt.TextFlag.TextWordWrap, words)
            return round(box.height() / spacing)

        def narrowest(words: str, lines: int, low: int, high: int) -> int:
            """The narrowest column width in [low, high] where `words` take at most `lines` lines (`high` if none)."""
            while low < high:
                middle = (low + high) // 2
                low, high = (low, middle) if lines_at(words, middle) <= lines else (middle + 1, high)
            return low

        def needed(lines: int) -> list[int]:
            """Each column's width for its texts to take at most `lines` lines (its least at the most)."""
            widths = list(least)
            for column, texts in longest.items():
                for width, words in texts:
                    if width <= widths[column]:
                        break  # this text holds on its own lines, and those after it are shorter
                    if lines_at(words, widths[column]) > lines:  # one measure when it holds already (most do)
                        widths[column] = narrowest(words, lines, widths[column] + 1, wanted[column])
            return widths

        # The fewest lines a row can have, wrapping within the room: at most as many as at the least widths.
        fewest = 1
        most = max((lines_at(t, least[c]) for c, texts in longest.items() for _w, t in texts), default=1)
        while fewest < most:
            middle = (fewest + most) // 2
            fewest, most = (fewest, middle) if sum(needed(middle)) <= room else (middle + 1, most)
        shared = share(room, needed(fewest), wanted) or least
    for column, width in enumerate(shared):
        if width and header.sectionSize(column) != width:  # a hidden column keeps its size for when it is shown
            header.resizeSection(column, width)
    return overflowing
