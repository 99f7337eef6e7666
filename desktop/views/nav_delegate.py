"""The navigation's painter for a section refused to the agent or badged, set on the list only once one is: its
module and Qt's item-delegate and style-option classes (~10 Python enums) stay off the window's first frame."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from desktop.views.kit import colours
from desktop.views.nav import BADGE_ROLE, REFUSED_ROLE


class NavDelegate(QStyledItemDelegate):
    """Paints a section refused to the agent in the disabled colour, and one with a badge (« ⚠ 2 ») in the error
    colour unless selected: the style sheet's item colour wins over an item's own brush, and a group heading,
    disabled too, keeps the text colour. Set once a section is refused or badged."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication, QStyle

        if index.data(REFUSED_ROLE) is not None:
            ink = colours.current().disabled
        elif index.data(BADGE_ROLE) and not option.state & QStyle.StateFlag.State_Selected:
            ink = colours.current().error
        else:
            super().paint(painter, option, index)
            return

        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        where = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, opt.widget) + 1  # as Qt's own text
        where = where.adjusted(margin, 0, -margin, 0)
        text, opt.text = opt.text, ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)  # ground and rule
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(QColor(ink))
        painter.drawText(where, int(opt.displayAlignment.value) | Qt.TextFlag.TextWordWrap.value, text)
        painter.restore()
