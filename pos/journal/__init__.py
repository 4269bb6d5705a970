"""What happened and what must be told: the hash-chained journal (invariant 5) and the outbox
of messages for central, both written in their cause's transaction. Uses only the store."""
