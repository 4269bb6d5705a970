"""The Z-report panel of the Shift screen: the figures as text and today's sales as two bar
charts (painted with QPainter: QtCharts is not in PySide6-Essentials)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from pos.cash.closeout import ZReport
from ui import theme
from ui.errors import headed
from ui.widgets.scroll import scrolling

translate = QCoreApplication.translate  # lupdate reads translate("ShiftScreen", "…"): the screen's words


class BarChart(QWidget):
    """A plain bar chart."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.bars: list[tuple[str, int]] = []
        self.setMinimumSize(260, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_bars(self, bars: Sequence[tuple[str, int]]) -> None:
        self.bars = list(bars)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        line = float(self.fontMetrics().height())  # 18 px cut the title at the type scale's sizes
        p.drawText(QRectF(0, 0, w, line), Qt.AlignmentFlag.AlignLeft, self.title)
        top, bottom = line + 4, h - line
        if not self.bars:
            p.drawText(QRectF(0, top, w, bottom - top), Qt.AlignmentFlag.AlignCenter, self.tr("No sales"))
            p.end()
            return
        peak = max(v for _, v in self.bars) or 1
        slot = w / len(self.bars)
        bar_w = max(2.0, slot * 0.7)
        p.setPen(Qt.PenStyle.NoPen)
        for i, (_, value) in enumerate(self.bars):
            height = (bottom - top) * value / peak
            p.setBrush(theme.colour("chart_bar"))
            p.drawRect(QRectF(i * slot + (slot - bar_w) / 2, bottom - height, bar_w, height))
        p.setPen(self.palette().text().color())
        for i, (name, _) in enumerate(self.bars):
            p.drawText(QRectF(i * slot, bottom, slot, line), Qt.AlignmentFlag.AlignHCenter, name[:8])
        p.end()


def _fill(text: str, *values: object) -> str:
    """``text`` with %1, %2… replaced by ``values`` in order."""
    for i, value in enumerate(values, 1):
        text = text.replace(f"%{i}", str(value))
    return text


def report_lines(report: ZReport, m: Callable[[int | None], str]) -> list[str]:
    """The report's figures, one per line; ``m`` formats an amount in fen."""
    title = (
        translate("ShiftScreen", "X-report (figures so far, nothing closed)")
        if report.z_number == 0
        else _fill(translate("ShiftScreen", "Z-report #%1"), report.z_number)
    )
    lines = [
        title,
        _fill(
            translate("ShiftScreen", "Business day %1, journal #%2–#%3"),
            report.business_date,
            report.first_seq,
            report.last_seq,
        ),
        _fill(translate("ShiftScreen", "Orders %1, tickets %2"), report.orders, report.tickets),
        _fill(translate("ShiftScreen", "Gross %1, discounts %2"), m(report.gross), m(report.discounts)),
        _fill(
            translate("ShiftScreen", "Refunds %1 (%2), voids %3 (%4)"),
            report.refund_count,
            m(report.refunded),
            report.void_count,
            m(report.voided),
        ),
        _fill(translate("ShiftScreen", "Net %1"), m(report.net)),
        "",
    ]
    names = {
        "cash": translate("ShiftScreen", "Cash"),
        "card": translate("ShiftScreen", "Card"),
        "mobile": translate("ShiftScreen", "Mobile pay"),
    }
    for t in report.tenders:
        # Exchange differences by the tender are part of its net: shown when there are any.
        moved = f" + {m(t.exchange_in)} − {m(t.exchange_out)}" if t.exchange_in or t.exchange_out else ""
        lines.append(headed(names.get(t.kind, t.kind), f"{m(t.sales)} − {m(t.refunds)}{moved} = {m(t.net)}"))
    if report.exchange_count:
        # The credit carried from old tickets to new is no money: the supervisor sees it
        # apart from the difference that went through the tenders.
        lines.append(
            _fill(
                translate("ShiftScreen", "Exchanges %1: old tickets out %2, new in %3, credit carried %4"),
                report.exchange_count,
                m(report.exchanged),
                m(report.exchange_new),
                m(report.exchange_carried),
            )
        )
        lines.append(
            _fill(
                translate("ShiftScreen", "Exchange difference collected %1, refunded %2"),
                m(report.exchange_collected),
                m(report.exchange_refunded),
            )
        )
    lines.append(_fill(translate("ShiftScreen", "Cash variance %1"), m(report.cash_variance)))
    s = report.settlement
    if s is not None:
        lines.append(
            _fill(
                translate("ShiftScreen", "Commission %1, net owed %2, credit used %3 of %4"),
                m(s.commission),
                m(s.net_owed),
                m(s.credit_used),
                m(s.credit_limit),
            )
        )
    if report.unsynced:
        lines.append(_fill(translate("ShiftScreen", "Not yet synced: %1"), len(report.unsynced)))
        lines += [f"  {u.kind} {u.label or u.message_id[:8]}" for u in report.unsynced[:20]]
    return lines


class ReportPanel(QWidget):
    """The figures of the report shown, beside its charts."""

    def __init__(self, money: Callable[[int | None], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.money = money
        self.figures = QLabel()
        self.figures.setObjectName("zFigures")
        self.figures.setTextFormat(Qt.TextFormat.PlainText)
        self.figures.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.figures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.by_hour = BarChart(translate("ShiftScreen", "Sales by hour"))
        self.by_hour.setObjectName("chartByHour")
        self.by_event = BarChart(translate("ShiftScreen", "Sales by event"))
        self.by_event.setObjectName("chartByEvent")
        body = QHBoxLayout(self)
        body.setContentsMargins(0, 0, 0, 0)
        # A long day has many lines: they scroll, the window never grows past 768 px high.
        body.addWidget(scrolling(self.figures), 1)
        charts = QVBoxLayout()
        charts.addWidget(self.by_hour)
        charts.addWidget(self.by_event)
        body.addLayout(charts, 1)

    def show_report(self, report: ZReport | None) -> None:
        if report is None:
            self.figures.setText(
                translate("ShiftScreen", "Run the X-report or close the day to see the figures.")
            )
            self.by_hour.set_bars([])
            self.by_event.set_bars([])
            return
        self.figures.setText("\n".join(report_lines(report, self.money)))
        self.by_hour.set_bars([(f"{h:02d}", fen) for h, fen in report.by_hour])
        self.by_event.set_bars([(ln.label, ln.amount) for ln in report.by_event])
