"""Staff, PINs and permissions: the one place that says who may do what (invariant 7).
Uses only the store."""
