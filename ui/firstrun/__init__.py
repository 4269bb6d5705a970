"""The first-run wizard (:mod:`ui.firstrun.wizard`) and what the app does around its main
window for field operations (:mod:`ui.firstrun.launch`). Nothing is imported here, so that
a normal start does not load the wizard."""
