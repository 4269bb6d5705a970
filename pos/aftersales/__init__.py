"""After-sales: refunds, voids and exchanges of orders sold here (:mod:`.reversal`,
:mod:`.exchange`, the steps they share in :mod:`.steps`), the refund policy and the order
lookup they start from. Uses the store, the journal and outbox, staff (approvals), cash (the
drawer's shift and the tenders), sales (an exchange's new tickets) and tickets."""
