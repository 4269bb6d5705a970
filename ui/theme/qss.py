"""The one style sheet, built from the tokens, and how a widget asks for a look.

``apply_theme(app)`` is called once at start (:func:`ui.application.ensure_app`): it decides
the scale from the screen the app opens on, sets the app font (body size, scaled) and the
palette, and installs the style sheet. After that a widget only says what it is:

    theme.set_tone(label, "error")       # refused / an error: red text
    theme.set_tone(banner, "warning", banner=True)  # amber band, white text
    theme.set_variant(button, "primary") # the screen's main action (Pay, Add)
    label.setFont(theme.font("hero"))    # a named step of the type scale, scaled

No ``setStyleSheet`` and no colour or point size in a widget (ui/README.md).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from ui.theme.tokens import COLOURS, RADIUS, SPACE, TOUCH, TYPE, Tone, Variant

_state = {"scale": 1.0}


def scale_for(screen_height: int) -> float:
    """The type scale's factor for a screen ``screen_height`` logical px tall: 1.0 up to
    1366×768-class screens, 1.25 from 1920×1080 (fonts grew nowhere when maximised), 1.5
    from 1440p. Steps, not a slope, so that only the layouts we test exist."""
    if screen_height >= 1400:
        return 1.5
    if screen_height >= 1000:
        return 1.25
    return 1.0


def scale() -> float:
    return _state["scale"]


def pt(role: str) -> int:
    """The point size of a step of the type scale, at the scale in force."""
    return round(TYPE[role] * _state["scale"])


def px(space: str | int) -> int:
    """A spacing token (or a plain px value at scale 1.0), at the scale in force."""
    value = SPACE[space] if isinstance(space, str) else space
    return round(value * _state["scale"])


def touch() -> int:
    """The minimum size of a pressable thing: 44 px, more on a scaled-up screen."""
    return px(TOUCH)


def colour(name: str) -> QColor:
    return QColor(COLOURS[name])


def font(role: str, *, bold: bool = False, base: QFont | None = None) -> QFont:
    f = QFont(base if base is not None else QApplication.font())
    f.setPointSize(pt(role))
    f.setBold(bold)
    return f


def _repolish(widget: QWidget) -> None:
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def set_tone(widget: QWidget, tone: Tone, *, banner: bool = False) -> None:
    """What a label says is: ``error`` (red), ``warning`` (amber), ``success`` (green),
    ``info``, ``muted``, or "" (plain). ``banner``: a coloured band with light text."""
    widget.setProperty("tone", tone)
    widget.setProperty("banner", bool(banner and tone))
    _repolish(widget)


def set_variant(widget: QWidget, variant: Variant) -> None:
    """A button's weight: ``primary`` (the screen's main action), ``danger`` (irreversible),
    ``quiet`` (secondary), or "" (plain)."""
    widget.setProperty("variant", variant)
    _repolish(widget)


def style_sheet(factor: float = 1.0) -> str:
    """The app's style sheet at ``factor`` (see :func:`scale_for`)."""
    c = COLOURS

    def s(value: int) -> int:
        return round(value * factor)

    def f(role: str) -> int:
        return round(TYPE[role] * factor)

    icons = icons_dir().as_posix()  # the arrows' SVGs, by path

    # Controls: a 1 px border plus vertical padding around the text's line, at least TOUCH
    # tall in all (min-height is the contents' height in a style sheet).
    inner = s(TOUCH) - 2 * s(SPACE["xs"]) - 2
    tones = "".join(
        f'QLabel[tone="{t}"] {{ color: {c[ink]}; }}\n'
        f'QLabel[tone="{t}"][banner="true"] {{ color: {c["ink_inverse"]}; background: {c[band]};'
        f" padding: {s(SPACE['s'])}px {s(SPACE['m'])}px; font-weight: bold; border-radius: {RADIUS}px; }}\n"
        for t, ink, band in (
            ("error", "error", "error"),
            ("warning", "warning", "warning_strong"),
            ("success", "success", "success"),
            ("info", "info", "info"),
            ("muted", "ink_muted", "idle"),
        )
    )
    return f"""
QWidget {{ color: {c['ink']}; }}
QMainWindow, QDialog {{ background: {c['surface']}; }}
QToolTip {{ color: {c['ink']}; background: {c['surface_raised']}; border: 1px solid {c['border_strong']};
  padding: {s(SPACE['xs'])}px; }}

QPushButton, QToolButton {{
  min-height: {inner}px; padding: {s(SPACE['xs'])}px {s(SPACE['m'])}px;
  background: {c['surface_raised']}; border: 1px solid {c['border_strong']}; border-radius: {RADIUS}px;
}}
QPushButton:hover, QToolButton:hover {{ background: {c['surface_sunken']}; }}
QPushButton:pressed, QToolButton:pressed {{ background: {c['border']}; }}
QPushButton:focus, QToolButton:focus {{ border: 2px solid {c['focus']};
  padding: {s(SPACE['xs']) - 1}px {s(SPACE['m']) - 1}px; }}
QDialogButtonBox QPushButton {{ min-width: {s(64)}px; }}
QPushButton:disabled, QToolButton:disabled {{ color: {c['ink_disabled']}; background: {c['surface_sunken']};
  border-color: {c['border']}; }}
QPushButton[variant="primary"] {{ color: {c['ink_inverse']}; background: {c['primary']};
  border-color: {c['primary_pressed']}; font-weight: bold; }}
QPushButton[variant="primary"]:hover {{ background: {c['primary_hover']}; }}
QPushButton[variant="primary"]:pressed {{ background: {c['primary_pressed']}; }}
QPushButton[variant="primary"]:focus {{ border: 2px solid {c['focus']};
  padding: {s(SPACE['xs']) - 1}px {s(SPACE['m']) - 1}px; }}
QPushButton[variant="primary"]:disabled {{ color: {c['ink_disabled']}; background: {c['surface_sunken']};
  border-color: {c['border']}; }}
QPushButton[variant="danger"] {{ color: {c['ink_inverse']}; background: {c['error']};
  border-color: {c['error']}; font-weight: bold; }}
QPushButton[variant="quiet"] {{ background: transparent; border-color: transparent; }}

QCheckBox, QRadioButton {{ min-height: {s(TOUCH)}px; spacing: {s(SPACE['s'])}px; }}
QCheckBox::indicator, QRadioButton::indicator {{ width: {s(22)}px; height: {s(22)}px; }}

QLineEdit, QComboBox, QSpinBox, QDoubleSpinBox, QDateEdit, QTimeEdit, QPlainTextEdit, QTextEdit {{
  background: {c['surface_raised']}; border: 1px solid {c['border_strong']}; border-radius: {RADIUS}px;
  selection-background-color: {c['primary']}; selection-color: {c['ink_inverse']};
}}
QLineEdit, QComboBox, QSpinBox, QDoubleSpinBox, QDateEdit, QTimeEdit {{
  min-height: {inner}px; padding: {s(SPACE['xs'])}px {s(SPACE['s'])}px;
}}
QPlainTextEdit:focus, QTextEdit:focus {{ border: 2px solid {c['focus']}; }}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QDoubleSpinBox:focus {{ border: 2px solid {c['focus']};
  padding: {s(SPACE['xs']) - 1}px {s(SPACE['s']) - 1}px; }}
QLineEdit:disabled, QComboBox:disabled, QSpinBox:disabled {{ color: {c['ink_disabled']};
  background: {c['surface_sunken']}; }}
QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right; width: {s(28)}px;
  border: none; }}
QComboBox::down-arrow {{ image: url({icons}/chevron-down.svg); width: {s(16)}px; height: {s(16)}px; }}
QSpinBox, QDoubleSpinBox {{ padding-right: {s(32)}px; }}
QSpinBox::up-button, QSpinBox::down-button, QDoubleSpinBox::up-button, QDoubleSpinBox::down-button {{
  subcontrol-origin: border; width: {s(30)}px; border-left: 1px solid {c['border']}; }}
QSpinBox::up-button, QDoubleSpinBox::up-button {{ subcontrol-position: top right; }}
QSpinBox::down-button, QDoubleSpinBox::down-button {{ subcontrol-position: bottom right; }}
QSpinBox::up-arrow, QDoubleSpinBox::up-arrow {{ image: url({icons}/chevron-up.svg); width: {s(12)}px;
  height: {s(12)}px; }}
QSpinBox::down-arrow, QDoubleSpinBox::down-arrow {{ image: url({icons}/chevron-down.svg); width: {s(12)}px;
  height: {s(12)}px; }}
QLineEdit[tone="error"] {{ border: 2px solid {c['error']};
  padding: {s(SPACE['xs']) - 1}px {s(SPACE['s']) - 1}px; }}

QTableView, QListView, QTreeView {{ background: {c['surface_raised']}; border: 1px solid {c['border']};
  gridline-color: {c['surface_sunken']}; selection-background-color: {c['selection']};
  selection-color: {c['ink']}; alternate-background-color: {c['surface']}; }}
QTableView:focus, QListView:focus, QTreeView:focus {{ border: 2px solid {c['focus']}; }}
QHeaderView::section {{ background: {c['surface_sunken']}; color: {c['ink_muted']}; font-weight: bold;
  padding: {s(SPACE['xs'])}px {s(SPACE['s'])}px; border: none; border-right: 1px solid {c['border']}; }}

QTabBar::tab {{ min-height: {inner + 1}px; padding: {s(SPACE['xs'])}px {s(SPACE['l'])}px;
  background: {c['surface_sunken']}; border: 1px solid {c['border']}; border-bottom: none;
  border-top-left-radius: {RADIUS}px; border-top-right-radius: {RADIUS}px; margin-right: 2px; }}
QTabBar::tab:selected {{ background: {c['surface_raised']}; color: {c['primary']}; font-weight: bold;
  border-color: {c['border_strong']}; }}
QTabBar::tab:hover {{ background: {c['surface_raised']}; }}
QTabBar::tab:focus {{ border: 2px solid {c['focus']}; border-bottom: none;
  padding: {s(SPACE['xs']) - 1}px {s(SPACE['l']) - 1}px; }}
QTabWidget::pane {{ border: 1px solid {c['border_strong']}; background: {c['surface']}; }}

QGroupBox {{ font-weight: bold; border: 1px solid {c['border']}; border-radius: {RADIUS}px;
  margin-top: {s(SPACE['l'])}px; padding-top: {s(SPACE['s'])}px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: {s(SPACE['s'])}px; padding: 0 {s(SPACE['xs'])}px; }}
QStatusBar {{ background: {c['surface_sunken']}; color: {c['ink_muted']}; }}

{tones}
/* The named parts that have a look of their own. */
QLabel#offlineBanner {{ color: {c['ink_inverse']}; background: {c['warning_strong']};
  padding: {s(SPACE['s'])}px; font-weight: bold; }}
QLabel#trainingBanner {{ color: {c['ink_inverse']}; background: {c['training']};
  padding: {s(SPACE['s'])}px; font-size: {f('title')}pt; font-weight: bold; }}
QLabel#noShiftWarning {{ color: {c['ink_inverse']}; background: {c['error']};
  padding: {s(SPACE['s'])}px; font-weight: bold; }}
QLabel#holdCountdown {{ font-size: {f('heading')}pt; font-weight: bold;
  padding: {s(SPACE['xs'])}px {s(SPACE['s'])}px; color: {c['warning']}; background: {c['warning_surface']};
  border-radius: {RADIUS}px; }}
QLabel#holdCountdown[urgent="true"] {{ color: {c['ink_inverse']}; background: {c['error']}; }}
QLabel#saleDone {{ font-size: {f('title')}pt; padding: {s(SPACE['m'])}px; color: {c['success_ink']};
  background: {c['success_surface']}; border: 2px solid {c['success']}; border-radius: {RADIUS + 2}px; }}
QLabel#paymentTotal {{ font-size: {f('heading')}pt; font-weight: bold; }}
QLabel#changeDue {{ font-size: {f('title')}pt; font-weight: bold; }}
QLabel#cartTotals {{ font-size: {f('emphasis')}pt; }}
QPushButton#payButton {{ font-size: {f('title')}pt; }}
QFrame#verdictPanel QLabel {{ color: {c['ink_inverse']}; }}
"""


