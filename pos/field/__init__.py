"""Keeping a terminal alive in the field: its data folder, backups (:mod:`.backup`, checked by
:mod:`.backupfile`) and restore (:mod:`.restore`), and the local checks of ``pos doctor``.
Uses the store, the journal (a backup's chain is verified) and the terminal."""
