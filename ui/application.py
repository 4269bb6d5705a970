"""The one QApplication of the process: its CJK font, its theme and the translation installed in it.

Kept apart from :mod:`ui.app` (which starts the counter app and owns its main window) so
that what every window needs before it is built — the first-run wizard, the door app, the
self-test — comes from here, and nothing below the app has to import the app back.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from ui.theme import apply_theme

log = logging.getLogger(__name__)

TRANSLATIONS = "outlet_pos"
FONT_FAMILY_FALLBACK = "Noto Sans SC"
_translators: list[QTranslator] = []


def font_path() -> Path:
    return Path(str(resources.files("printing") / "fonts" / "NotoSansSC-Ticket.otf"))


def translations_dir() -> Path:
    return Path(str(resources.files("resources") / "translations"))


def ensure_app(argv: Sequence[str] | None = None) -> QApplication:
    """The one QApplication of the process, with the CJK font registered."""
    app = QApplication.instance()
    if app is None:
        # QtMultimedia lists every optional library it did not find (PipeWire, VA-API) when
        # the door opens: noise for a clerk's terminal. A rule set by the user still wins.
        os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver=false")
        app = QApplication(list(argv if argv is not None else sys.argv[:1]))
        app.setApplicationName("Outlet POS")
        app.setOrganizationName("Outlet POS")
    assert isinstance(app, QApplication)
    register_cjk_font(app)
    if app.property("themeScale") is None:
        # The design system (ui/theme): one style sheet, the palette and the type scale,
        # scaled once for the screen the app starts on (1920×1080: ×1.25).
        apply_theme(app)
    return app


def register_cjk_font(app: QApplication) -> str | None:
    """Register the shipped Noto Sans SC subset and make it the application font, so that
    Chinese renders with real glyphs on machines without a CJK font."""
    if app.property("cjkFamily"):
        return str(app.property("cjkFamily"))
    font_id = QFontDatabase.addApplicationFont(str(font_path()))
    if font_id < 0:
        log.warning("could not load the CJK font %s: Chinese may render as boxes", font_path())
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    family = families[0] if families else FONT_FAMILY_FALLBACK
    font = QFont(app.font())
    font.setFamilies([font.family(), family])
    font.setPointSize(max(font.pointSize(), 11))
    app.setFont(font)
    app.setProperty("cjkFamily", family)
    return family


def install_language(app: QApplication, language: str) -> bool:
    """Install the translation for ``language`` ("zh" or "en"); English is the source.
    Returns whether a translation was loaded (always False for English)."""
    for old in _translators:
        app.removeTranslator(old)
    _translators.clear()
    if language.startswith("en"):
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return False
    translator = QTranslator(app)
    if not translator.load(f"{TRANSLATIONS}_zh_CN", str(translations_dir())):
        log.warning("no Chinese translation in %s: showing English", translations_dir())
        return False
    app.installTranslator(translator)
    _translators.append(translator)
    # Qt's own words (OK, Cancel, Close, Show Details…) come from Qt's catalogue, shipped
    # with PySide6: without it every dialog's buttons stay English inside the Chinese UI.
    qt_words = QTranslator(app)
    if qt_words.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_words)
        _translators.append(qt_words)
    else:
        log.warning("Qt's own Chinese translation (qtbase_zh_CN) is missing: its dialog buttons stay English")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    return True
