"""The first-run pages that say who this counter is and who runs it: the language, the
enrolment with central (URL and one-time code) and the first supervisor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from pos.errors import PosError
from ui.firstrun.common import LANGUAGES, WizardHost, install_wizard_language, message_of
from ui.ops.op import network

if TYPE_CHECKING:
    from sync.enrol import Enrolment


class LanguagePage(QWizardPage):
    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.wiz = wizard
        self.combo = QComboBox()
        for code, name in LANGUAGES:
            self.combo.addItem(name, code)
        self.hint = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.combo)
        self.combo.currentIndexChanged.connect(self._changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Welcome to Outlet POS"))
        self.hint.setText(self.tr("Choose the language of this counter (screens and printed tickets)."))

    def language(self) -> str:
        return str(self.combo.currentData())

    def _changed(self) -> None:
        install_wizard_language(self.language())


class EnrolPage(QWizardPage):
    enrolled_now = Signal()  # the terminal is enrolled: the wizard says so

    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.wiz = wizard
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://central.example.com")
        self.code = QLineEdit()
        self.code.setPlaceholderText("ABCD-EFGH-JKLM")
        self.token_file = QCheckBox()
        self.button = QPushButton()
        self.result = QLabel()
        self.result.setWordWrap(True)
        form = QFormLayout(self)
        self.url_label, self.code_label = QLabel(), QLabel()
        form.addRow(self.url_label, self.url)
        form.addRow(self.code_label, self.code)
        form.addRow(self.token_file)
        form.addRow(self.button)
        form.addRow(self.result)
        self.button.clicked.connect(self.enrol)
        self.code.returnPressed.connect(self.enrol)
        from sync.credentials import keyring_usable

        # No Secret Service (a kiosk PC): the owner-only file is the deliberate fallback.
        self.token_file.setChecked(not keyring_usable())
        self.token_file.setVisible(not keyring_usable())
        self.enrolled: Enrolment | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Enrol with central"))
        self.setSubTitle(
            self.tr("Enter central's address and the one-time code from the platform's back office.")
        )
        self.url_label.setText(self.tr("Central"))
        self.code_label.setText(self.tr("Code"))
        self.token_file.setText(self.tr("No keyring on this PC: keep the token in an owner-only file"))
        self.button.setText(self.tr("Enrol"))

    def isComplete(self) -> bool:  # noqa: N802 (Qt)
        return self.enrolled is not None

    def enrol(self) -> None:
        if self.enrolled is not None or self.wiz.runner.busy:
            return
        from sync.enrol import enrol

        url, code = self.url.text().strip(), self.code.text().strip()
        language = self.wiz.language()
        token_file = self.token_file.isChecked()  # read here: workers never touch widgets
        self.button.setEnabled(False)
        self.result.setText(self.tr("Enrolling…"))
        data_dir = self.wiz.data_dir
        network(
            "enrol",
            lambda: enrol(
                data_dir, central_url=url, code=code, language=language, allow_token_file=token_file
            ),
        ).success(self._done).failure(self._failed).run(self.wiz.runner, self)

    def _done(self, result: Enrolment) -> None:
        self.enrolled = result
        self.result.setText(
            self.tr("Enrolled as terminal %1 of outlet %2.")
            .replace("%1", result.terminal.terminal_id)
            .replace("%2", result.terminal.outlet_id)
        )
        self.url.setEnabled(False)
        self.code.setEnabled(False)
        self.completeChanged.emit()
        self.enrolled_now.emit()

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        self.result.setText(self.tr("Enrolment failed: %1").replace("%1", message_of(exc)))


class SupervisorPage(QWizardPage):
    """The first staff member, a supervisor, who then adds the clerks in the app. Skipped
    (already done) when the store has staff, e.g. after a restore."""

    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.wiz = wizard
        self.staff_id, self.name, self.pin, self.pin2 = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        for field in (self.pin, self.pin2):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.labels = [QLabel() for _ in range(4)]
        self.result = QLabel()
        self.result.setWordWrap(True)
        form = QFormLayout(self)
        for label, field in zip(self.labels, (self.staff_id, self.name, self.pin, self.pin2), strict=True):
            form.addRow(label, field)
        form.addRow(self.result)
        self.exists = False
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Supervisor"))
        self.setSubTitle(
            self.tr("The first person on this counter: a supervisor, who adds the clerks later.")
        )
        for label, text in zip(
            self.labels,
            (self.tr("Staff ID"), self.tr("Name"), self.tr("PIN"), self.tr("PIN again")),
            strict=True,
        ):
            label.setText(text)
        self.pin.setPlaceholderText(self.tr("6 to 8 digits"))  # a supervisor's PIN (the core checks it)

    def initializePage(self) -> None:  # noqa: N802 (Qt)
        from pos.staff.access import list_staff

        self.exists = bool(list_staff(self.wiz.store()))
        for field in (self.staff_id, self.name, self.pin, self.pin2):
            field.setEnabled(not self.exists)
        if self.exists:
            self.result.setText(self.tr("This store has staff already."))

    def validatePage(self) -> bool:  # noqa: N802 (Qt)
        if self.exists:
            return True
        from pos.staff.access import Role, add_staff

        if self.pin.text() != self.pin2.text():
            self.result.setText(self.tr("The two PINs differ."))
            return False
        try:
            # Synchronous: one PIN hash (a fraction of a second), and the page must not move on
            # before the supervisor exists.
            add_staff(
                self.wiz.store(),
                staff_id=self.staff_id.text().strip(),
                name=self.name.text().strip(),
                role=Role.SUPERVISOR,
                pin=self.pin.text(),
                by=None,
            )
        except PosError as exc:
            self.result.setText(message_of(exc))
            return False
        self.exists = True
        return True
