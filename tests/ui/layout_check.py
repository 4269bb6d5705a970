"""What the all-screens layout test measures: every visible text against the room it has.

``clipped(root)`` walks the visible widgets under ``root`` and returns one line per text
that does not fit: a label (one line too wide, or wrapped lines taller than the label), a
button's, a check box's, a combo box's or a tab's text wider than its contents rect, a
field's placeholder or text wider than the field, a group's title, an item view's column
heading or cell text wider than its column (or wrapped taller than its row), columns
wider than their view (the last one behind the scroll bar), a widget reaching outside its
parent. A text may be cut only where that is designed: a label whose tooltip is its whole
text, or an item view column listed in the view's ``elidedColumns`` property whose cells
carry their whole text in the tooltip.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QTabBar,
    QTableView,
    QTreeView,
    QWidget,
)

SLACK = 1  # px of rounding allowed
MAX_ROWS = 60  # cells checked per view (the demo's lists are longer; their texts repeat)


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text).replace("&nbsp;", " ").replace("&amp;", "&").strip()


def _mnemonic(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _where(w: QWidget) -> str:
    parts = []
    node: QWidget | None = w
    while node is not None and len(parts) < 3:
        parts.append(node.objectName() or type(node).__name__)
        node = node.parentWidget()
    return "/".join(reversed(parts))


def _in_scrolled_content(w: QWidget) -> bool:
    """Inside a scroll area's viewport (content that scrolls may lie outside it)."""
    node = w.parentWidget()
    while node is not None:
        parent = node.parentWidget()
        if isinstance(parent, QAbstractScrollArea) and node is parent.viewport():
            return True
        node = parent
    return False


def _label(w: QLabel) -> str | None:
    text = w.text()
    if not text or (w.pixmap() is not None and not w.pixmap().isNull()):
        return None
    rich = w.textFormat() == Qt.TextFormat.RichText or (
        w.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    )
    plain = _plain(text) if rich else (_mnemonic(text) if w.buddy() is not None else text)
    if (w.toolTip() and _plain(w.toolTip()) == plain.replace("\n", " ").strip()) or _plain(w.toolTip()) == plain:
        return None  # designed to cut: the whole text is the tooltip
    room = w.contentsRect()
    margin = w.margin()
    width, height = room.width() - 2 * margin, room.height() - 2 * margin
    if w.wordWrap():
        need = w.heightForWidth(w.width())
        if need > w.height() + SLACK:
            return f"{_where(w)}: {plain[:60]!r} wraps to {need} px in {w.height()} px"
        if not rich:
            longest = max((QFontMetrics(w.font()).horizontalAdvance(word) for word in plain.split()), default=0)
            if longest > width + SLACK and not re.search(r"[\u3000-\u9fff]", plain):
                return f"{_where(w)}: a word of {plain[:60]!r} is {longest} px in {width} px"
        return None
    if rich:
        doc = QTextDocument()
        doc.setDefaultFont(w.font())
        doc.setDocumentMargin(0)
        doc.setHtml(text)
        need_w, need_h = int(doc.idealWidth()), int(doc.size().height())
    else:
        fm = QFontMetrics(w.font())
        lines = plain.split("\n")
        need_w = max(fm.horizontalAdvance(line) for line in lines)
        need_h = fm.height() * len(lines)
    if need_w > width + SLACK:
        return f"{_where(w)}: {plain[:60]!r} is {need_w} px wide in {width} px"
    if need_h > height + SLACK + 2:
        return f"{_where(w)}: {plain[:60]!r} is {need_h} px tall in {height} px"
    return None


def _button(w: QAbstractButton) -> str | None:
    text = _mnemonic(w.text())
    if not text:
        return None
    style = w.style()
    if isinstance(w, QPushButton):
        opt = QStyleOptionButton()
        w.initStyleOption(opt)
        room = style.subElementRect(QStyle.SubElement.SE_PushButtonContents, opt, w)
    elif isinstance(w, QCheckBox | QRadioButton):
        opt = QStyleOptionButton()
        w.initStyleOption(opt)
        element = (
            QStyle.SubElement.SE_CheckBoxContents if isinstance(w, QCheckBox) else QStyle.SubElement.SE_RadioButtonContents
        )
        room = style.subElementRect(element, opt, w)
    else:
        return None
    need = QFontMetrics(w.font()).horizontalAdvance(text)
    if not w.icon().isNull() and isinstance(w, QPushButton):
        need += w.iconSize().width() + 4
    if need > room.width() + SLACK:
        return f"{_where(w)}: button {text[:60]!r} needs {need} px, has {room.width()} px"
    return None


def _combo(w: QComboBox) -> str | None:
    text = w.currentText()
    if not text:
        return None
    opt = QStyleOptionComboBox()
    w.initStyleOption(opt)
    room = w.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, w
    )
    need = QFontMetrics(w.font()).horizontalAdvance(text) + 4
    if need > room.width() + SLACK:
        return f"{_where(w)}: choice {text[:60]!r} needs {need} px, has {room.width()} px"
    return None


