"""Pickup of online orders at the counter (取票): find, hand out, and what the printer needs.
Uses the store, the journal and outbox, staff and tickets (codes and the printable view)."""
