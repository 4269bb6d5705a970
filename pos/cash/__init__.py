"""Cash and the day: tenders, shifts and the drawer, the Z-report and the close-out. Uses the
store, staff (approvals) and the journal."""
