"""The catalog cache: events, performances, venues and prices as central publishes them.
Loading the feed (:mod:`.feed`, :mod:`.venues`, :mod:`.writes`), reading it back
(:mod:`.cache`), the seat map (:mod:`.seatmap`) and what a performance offers beside seats
(:mod:`.offer`). Uses the store and the journal (an import is journaled)."""
