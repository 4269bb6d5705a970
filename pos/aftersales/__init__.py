"""After-sales: refunds, voids and exchanges of orders sold here, the refund policy, and the
order lookup they start from. Uses the store, staff (approvals), cash (drawer moves), sales
(for an exchange's new tickets) and tickets."""
