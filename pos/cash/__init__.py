"""Cash and the day: tenders, the drawer and its shifts (:mod:`.drawer`, :mod:`.shifts`), cash
moved with no sale (:mod:`.movements`), and the Z-report (:mod:`.zreport` its data,
:mod:`.figures` its computation) and the daily close-out (:mod:`.closeout`). Uses the store,
the journal and outbox, and staff (approvals)."""
