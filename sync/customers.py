"""Customer look-up for service (issue 22), online only: central alone has every channel's
orders. What the counter can open from the result: its own terminal's orders (refund,
exchange: the Orders screen) and online orders (pickup: by order number and the phone's last
four digits, which the clerk has from the customer)."""

from __future__ import annotations

from dataclasses import dataclass

from pos.customers.phone import mobile_number
from pos.errors import InvalidInput, NotFound, PosError
from pos.store import sql
from pos.store.db import Store
from pos.terminal import connectivity
from sync.protocol.customers import CustomerLookup, CustomerLookupReply, CustomerOrder
from sync.transport import CentralClient, CentralRejected, CentralUnreachable


class CustomerLookupUnavailable(PosError):
    """No central to ask: a look-up is online only."""

    code = "customer_lookup_offline"


class CustomerLookupRefused(PosError):
    """Central refused the look-up (``reason``: ``customer_lookup_throttled`` …)."""

    code = "customer_lookup_refused"


@dataclass(frozen=True, slots=True)
class FoundCustomer:
    phone: str  # as the clerk typed it, normalised ("" for a look-up by member number)
    reply: CustomerLookupReply
    local_orders: frozenset[str]  # ids of the orders this terminal's store holds (refund, exchange)

    def openable(self, order: CustomerOrder) -> str:
        """What the counter can do with an order: ``local`` (Orders screen), ``pickup`` (an
        online order not collected yet) or "" (another terminal's order: its outlet serves it)."""
        if str(order.order_id) in self.local_orders:
            return "local"
        if order.channel == "online" and not order.collected:
            return "pickup"
        return ""

    @property
    def phone_last4(self) -> str:
        """What a pickup by order number asks for (central shows the last four digits)."""
        return self.reply.phone_masked[-4:]


def find_customer(
    store: Store, client: CentralClient | None, *, phone: str | None = None, member_number: str | None = None
) -> FoundCustomer:
    """Ask central for the customer's recent orders and notes; PosError when it cannot."""
    if (phone is None) == (member_number is None):
        raise InvalidInput("look a customer up by phone or by member number")
    digits = mobile_number(phone) if phone is not None else ""
    if client is None:
        raise CustomerLookupUnavailable("customer look-up needs central: this terminal is not enrolled")
    try:
        req = CustomerLookup(phone=digits or None, member_number=member_number)
    except ValueError:
        raise InvalidInput(
            "a member number is 3 to 20 letters, digits or dashes", reason="bad_member"
        ) from None
    try:
        reply = client.post("/customers/lookup", req, CustomerLookupReply)
    except CentralUnreachable as exc:
        connectivity.record_offline(store, reason=exc.message)
        raise CustomerLookupUnavailable(
            "central cannot be reached: customer look-up is online only"
        ) from None
    except CentralRejected as exc:
        if exc.reason in ("customer_not_found", "unknown_member"):
            raise NotFound(exc.message.split(": ", 1)[-1], reason=exc.reason) from None
        raise CustomerLookupRefused(exc.message.split(": ", 1)[-1], reason=exc.reason) from None
    ids = [str(o.order_id) for o in reply.orders]
    with store.read() as session:
        local = (
            {
                r.id
                for r in sql.rows(
                    session, f"SELECT id FROM sale_order WHERE id IN ({','.join('?' * len(ids))})", *ids
                )
            }
            if ids
            else set()
        )
    return FoundCustomer(phone=digits, reply=reply, local_orders=frozenset(local))
