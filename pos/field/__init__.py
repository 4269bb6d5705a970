"""Keeping a terminal alive in the field: its data folder, backups and restore, and the local
checks of ``pos doctor``. Uses the store and the terminal."""
