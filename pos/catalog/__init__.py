"""The catalog cache: events, performances, venues and prices as central publishes them, and the
seat map read from it. Uses only the store."""
