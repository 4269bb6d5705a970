"""Staff, PINs and permissions: the one place that says who may do what (invariant 7).
Uses the store and the journal (new staff, lock-outs and overrides are journaled)."""