def icons_dir() -> Path:
    return Path(str(resources.files("resources") / "icons"))


def _palette() -> QPalette:
    """Fusion's palette in the tokens' colours, for what a style sheet does not reach
    (item views' text, disabled text, highlights drawn by the style)."""
    p = QPalette()
    c = COLOURS
    roles = {
        QPalette.ColorRole.Window: c["surface"],
        QPalette.ColorRole.WindowText: c["ink"],
        QPalette.ColorRole.Base: c["surface_raised"],
        QPalette.ColorRole.AlternateBase: c["surface"],
        QPalette.ColorRole.Text: c["ink"],
        QPalette.ColorRole.Button: c["surface_raised"],
        QPalette.ColorRole.ButtonText: c["ink"],
        QPalette.ColorRole.Highlight: c["selection"],
        QPalette.ColorRole.HighlightedText: c["ink"],
        QPalette.ColorRole.ToolTipBase: c["surface_raised"],
        QPalette.ColorRole.ToolTipText: c["ink"],
        QPalette.ColorRole.PlaceholderText: c["ink_muted"],
        QPalette.ColorRole.Link: c["primary"],
    }
    for role, value in roles.items():
        p.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(c["ink_disabled"]))
    return p


def apply_theme(app: QApplication, factor: float | None = None) -> float:
    """Install the theme in ``app`` at ``factor`` (None: from the primary screen's height,
    decided now, once: a window moved to another screen keeps its sizes). Returns it."""
    if factor is None:
        screen = QGuiApplication.primaryScreen()
        factor = scale_for(screen.geometry().height()) if screen is not None else 1.0
    _state["scale"] = factor
    style = QStyleFactory.create("Fusion")  # the same look on Windows and Linux
    if style is not None:
        app.setStyle(style)
    app.setPalette(_palette())
    base = QFont(app.font())
    base.setPointSize(round(TYPE["body"] * factor))
    app.setFont(base)
    app.setStyleSheet(style_sheet(factor))
    app.setProperty("themeScale", factor)
    return factor
