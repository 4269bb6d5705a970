"""Core errors as messages a clerk can act on, in the clerk's language. Never a traceback.

:func:`describe` maps a :class:`pos.errors.PosError` by its ``code`` (and, for refusals,
its ``reason``) to a translated title, what happened, and what to do next. The core's
English message is kept as the detail line for a supervisor. Anything else is a bug: it
is logged with its traceback, and the clerk sees a short, honest message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from pos.errors import NotSellable, PosError
from ui.error_reasons import INVALID as _INVALID
from ui.error_reasons import PARTNER_REFUSALS
from ui.error_reasons import PAYMENT as _PAYMENT
from ui.error_reasons import PRICING as _PRICING

log = logging.getLogger(__name__)


translate = QCoreApplication.translate  # lupdate reads translate("errors", "…")


def headed(title: str, *sentences: str) -> str:
    """"Title: sentence sentence", with the language's colon and spacing (Chinese: full-width
    ：, sentences run together, no spaces)."""
    body = ""
    for sentence in (s.strip() for s in sentences):
        if sentence:
            body = translate("errors", "%1 %2").replace("%1", body).replace("%2", sentence) if body else sentence
    return translate("errors", "%1: %2").replace("%1", title).replace("%2", body) if body else title


@dataclass(frozen=True, slots=True)
class UserMessage:
    title: str
    text: str
    next_step: str
    detail: str  # the core's own (English) message, for a supervisor or the log
    code: str


def _by_code(code: str) -> tuple[str, str, str] | None:
    table = {
        "auth_failed": (
            translate("errors", "Sign-in failed"),
            translate("errors", "The staff number or the PIN is wrong."),
            translate(
                "errors", "Check both and try again. After 5 wrong PINs the account is locked for 5 minutes."
            ),
        ),
        "locked_out": (
            translate("errors", "Account locked"),
            translate("errors", "Too many wrong PINs: this account is locked for a few minutes."),
            translate("errors", "Wait, or ask a supervisor to sign in."),
        ),
        "staff_inactive": (
            translate("errors", "Account deactivated"),
            translate("errors", "This staff member has been deactivated and cannot sign in or approve."),
            translate("errors", "A supervisor can reactivate the account in Settings, Staff."),
        ),
        "pin_change_required": (
            translate("errors", "Choose a new PIN"),
            translate("errors", "This PIN must be changed before going on (it was reset, or a supervisor's PIN needs 6 to 8 digits)."),
            translate("errors", "Enter a new PIN twice below."),
        ),
        "permission_denied": (
            translate("errors", "Not allowed"),
            translate("errors", "Your role may not do this."),
            translate("errors", "Ask a supervisor to approve it."),
        ),
        "invalid_input": (
            translate("errors", "Please check the input"),
            translate("errors", "Something entered is not valid."),
            translate("errors", "Correct it and try again."),
        ),
        "not_found": (
            translate("errors", "Not found"),
            translate("errors", "The item was not found in this terminal's catalog."),
            translate("errors", "Refresh the list; if it persists, run a sync."),
        ),
        "pricing_error": (
            translate("errors", "Cannot price the cart"),
            translate("errors", "The price could not be worked out (coupon, member number or concession)."),
            translate("errors", "Remove the coupon or change the concession, then try again."),
        ),
        "payment_error": (
            translate("errors", "Payment refused"),
            translate("errors", "The payment was not accepted. Nothing was sold."),
            translate("errors", "Check the amount and the approval reference, then try again."),
        ),
        "store_error": (
            translate("errors", "Could not save"),
            translate("errors", "The terminal could not write its data. Nothing was saved."),
            translate("errors", "Retry; if it persists, call a supervisor (the disk may be full)."),
        ),
        "catalog_invalid": (
            translate("errors", "Catalog problem"),
            translate("errors", "The catalog data is not valid."),
            translate("errors", "Run a sync; if it persists, call a supervisor."),
        ),
        "central_unreachable": (
            translate("errors", "Central not reachable"),
            translate("errors", "The terminal cannot reach the central server. It keeps selling offline."),
            translate("errors", "Check the network cable or Wi-Fi; the terminal syncs again by itself."),
        ),
        "central_rejected": (
            translate("errors", "Central refused the terminal"),
            translate(
                "errors", "The central server refused this terminal's request (its enrolment may be revoked)."
            ),
            translate("errors", "Call a supervisor: the terminal may need to be enrolled again."),
        ),
        "central_failed": (
            translate("errors", "Central server problem"),
            translate("errors", "The central server answered with an error. Nothing was lost here."),
            translate("errors", "The terminal retries by itself; if it persists, call the ticketing office."),
        ),
        "sync_not_possible": (
            translate("errors", "Cannot sync"),
            translate("errors", "The terminal's access key for central is missing."),
            translate("errors", "Call a supervisor to enrol the terminal again. Selling offline goes on."),
        ),
        "no_secret_store": (
            translate("errors", "Cannot sync"),
            translate("errors", "The system keyring holding the terminal's access key is not available."),
            translate("errors", "Call a supervisor: sign in to the desktop session, or enrol again."),
        ),
        "printer_error": (
            translate("errors", "Printing failed"),
            translate("errors", "The tickets could not be printed. The sale is saved."),
            translate("errors", "Check the printer, then press Retry."),
        ),
        "printer_unreachable": (
            translate("errors", "Printer not reachable"),
            translate("errors", "The printer could not be reached; nothing was printed. The sale is saved."),
            translate("errors", "Check the printer is on and its cable is plugged in, then press Retry."),
        ),
        "printer_connection_lost": (
            translate("errors", "Printer connection lost"),
            translate("errors", "The printer stopped answering while printing. The sale is saved."),
            translate("errors", "Check the printer and its cable, then press Retry."),
        ),
        "printer_not_ready": (
            translate("errors", "Printer not ready"),
            translate(
                "errors",
                "The printer cannot print now (paper out, cover open or offline). The sale is saved.",
            ),
            translate("errors", "Load paper or close the cover, then press Retry."),
        ),
        "printer_profile_invalid": (
            translate("errors", "Printer settings wrong"),
            translate(
                "errors", "The printer's settings are not valid; nothing was printed. The sale is saved."
            ),
            translate("errors", "Ask a supervisor to correct the printer settings, then press Retry."),
        ),
        "font_missing": (
            translate("errors", "Printing font missing"),
            translate(
                "errors", "The font for Chinese tickets is missing; nothing was printed. The sale is saved."
            ),
            translate("errors", "Call a supervisor to repair the installation."),
        ),
        "print_refused": (
            translate("errors", "Cannot print"),
            translate("errors", "These tickets cannot be printed this way."),
            translate("errors", "A lost or spoiled ticket is reprinted by a supervisor."),
        ),
        "no_open_shift": (
            translate("errors", "No shift is open"),
            translate("errors", "Selling needs an open shift on this drawer. Nothing was sold."),
            translate("errors", "Open a shift (Alt+4) with the counted float, then sell again."),
        ),
        "no_shift_for_cash": (
            translate("errors", "No shift is open for this cash"),
            translate(
                "errors",
                "This refund or exchange gives or takes cash, but no shift is open. Nothing was changed.",
            ),
            translate("errors", "Open a shift (Alt+4) with the counted float, then do it again."),
        ),
        "shift_refused": (
            translate("errors", "Cannot do that with the shift"),
            translate("errors", "The shift or the drawer does not allow this now."),
            translate("errors", "Check the shift's state in Shift & close-out, or call a supervisor."),
        ),
        "closeout_refused": (
            translate("errors", "Cannot close the day"),
            translate("errors", "The daily close-out cannot run now (a shift may still be open)."),
            translate("errors", "Close every shift first, then run the close-out again."),
        ),
        "reversal_refused": (
            translate("errors", "Cannot refund or void"),
            translate("errors", "This order or ticket cannot be given back now. Nothing was changed."),
            translate("errors", "Check the order; a supervisor can tell what is still possible."),
        ),
        "ticket_scanned": (
            translate("errors", "Ticket already used"),
            translate("errors", "The ticket was scanned at the door, so it cannot be refunded or exchanged."),
            translate("errors", "Call a supervisor if the customer disputes the admission."),
        ),
        "refund_window_closed": (
            translate("errors", "Refund window closed"),
            translate("errors", "This event's refund window has closed. Nothing was refunded."),
            translate("errors", "A supervisor may approve a late refund with their PIN."),
        ),
        "already_collected": (
            translate("errors", "Already collected"),
            translate("errors", "This online order's tickets were handed out already."),
            translate("errors", "Check when and where on the screen; call a supervisor if it is disputed."),
        ),
        "pickup_offline": (
            translate("errors", "Pickup not possible offline"),
            translate("errors", "Central is not reachable and this order was not sent here for pickup."),
            translate("errors", "Ask the customer to wait or come back when the terminal is online."),
        ),
        "pickup_refused": (
            translate("errors", "Pickup refused"),
            translate("errors", "Central refused to hand out this order here."),
            translate("errors", "Check the code and the outlet on the order; call a supervisor."),
        ),
    }
    return table.get(code)


def _not_sellable(reason: str) -> tuple[str, str, str]:
    title = translate("errors", "Cannot sell")
    reasons = {
        "sold": (
            translate("errors", "A seat in the cart has just been sold."),
            translate("errors", "Remove it from the cart and pick another seat."),
        ),
        "blocked": (
            translate("errors", "A seat in the cart is blocked."),
            translate("errors", "Pick another seat."),
        ),
        "not_allocated": (
            translate(
                "errors", "This seat or area is not allocated to this outlet and cannot be sold offline."
            ),
            translate("errors", "Pick a seat of our allocation, or sell it once the terminal is online."),
        ),
        "not_leased": (
            translate(
                "errors", "This seat or these places are not leased to this terminal and cannot be sold offline."
            ),
            translate("errors", "Pick a seat shown as available, or sell it once the terminal is online."),
        ),
        "leased_elsewhere": (
            translate("errors", "Another terminal of this outlet holds this seat for offline sale."),
            translate("errors", "Pick another seat, or sell it at that terminal."),
        ),
        "quota_exhausted": (
            translate("errors", "This outlet's quota for the standing area is used up."),
            translate("errors", "Lower the quantity or choose another area."),
        ),
        "cancelled": (
            translate("errors", "This performance is cancelled."),
            translate("errors", "Choose another performance."),
        ),
        "not_open": (
            translate("errors", "Sales for this performance have not opened yet."),
            translate("errors", "Choose another performance."),
        ),
        "closed": (
            translate("errors", "Sales for this performance have closed."),
            translate("errors", "Choose another performance."),
        ),
        "channel": (
            translate("errors", "This outlet may not sell this performance."),
            translate("errors", "Choose another performance."),
        ),
        "offline_sale_cap": (
            translate("errors", "Offline, one sale may not be this large."),
            translate("errors", "Split the order, or wait until the terminal is online."),
        ),
        "offline_total_cap": (
            translate("errors", "The offline sales limit has been reached."),
            translate("errors", "Wait until the terminal is online, or call a supervisor."),
        ),
        "other": (
            translate("errors", "A seat in the cart is allocated to another outlet."),
            translate("errors", "Pick another seat."),
        ),
        "hold_expired": (
            translate("errors", "The hold on these seats has expired. Nothing was charged."),
            translate("errors", "Add the seats to the cart again to hold them anew."),
        ),
        "hold_used": (
            translate("errors", "This hold was already used by a sale."),
            translate("errors", "Add the seats to the cart again to hold them anew."),
        ),
        "no_hold": (
            translate("errors", "A seat in the cart is not covered by the hold."),
            translate("errors", "Add the seats to the cart again to hold them."),
        ),
        "online_cart": (
            translate("errors", "Online, one sale holds either seats or one standing area."),
            translate("errors", "Pay for this cart first, then sell the rest as a second sale."),
        ),
        "offline_too_long": (
            translate("errors", "The terminal has been offline too long to sell."),
            translate("errors", "Check the network; selling resumes when central is reachable."),
        ),
    }
    text, step = reasons.get(
        reason,
        (
            translate("errors", "This cannot be sold now."),
            translate("errors", "Change the cart and try again."),
        ),
    )
    return title, text, step


def describe(exc: BaseException) -> UserMessage:
    if isinstance(exc, PosError):
        reason = str(exc.details.get("reason", ""))
        if isinstance(exc, NotSellable):  # seat_taken too: a hold central refused
            title, text, step = _not_sellable(reason)
            if reason in PARTNER_REFUSALS:  # issue 24: the contract and the credit, with the core's figures
                text, step = PARTNER_REFUSALS[reason](exc.details)
        elif exc.code == "invalid_input" and reason in _INVALID:
            title = translate("errors", "Please check the input")
            text, step = _INVALID[reason]()
        elif exc.code == "payment_error" and reason in _PAYMENT:
            title = translate("errors", "Payment refused")
            text, step = _PAYMENT[reason]()
        elif exc.code == "pricing_error" and reason in _PRICING:
            title = translate("errors", "Cannot price the cart")
            text, step = _PRICING[reason]()
            text = text.replace("%1", str(exc.details.get("coupon", exc.details.get("limit", ""))))
        else:
            found = _by_code(exc.code)
            if found is None and exc.code.startswith("store"):
                found = _by_code("store_error")
            title, text, step = found or (
                translate("errors", "Cannot do that"),
                translate("errors", "The request was refused."),
                "",
            )
        return UserMessage(title, text, step, exc.message, exc.code)
    log.error("unexpected error shown to the user", exc_info=exc)
    return UserMessage(
        translate("errors", "Unexpected error"),
        translate("errors", "Something went wrong inside the app. It was written to the log."),
        translate("errors", "Try again; if it happens again, call a supervisor."),
        type(exc).__name__,
        "internal",
    )


def show_error(parent: QWidget | None, exc: BaseException, *, retry: bool = False) -> QMessageBox:
    """A window-modal message box, opened without blocking (tests and the event loop go on).
    With ``retry``, it has a Retry button: the caller connects to its ``accepted``/``finished``."""
    msg = describe(exc)
    box = QMessageBox(parent)
    box.setObjectName("errorDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(msg.title)
    box.setText(msg.text)
    box.setInformativeText(msg.next_step)
    box.setDetailedText(msg.detail)
    box.setProperty("errorCode", msg.code)
    if retry:
        box.setStandardButtons(QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Close)
        box.setDefaultButton(QMessageBox.StandardButton.Retry)
    else:
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
