"""The first-run wizard (:mod:`ui.firstrun.wizard`, its pages in :mod:`.enrolment` and
:mod:`.ready`) and what the app does around its main window for field operations
(:mod:`ui.firstrun.launch`). Nothing is imported here, so that a normal start does not load
the wizard. The pages may use the core, ``sync`` and ``printing`` (lazily, at the step that
needs them) and :mod:`ui.application`; never :mod:`ui.app`, which starts them."""
