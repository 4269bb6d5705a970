"""Who this terminal is (id, outlet, language, ticket-signing key) and how it sees central
(online or offline, the offline caps). Uses the store, the journal and tickets."""