def _field(w: QLineEdit) -> str | None:
    if isinstance(w.parentWidget(), QComboBox):
        return None
    text = w.text() or w.placeholderText()
    if not text or w.echoMode() != QLineEdit.EchoMode.Normal:
        return None
    margins = w.textMargins()
    room = w.contentsRect().width() - margins.left() - margins.right() - 4
    if w.isClearButtonEnabled():
        room -= w.height() // 2
    need = QFontMetrics(w.font()).horizontalAdvance(text)
    if need > room + SLACK:
        kind = "text" if w.text() else "placeholder"
        return f"{_where(w)}: {kind} {text[:60]!r} needs {need} px, has {room} px"
    return None


def _group(w: QGroupBox) -> str | None:
    if not w.title():
        return None
    bold = QFont(w.font())
    bold.setBold(True)
    need = QFontMetrics(bold).horizontalAdvance(_mnemonic(w.title())) + 16
    if need > w.width() + SLACK:
        return f"{_where(w)}: group title {w.title()[:60]!r} needs {need} px, has {w.width()} px"
    return None


def _tabs(w: QTabBar) -> list[str]:
    out = []
    bold = QFont(w.font())
    bold.setBold(True)
    fm = QFontMetrics(bold)
    for i in range(w.count()):
        if not w.isTabVisible(i):
            continue  # a mode this terminal does not have (the partner account at an own box office)
        rect = w.tabRect(i)
        need = fm.horizontalAdvance(_mnemonic(w.tabText(i))) + (
            w.iconSize().width() + 4 if not w.tabIcon(i).isNull() else 0
        )
        if need > rect.width() + SLACK or rect.right() > w.width() + SLACK:
            out.append(f"{_where(w)}: tab {w.tabText(i)!r} needs {need} px, has {rect.width()} px")
    return out


def _view(w: QAbstractItemView) -> list[str]:
    model = w.model()
    if model is None or not isinstance(w, QTableView | QTreeView):
        return []
    header: QHeaderView = w.horizontalHeader() if isinstance(w, QTableView) else w.header()
    out = []
    if header.isVisible() and header.length() > w.viewport().width() + SLACK:
        out.append(
            f"{_where(w)}: columns are {header.length()} px in a {w.viewport().width()} px view"
            " (the last ones behind the scroll bar)"
        )
    elided = set(w.property("elidedColumns") or ())
    bold = QFont(header.font())
    bold.setBold(True)
    head_fm = QFontMetrics(bold)
    margin = w.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, w) + 1
    for col in range(model.columnCount()):
        if header.isSectionHidden(col):
            continue
        size = header.sectionSize(col)
        title = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
        if header.isVisible() and title:
            need = head_fm.horizontalAdvance(title) + 12
            if need > size + SLACK:
                out.append(f"{_where(w)}: heading {title!r} needs {need} px, column has {size} px")
        for row in range(min(model.rowCount(), MAX_ROWS)):
            index = model.index(row, col)
            text = model.data(index, Qt.ItemDataRole.DisplayRole)
            if text is None or str(text) == "":
                continue
            text = str(text)
            font = model.data(index, Qt.ItemDataRole.FontRole)
            fm = QFontMetrics(font if isinstance(font, QFont) else w.font())
            room = size - 2 * margin
            if w.wordWrap() and isinstance(w, QTableView):
                box = fm.boundingRect(QRect(0, 0, room, 100_000), int(Qt.TextFlag.TextWordWrap), text)
                fits = box.width() <= room + SLACK and box.height() <= w.rowHeight(row) + SLACK
                need = f"{box.width()}×{box.height()} px in {room}×{w.rowHeight(row)}"
            else:
                fits = fm.horizontalAdvance(text) <= room + SLACK
                need = f"{fm.horizontalAdvance(text)} px in {room}"
            if fits:
                continue
            tip = str(model.data(index, Qt.ItemDataRole.ToolTipRole) or "")
            if col in elided and text in tip:
                continue
            out.append(f"{_where(w)}: cell {text[:60]!r} (row {row}, column {title!r}) needs {need}")
    return out


def _outside(w: QWidget, root: QWidget) -> bool:
    """Whether ``w`` reaches outside its parent (a layout squeezed below its minimum)."""
    parent = w.parentWidget()
    if w is root or parent is None or w.isWindow() or isinstance(parent, QAbstractScrollArea):
        return False
    inside = parent.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK)
    return not _in_scrolled_content(w) and not inside.contains(w.geometry())


def clipped(root: QWidget) -> list[str]:
    """Every text under ``root`` (shown) that is clipped or elided, said in a line."""
    out: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible() or w.width() <= 0:
            continue
        problem: str | None = None
        if isinstance(w, QLabel):
            problem = _label(w)
        elif isinstance(w, QAbstractButton):
            problem = _button(w)
        elif isinstance(w, QComboBox):
            problem = _combo(w)
        elif isinstance(w, QLineEdit):
            problem = _field(w)
        elif isinstance(w, QGroupBox):
            problem = _group(w)
        elif isinstance(w, QTabBar):
            out += _tabs(w)
        elif isinstance(w, QAbstractItemView):
            out += _view(w)
        if problem:
            out.append(problem)
        if _outside(w, root):
            out.append(f"{_where(w)}: {w.geometry().getRect()} reaches outside its parent")
    return out
