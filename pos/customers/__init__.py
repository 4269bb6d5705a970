"""Customers at the counter (issue 22): the customer's phone entered at a sale, and the
notes (complaints, requests) a clerk records for central's customer service. The look-up of
a customer's orders is online only (``sync.customers``)."""
