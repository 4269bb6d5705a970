"""User-facing errors of the core, typed so that the CLI and UI can translate them.

Each error has a stable ``code`` (for --json output, translations and tests) and a
message in plain English; the UI maps codes to translated text. Every error of the core is
declared here, so that the codes to translate are in one list; the domain modules that raise
them also export them (``pos.cash.shifts.NoOpenShift``).
"""

from __future__ import annotations


class PosError(Exception):
    """Base of every error the core reports to a person. Never a bug."""

    code = "error"

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def to_dict(self) -> dict[str, object]:
        return {"error": self.code, "message": self.message, **{k: str(v) for k, v in self.details.items()}}


class InvalidInput(PosError):
    code = "invalid_input"


class NotFound(PosError):
    code = "not_found"


class StoreError(PosError):
    code = "store_error"


class StoreTooNew(StoreError):
    code = "store_too_new"


class StoreNotInitialised(StoreError):
    code = "store_not_initialised"


class DiskFull(StoreError):
    """The disk under the data folder is full: nothing was written."""

    code = "disk_full"


class StoreReadOnly(StoreError):
    """The data folder (or its disk) cannot be written: nothing was written."""

    code = "store_read_only"


class CatalogError(PosError):
    code = "catalog_invalid"


class NotSellable(PosError):
    """A seat or quantity cannot be sold now; ``reason`` says why."""

    code = "not_sellable"


class SeatTaken(NotSellable):
    """Central refused the hold: a seat in the cart is sold or held elsewhere. Nothing was
    charged and no ticket was issued."""

    code = "seat_taken"


class HoldUnavailable(PosError):
    """Central could not be asked for a hold (no answer). The selling path decides whether
    the offline policy may sell the cart instead."""

    code = "hold_unavailable"


class PricingError(PosError):
    code = "pricing_error"


class PaymentError(PosError):
    code = "payment_error"


class AuthError(PosError):
    code = "auth_failed"


class LockedOut(AuthError):
    code = "locked_out"


class StaffInactive(AuthError):
    """The PIN was right, but a supervisor deactivated this person."""

    code = "staff_inactive"


class PinChangeRequired(AuthError):
    """The PIN was right, but its owner must choose a new one before anything else (a
    supervisor reset it, or a supervisor's PIN is shorter than the rule)."""

    code = "pin_change_required"


class PermissionDenied(PosError):
    code = "permission_denied"


class TicketCodeError(PosError):
    """A ticket code was rejected. ``reason`` is one of: unreadable, unknown_key,
    bad_signature, wrong_version, training_ticket."""

    code = "ticket_rejected"

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message, reason=reason)
        self.reason = reason


class JournalCorrupt(PosError):
    code = "journal_corrupt"

    def __init__(self, message: str, *, seq: int | None) -> None:
        super().__init__(message, seq=seq)
        self.seq = seq


class PrintRefused(PosError):
    """A print, retry or reprint that the rules do not allow; the message says what to do."""

    code = "print_refused"


class ReversalRefused(PosError):
    code = "reversal_refused"


class TicketScanned(ReversalRefused):
    """A ticket was admitted at the door: it cannot be refunded, exchanged or voided."""

    code = "ticket_scanned"


class RefundWindowClosed(ReversalRefused):
    """The event's refund window has closed; a supervisor's approval can open it."""

    code = "refund_window_closed"


class ShiftRefused(PosError):
    """A shift action that cannot be done now (already open, already closed…)."""

    code = "shift_refused"


class NoOpenShift(ShiftRefused):
    code = "no_open_shift"


class NoShiftForCash(NoOpenShift):
    """A refund, void or exchange would move cash with no shift open on the drawer."""

    code = "no_shift_for_cash"


class CloseoutRefused(PosError):
    code = "closeout_refused"


class AlreadyCollected(PosError):
    """The order was handed out before; the message says when and where."""

    code = "already_collected"


class PickupUnavailable(PosError):
    """Central cannot be asked and this outlet has no copy of the order."""

    code = "pickup_offline"


class TrainingRefused(PosError):
    """Training mode cannot be switched as asked (not a supervisor, already on or off, ...)."""

    code = "training_refused"


class BackupError(PosError):
    code = "backup_failed"


class RestoreRefused(PosError):
    """The restore would lose something (unsynced orders, another terminal's data)."""

    code = "restore_refused"
