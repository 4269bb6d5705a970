"""What the first-run pages share: the wizard they sit on, seen through what they use of it
(:class:`WizardHost`, so that the pages need not import the wizard that builds them), the
languages offered and how an error reads on a page."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pos.errors import PosError
from ui.application import ensure_app, install_language

if TYPE_CHECKING:
    from pos.store.db import Store
    from ui.ops.runner import OperationRunner

LANGUAGES = (("zh", "简体中文"), ("en", "English"))


class WizardHost(Protocol):
    """The wizard, as its pages use it: the data folder, the runner, the store it opens."""

    data_dir: Path
    runner: OperationRunner

    def store(self) -> Store: ...

    def language(self) -> str: ...

    def token_file_allowed(self) -> bool: ...


def install_wizard_language(language: str) -> None:
    install_language(ensure_app(), language)


def message_of(exc: BaseException) -> str:
    return exc.message if isinstance(exc, PosError) else f"{type(exc).__name__}: {exc}"
