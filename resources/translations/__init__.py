"""Qt translations of the counter app (``.ts`` sources, ``.qm`` built by ``build.py``)."""
