"""Door terminals sharing scans: with each other over the local network (:mod:`.peers`),
and with central (:mod:`.central`) when it is reachable."""
