""""Did the tickets come out?": asked when a printer took a job but cannot report whether it
printed (invariant 12). Yes confirms the job in the name of the clerk signed in (journaled by
the core); Reprint sends the same job, with the same codes, to the same printer again, and
the question comes back if that printer cannot confirm either. Non-blocking (``open()``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from pos.staff.access import StaffSession
from pos.tickets.printjobs import PrintJobInfo
from ui.bridge import Bridge
from ui.errors import show_error
from ui.ops.printing import PrintDone, confirm_print

translate = QCoreApplication.translate  # lupdate reads translate("SellScreen", "…"): the sell screen's words


def ask_came_out(
    parent: QWidget,
    bridge: Bridge,
    done: PrintDone,
    actor: StaffSession | None,
    *,
    confirmed: Callable[[PrintDone], object],
    reprint: Callable[[str], object],
) -> QMessageBox:
    """Open the question for ``done`` (an unconfirmed job); ``confirmed`` gets the job once a
    clerk said yes, ``reprint`` its id when the clerk asks for it again."""
    box = QMessageBox(parent)
    box.setObjectName("printQuestionDialog")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(translate("SellScreen", "Printer cannot confirm"))
    box.setText(translate("SellScreen", "Did the tickets come out?"))
    box.setInformativeText(
        translate(
            "SellScreen",
            "Printer %1 took the job but cannot report whether it printed. Check that every "
            "ticket and the receipt came out whole and legible.",
        ).replace("%1", done.printer)
    )
    yes = box.addButton(translate("SellScreen", "Yes, they came out"), QMessageBox.ButtonRole.YesRole)
    again = box.addButton(translate("SellScreen", "Reprint"), QMessageBox.ButtonRole.NoRole)
    yes.setObjectName("printCameOut")
    again.setObjectName("printReprint")
    box.setDefaultButton(yes)
    yes.setEnabled(actor is not None)  # someone signed in must say so (journaled)

    def said_yes(job: PrintJobInfo) -> None:
        confirmed(PrintDone(done.order_id, done.printer, done.job_id, done.documents, done.byte_count, job.status))

    def clicked(button: QAbstractButton) -> None:
        if button is yes and actor is not None:
            confirm_print(bridge.ctx, done.job_id, actor).success(said_yes).failure(
                lambda exc: show_error(parent, exc)
            ).run(bridge.runner, parent)
        elif button is again:
            reprint(done.job_id)

    box.buttonClicked.connect(clicked)
    box.open()
    return box
